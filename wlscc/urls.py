from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from accounts.mfa import secure_admin_site
from core import views as core_views

# The admin logs in through allauth (rate limits, MFA) and requires TOTP like every staff page.
secure_admin_site(admin.site)

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("clusters/", include("clusters.urls")),
    path("organizations/", include("partners.urls")),
    path("opportunities/", include("opportunities.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("stats/", include("stats.urls")),
    path("", include("matching.urls")),
    path("", include("notifications.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
