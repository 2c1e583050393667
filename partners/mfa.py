"""Staff features require two-factor authentication (TOTP).

Cluster staff and consortium admins edit other people's data, so a stolen password must not be
enough. Every staff view is wrapped in `staff_mfa_required`; the Django admin is wrapped by
`secure_admin_site` so that its login goes through allauth (rate limits, MFA) as well.
"""

from collections.abc import Callable
from functools import wraps

from allauth.account.decorators import secure_admin_login
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.admin import AdminSite
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from accounts.models import User

from .roles import roles_of

# Where to send a staff user back to once TOTP is set up (shown on the MFA pages).
MFA_NEXT_SESSION_KEY = "wlscc_mfa_next"
View = Callable[..., HttpResponse]
MESSAGE_MFA_REQUIRED = _(
    "Staff features need two-factor authentication. Set up an authenticator app to continue."
)


def is_staff_user(user: User | AnonymousUser) -> bool:
    """Cluster staff of any cluster, or a consortium admin."""
    roles = roles_of(user)
    return roles.is_consortium_admin or roles.is_cluster_staff


# Set by `totp_prime` on a user loaded with `has_totp_subquery`.
_TOTP_ATTR = "_wlscc_has_totp"


def has_totp(user: User) -> bool:
    primed = getattr(user, _TOTP_ATTR, None)
    if primed is not None:
        return primed
    return is_mfa_enabled(user, [Authenticator.Type.TOTP])


def has_totp_subquery(user_ref: str) -> Exists:
    """`has_totp` of the user another query's `user_ref` column points to, as a column of that
    query (allauth's own test: an authenticator of that type), for `totp_prime`."""
    return Exists(
        Authenticator.objects.filter(user_id=OuterRef(user_ref), type=Authenticator.Type.TOTP)
    )


def totp_prime(user: User, value: bool) -> None:
    """Memoise what `has_totp_subquery` read, for the rest of the request (the user object)."""
    setattr(user, _TOTP_ATTR, value)


def needs_mfa_setup(user: User | AnonymousUser) -> bool:
    return is_staff_user(user) and not has_totp(user)


def mfa_setup_redirect(request: HttpRequest) -> HttpResponse:
    if request.method in ("GET", "HEAD"):
        request.session[MFA_NEXT_SESSION_KEY] = request.get_full_path()
    messages.warning(request, MESSAGE_MFA_REQUIRED)
    return redirect("mfa_activate_totp")


def staff_mfa_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Send staff users without TOTP to allauth's activation page; others pass through.

    Put it after `login_required`: anonymous users are left to the login redirect, and people
    who are not staff are left to the view's own permission check.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated and needs_mfa_setup(request.user):
            return mfa_setup_redirect(request)
        request.session.pop(MFA_NEXT_SESSION_KEY, None)
        return view(request, *args, **kwargs)

    return wrapper


def signed_in_view(*methods: str) -> Callable[[View], View]:
    """The decorators of a view for signed-in people that staff may reach: `login_required`,
    then `staff_mfa_required`, then only the HTTP `methods` (405 for the others)."""

    def decorate(view: View) -> View:
        return login_required(staff_mfa_required(require_http_methods(list(methods))(view)))

    return decorate


def head_as_get(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run a HEAD request through `view` as the GET it stands for.

    For views that test `request.method == "GET"` themselves (Django's admin login sends
    signed-in staff on only for GET, so HEAD rendered the form). The method is restored before
    the response goes back, so the body is still dropped.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "HEAD":
            return view(request, *args, **kwargs)
        request.method = "GET"
        try:
            return view(request, *args, **kwargs)
        finally:
            request.method = "HEAD"

    return wrapper


def secure_admin_site(site: AdminSite) -> None:
    """The admin logs in through allauth and, like every staff page, requires TOTP."""
    site.login = head_as_get(secure_admin_login(site.login))
    admin_view = site.admin_view

    def mfa_admin_view(view, cacheable=False):
        return staff_mfa_required(admin_view(view, cacheable))

    site.admin_view = mfa_admin_view
