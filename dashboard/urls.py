from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard_view, name="home"),
    path("<slug:name>/", views.dashboard_list_view, name="list"),
]
