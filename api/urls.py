from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import views, views_docs, views_manage

app_name = "api"

router = SimpleRouter()
router.register("clusters", views.ClusterViewSet, basename="cluster")
router.register("technology-areas", views.TechnologyAreaViewSet, basename="technology-area")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("opportunities", views.OpportunityViewSet, basename="opportunity")
router.register("interests", views.InterestViewSet, basename="interest")
router.register("events", views.EventViewSet, basename="event")
router.register("meetings", views.MeetingViewSet, basename="meeting")

urlpatterns = [
    path("v1/", include(router.urls)),
    # Anything else under v1/ is a problem+json 404 too (not the portal's HTML page).
    re_path(r"^v1/", views.NotFoundView.as_view(), name="not_found"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views_docs.api_docs_view, name="docs"),
    path(
        "integrations/organizations/<slug:slug>/",
        views_manage.organization_integrations_view,
        name="integrations_organization",
    ),
    path(
        "integrations/clusters/<slug:slug>/",
        views_manage.cluster_integrations_view,
        name="integrations_cluster",
    ),
    path("integrations/keys/<int:pk>/revoke/", views_manage.key_revoke_view, name="key_revoke"),
    path(
        "integrations/webhooks/<int:pk>/", views_manage.webhook_detail_view, name="webhook_detail"
    ),
]
