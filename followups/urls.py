from django.urls import path

from . import views

app_name = "followups"

urlpatterns = [
    path("<int:interest_id>/", views.follow_up_detail_view, name="detail"),
    path("<int:interest_id>/advance/", views.follow_up_advance_view, name="advance"),
    path("<int:interest_id>/correct/", views.follow_up_correct_view, name="correct"),
    path("<int:interest_id>/dispute/", views.follow_up_dispute_view, name="dispute"),
    path("<int:interest_id>/settle/", views.follow_up_settle_view, name="settle"),
    path("answer/<str:token>/", views.answer_view, name="answer"),
    path("feedback/<int:opportunity_id>/", views.feedback_create_view, name="feedback"),
]
