"""The directory's pages, named `partners:` together with `home.organization_views` (the
profile page) in wlscc/urls.py."""

from django.urls import path

from . import views, views_edit

urlpatterns = [
    path("", views.organization_list_view, name="list"),
    path("new/", views_edit.organization_create_view, name="create"),
    path("<slug:slug>/edit/", views_edit.organization_edit_view, name="edit"),
    path("<slug:slug>/verify/", views_edit.organization_verify_view, name="verify"),
    path("<slug:slug>/history/", views_edit.organization_history_view, name="history"),
    path("<slug:slug>/members/", views_edit.organization_members_view, name="members"),
    path(
        "<slug:slug>/members/<int:pk>/remove/",
        views_edit.membership_remove_view,
        name="membership_remove",
    ),
    path("<slug:slug>/invitations/", views_edit.invitation_create_view, name="invite"),
    path(
        "<slug:slug>/invitations/<int:pk>/revoke/",
        views_edit.invitation_revoke_view,
        name="invitation_revoke",
    ),
    path("<slug:slug>/join/", views_edit.join_request_create_view, name="join"),
    path(
        "<slug:slug>/join-requests/<int:pk>/",
        views_edit.join_request_decide_view,
        name="join_request_decide",
    ),
]
