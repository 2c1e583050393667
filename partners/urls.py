from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.organization_list_view, name="list"),
    path("<slug:slug>/", views.organization_detail_view, name="detail"),
]
