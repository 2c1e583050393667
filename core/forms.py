"""How a service's refusal reaches the user: on the form, or as a message."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext


def attach_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's `ValidationError` on the form: each error keyed by a field the form has
    goes to that field, everything else to the form as a whole."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def error_text(error: ValidationError | PermissionDenied) -> str:
    """The refusal as one line, for a message or an admin notice."""
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    return str(error) or gettext("You are not allowed to do this.")


def call_service(request: HttpRequest, call: Callable[[], Any], *, success: str) -> bool:
    """Run a service for a button (a POST without a form to show again): its refusal becomes
    an error message, otherwise `success` is shown. Returns whether the service ran."""
    try:
        call()
    except ValidationError as error:
        messages.error(request, error_text(error))
        return False
    messages.success(request, success)
    return True
