"""A person's own pages, named `accounts:` together with `partners.account_urls` (the pages
that need memberships) in wlscc/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("profile/", views.profile_view, name="profile"),
    path("profile/delete/", views.delete_view, name="delete"),
]
