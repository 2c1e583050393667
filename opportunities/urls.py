from django.urls import path

from . import views

app_name = "opportunities"

urlpatterns = [
    path("", views.opportunity_list_view, name="list"),
    path("new/", views.opportunity_create_view, name="create"),
    path("<int:pk>/", views.opportunity_detail_view, name="detail"),
    path("<int:pk>/edit/", views.opportunity_edit_view, name="edit"),
    path("<int:pk>/submit/", views.opportunity_submit_view, name="submit"),
    path("<int:pk>/review/", views.opportunity_review_view, name="review"),
    path("<int:pk>/renew/", views.opportunity_renew_view, name="renew"),
    path("<int:pk>/close/", views.opportunity_close_view, name="close"),
    path("<int:pk>/interest/", views.interest_create_view, name="interest"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download_view,
        name="attachment",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/delete/",
        views.attachment_delete_view,
        name="attachment_delete",
    ),
    path("interests/<int:pk>/answer/", views.interest_answer_view, name="answer"),
]
