from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("", views.stats_view, name="index"),
    path("<slug:table>.csv", views.stats_csv_view, name="csv"),
]
