from django.urls import path

from . import views

app_name = "notifications"

# The same paths as when these lived in the matching app: links already mailed keep working.
urlpatterns = [
    path("notifications/", views.notification_list_view, name="list"),
    path("notifications/read-all/", views.notifications_read_all_view, name="read_all"),
    path("notifications/preferences/", views.preferences_view, name="preferences"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
    path("notifications/<int:pk>/", views.notification_open_view, name="open"),
    path("notifications/<int:pk>/read/", views.notification_read_view, name="read"),
]
