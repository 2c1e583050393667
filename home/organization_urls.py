"""An organization's profile page; named `partners:detail` with partners.urls (see
wlscc/urls.py)."""

from django.urls import path

from . import organization_views

urlpatterns = [
    path("<slug:slug>/", organization_views.organization_detail_view, name="detail"),
]
