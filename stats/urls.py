from django.urls import path

from . import views, views_events, views_kpi

app_name = "stats"

urlpatterns = [
    path("", views.stats_view, name="index"),
    path("<slug:table>.csv", views.stats_csv_view, name="csv"),
    path("cluster/", views_kpi.cluster_kpi_view, name="cluster"),
    path(
        "cluster/members.<slug:fmt>", views_kpi.cluster_kpi_download_view, name="cluster_download"
    ),
    path("consortium/", views_kpi.consortium_kpi_view, name="consortium"),
    path("events/<slug:slug>/", views_events.event_figures_view, name="event_figures"),
    path(
        "events/<slug:slug>/figures.<slug:fmt>",
        views_events.event_figures_download_view,
        name="event_figures_download",
    ),
]
