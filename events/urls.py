from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list_view, name="list"),
    path("new/", views.event_create_view, name="create"),
    path("<slug:slug>/", views.event_detail_view, name="detail"),
    path("<slug:slug>/edit/", views.event_edit_view, name="edit"),
    path("<slug:slug>/manage/", views.event_manage_view, name="manage"),
    path("<slug:slug>/publish/", views.event_publish_view, name="publish"),
    path("<slug:slug>/close/", views.event_close_view, name="close"),
    path("<slug:slug>/register/", views.register_view, name="register"),
    path(
        "<slug:slug>/registrations/<int:pk>/edit/",
        views.registration_edit_view,
        name="registration_edit",
    ),
    path(
        "<slug:slug>/registrations/<int:pk>/decide/",
        views.registration_decide_view,
        name="registration_decide",
    ),
    path("<slug:slug>/participants/", views.participant_list_view, name="participants"),
    path("<slug:slug>/participants/<int:pk>/", views.participant_detail_view, name="participant"),
    path("<slug:slug>/requests/", views.request_list_view, name="requests"),
    path("<slug:slug>/requests/<int:pk>/", views.request_detail_view, name="request"),
    path("<slug:slug>/agenda/", views.agenda_view, name="agenda"),
    path("<slug:slug>/agenda.ics", views.agenda_feed_view, name="agenda_ics"),
    path("<slug:slug>/meetings/<int:pk>.ics", views.meeting_ics_view, name="meeting_ics"),
    path("<slug:slug>/meetings/<int:pk>/cancel/", views.meeting_cancel_view, name="meeting_cancel"),
    path("<slug:slug>/schedule/", views.schedule_view, name="schedule"),
    path(
        "<slug:slug>/schedule/<int:pk>/publish/",
        views.schedule_publish_view,
        name="schedule_publish",
    ),
    path("<slug:slug>/meetings/<int:pk>/lock/", views.meeting_lock_view, name="meeting_lock"),
    path(
        "<slug:slug>/meetings/<int:pk>/outcome/",
        views.meeting_outcome_view,
        name="meeting_outcome",
    ),
    path(
        "<slug:slug>/meetings/<int:pk>/feedback/",
        views.meeting_feedback_view,
        name="meeting_feedback",
    ),
    path("<slug:slug>/day/", views.day_view, name="day"),
    path("<slug:slug>/registrations/<int:pk>/check-in/", views.check_in_view, name="check_in"),
]
