from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("alerts/", views.alert_list_view, name="alerts"),
    path("alerts/new/", views.alert_create_view, name="alert_create"),
    path("alerts/from-search/", views.alert_from_search_view, name="alert_from_search"),
    path("alerts/<int:pk>/edit/", views.alert_edit_view, name="alert_edit"),
    path("alerts/<int:pk>/delete/", views.alert_delete_view, name="alert_delete"),
]
