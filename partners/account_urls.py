"""A person's own pages that need memberships; named `accounts:` with accounts.urls
(see wlscc/urls.py)."""

from django.urls import path

from . import account_views

urlpatterns = [
    path("profile/export/", account_views.export_view, name="export"),
    path(
        "invitations/<str:token>/",
        account_views.invitation_accept_view,
        name="invitation_accept",
    ),
]
