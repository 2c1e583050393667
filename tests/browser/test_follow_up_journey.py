"""From introduction to agreement: the owner marks "NDA signed" on the follow-up, the other
side answers "agreement signed — licence" from the nudge e-mail's link without logging in,
and both clusters' KPI pages count one licence agreement, cross-border."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from followups.models import FollowUp, Stage
from followups.services import nudges_send_due
from opportunities.models import InterestStatus
from tests.accounts.factories import activate_totp
from tests.browser.conftest import SCREENSHOTS
from tests.browser.data import _user
from tests.browser.pages import BrowserChecks
from tests.browser.test_journeys import consortium, person  # noqa: F401 (fixtures)
from tests.clusters.factories import ClusterStaffFactory

LINK = re.compile(r"- Agreement signed: (?P<url>https?://\S+/follow-ups/answer/\S+/)")


@pytest.fixture
def introduction(consortium):  # noqa: F811
    """The Lyon assay's introduction to the Osaka group, a month ago."""
    interest = consortium.opportunities["assay"].interests.get(status=InterestStatus.ACCEPTED)
    interest.author = consortium.users["osaka_member"]
    interest.answered_by = consortium.users["lyon_member"]
    interest.answered_at = timezone.now() - datetime.timedelta(days=31)
    interest.save(update_fields=["author", "answered_by", "answered_at"])
    staff = _user("staff@kansai-bio.example", first_name="Aiko")
    ClusterStaffFactory(user=staff, cluster=consortium.clusters["KBI"])
    consortium.users["osaka_staff"] = staff
    consortium.totp_secrets["osaka_staff"] = activate_totp(staff)
    return interest


def _kpi_counts_one_cross_border_licence(page, checks) -> None:
    checks.open("/stats/cluster/")
    types = page.locator("#kpi-agreement-types")
    expect(types.get_by_role("row", name=re.compile("^Licence"))).to_contain_text("1")
    summary = page.locator("#kpi-summary")
    expect(summary.get_by_role("row", name=re.compile("^Agreements signed"))).to_contain_text("1")
    expect(
        summary.get_by_role("row", name=re.compile("^Cross-border share of agreements"))
    ).to_contain_text("100")


def test_an_introduction_leads_to_a_licence_counted_by_both_clusters(
    browser,
    live_server,
    person,  # noqa: F811
    consortium,  # noqa: F811
    introduction,
):
    # The owner marks "NDA signed" from the introduction on the dashboard.
    owner_page, owner = person("lyon_member")
    owner.open("/dashboard/")
    owner_page.locator("#my-introductions").get_by_role("link", name="Update the follow-up").click()
    owner.check_page("follow-up")
    owner_page.get_by_label("New stage").select_option(label="NDA signed")
    owner_page.get_by_role("button", name="Record", exact=True).click()
    expect(owner_page.locator("#follow-up-stage")).to_have_text("NDA signed")
    assert FollowUp.objects.get(interest=introduction).stage == Stage.NDA_SIGNED

    # The daily task nudges both sides; the Osaka side answers from its e-mail, not logged in.
    mail.outbox.clear()
    nudges_send_due()
    [message] = [m for m in mail.outbox if m.to == [consortium.users["osaka_member"].email]]
    url = LINK.search(message.body)["url"]
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1440, "height": 900})
    answer_page = context.new_page()
    answer_page.console_errors = []
    answer = BrowserChecks(page=answer_page, base_url=live_server.url, screenshots=SCREENSHOTS)
    answer.open(path)
    answer.check_page("follow-up-answer")
    assert FollowUp.objects.get(interest=introduction).stage == Stage.NDA_SIGNED  # GET: nothing
    answer_page.get_by_label("Type of agreement").select_option(label="Licence")
    answer_page.get_by_role("button", name="Record my answer").click()
    expect(answer_page.locator("#answer-result")).to_contain_text("Agreement signed")
    context.close()
    follow_up = FollowUp.objects.get(interest=introduction)
    assert (follow_up.stage, follow_up.agreement_type) == (Stage.AGREEMENT, "licence")

    # Both home clusters' KPI pages count one licence agreement, cross-border.
    lyon_page, lyon = person("lyon_staff")
    _kpi_counts_one_cross_border_licence(lyon_page, lyon)
    lyon.check_page("cluster-kpi")
    osaka_page, osaka = person("osaka_staff")
    _kpi_counts_one_cross_border_licence(osaka_page, osaka)
