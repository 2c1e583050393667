from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile_view, name="profile"),
    path("profile/export/", views.export_view, name="export"),
    path("profile/delete/", views.delete_view, name="delete"),
    path("invitations/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
]
