"""The cluster pages keep their `clusters:` names; they live here because they show
organizations and opportunities, which sit above clusters."""

from django.urls import path

from . import cluster_edit_views, cluster_views

app_name = "clusters"

urlpatterns = [
    path("", cluster_views.cluster_list_view, name="list"),
    path("<slug:slug>/", cluster_views.cluster_detail_view, name="detail"),
    path("<slug:slug>/edit/", cluster_edit_views.cluster_edit_view, name="edit"),
]
