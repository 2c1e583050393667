from django.urls import path

from . import views, views_edit

app_name = "clusters"

urlpatterns = [
    path("", views.cluster_list_view, name="list"),
    path("<slug:slug>/", views.cluster_detail_view, name="detail"),
    path("<slug:slug>/edit/", views_edit.cluster_edit_view, name="edit"),
]
