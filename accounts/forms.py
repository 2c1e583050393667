from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User

MESSAGE_WRONG_PASSWORD = _("This is not your current password.")


class ProfileForm(forms.ModelForm):
    """What a person may change about themselves. E-mail and password have allauth pages."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "job_title", "phone", "language"]


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Type your password to confirm. This cannot be undone."),
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(MESSAGE_WRONG_PASSWORD, code="wrong_password")
        return password
