"""`make run` without DATABASE_URL: the demo on SQLite migrates, seeds and serves every main page.

The rest of the suite runs on Postgres; this guards the zero-setup path a newcomer takes, in a
subprocess with the dev settings and a scratch SQLite file.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PAGE_CHECK = """
from django.test import Client
from accounts.models import User
from opportunities.models import Opportunity
from partners.models import Membership, Organization

visitor = Client(HTTP_HOST="127.0.0.1")
member = Client(HTTP_HOST="127.0.0.1")
member.force_login(User.objects.get(pk=Membership.objects.filter(role="admin").first().user_id))
organization = Organization.objects.filter(is_verified=True).first()
opportunity = Opportunity.objects.filter(status="published").first()
pages = [
    "/", "/clusters/", "/clusters/china-medical-city/", "/organizations/",
    "/organizations/?q=diagnostics&kind=company", f"/organizations/{organization.slug}/",
    "/opportunities/", "/opportunities/?q=antibody&sort=closing",
    f"/opportunities/{opportunity.pk}/",
    "/stats/", "/accounts/login/", "/healthz",
]
member_pages = [url for url in pages if url != "/accounts/login/"]
member_pages += ["/dashboard/", "/alerts/", "/notifications/"]
for client, urls in ((visitor, pages), (member, member_pages)):
    for url in urls:
        status = client.get(url).status_code
        print(url, status)
        assert status == 200, (url, status)
"""


def test_the_sqlite_demo_migrates_seeds_and_serves_the_main_pages(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="wlscc.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_LOG_LEVEL="WARNING",
    )

    def manage(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    for step in (manage("migrate", "--noinput"), manage("seed_demo")):
        assert step.returncode == 0, step.stderr[-3000:]
    pages = manage("shell", stdin=PAGE_CHECK)
    assert pages.returncode == 0, pages.stdout[-2000:] + pages.stderr[-3000:]
    assert "/dashboard/ 200" in pages.stdout
