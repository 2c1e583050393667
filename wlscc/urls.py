from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from accounts import urls as account_urls
from home import organization_urls
from home import views as home_views
from partners import account_urls as membership_account_urls
from partners import urls as partner_urls
from partners.mfa import secure_admin_site
from wlscc import views as wlscc_views

# `accounts:` and `partners:` are served by two layers each: a page that needs a higher app
# lives there (README "Architecture").

# The admin logs in through allauth (rate limits, MFA) and requires TOTP like every staff page.
secure_admin_site(admin.site)

urlpatterns = [
    path("", home_views.home, name="home"),
    path("healthz", wlscc_views.healthz, name="healthz"),
    # Django's URL, the portal's view: visitors choose the language with a GET (no CSRF token).
    path("i18n/setlang/", wlscc_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    # A person's own pages: those that need memberships are served by partners.
    path(
        "accounts/",
        include(([*account_urls.urlpatterns, *membership_account_urls.urlpatterns], "accounts")),
    ),
    path("accounts/", include("allauth.urls")),
    path("clusters/", include("home.cluster_urls")),
    # The directory; the profile page shows contacts that introductions open, so home serves it.
    path(
        "organizations/",
        include(([*partner_urls.urlpatterns, *organization_urls.urlpatterns], "partners")),
    ),
    path("opportunities/", include("opportunities.urls")),
    path("events/", include("events.urls")),
    path("follow-ups/", include("followups.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("stats/", include("stats.urls")),
    path("api/", include("api.urls")),
    path("", include("matching.urls")),
    path("", include("notifications.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "wlscc.views.bad_request"
