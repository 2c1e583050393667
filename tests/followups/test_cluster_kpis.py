"""The cluster KPI page counts what a hand count of a known fixture gives; only the cluster's
staff (with TOTP) and consortium admins see it; CSV and XLSX say the same."""

import csv
import datetime
import io
from unittest import mock

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from core.tasks import aggregates_refresh_task
from followups import services as follow_ups
from followups.models import AgreementType, FollowUp, Stage
from opportunities import services as marketplace
from opportunities.models import ExpressionOfInterest, Opportunity
from stats.kpi import Period, agreement_matrix, all_clusters_kpis, cluster_kpis
from stats.kpi_cache import FAMILY, page_kpis
from stats.selectors import ClusterRow, cluster_rows, compute_consortium_figures
from tests.accounts.factories import UserFactory
from tests.clusters.factories import ClusterFactory, ClusterStaffFactory
from tests.opportunities.factories import PublishedOpportunityFactory
from tests.partners.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _member(organization):
    return MembershipFactory(organization=organization).user


def _age(interest, *, sent_days_ago: int, answered_after: int | None = None) -> None:
    sent = timezone.now() - sent_days_ago * DAY
    values = {"created_at": sent}
    if answered_after is not None:
        values["answered_at"] = sent + answered_after * DAY
    ExpressionOfInterest.objects.filter(pk=interest.pk).update(**values)
    interest.refresh_from_db()


@pytest.fixture
def known(cluster_a, cluster_b):
    """Cluster A (France): a1, and a2 (new, verified in the range). Cluster B (Japan): b1.
    A third cluster (Germany): c1.

    a1 publishes p1, p2 in the range and p0 two years ago. Interests in p1: b1 (accepted after
    2 days), c1 (declined after 4 days), a2 (pending); in p2: b1 (pending). a1's interest in
    b1's q1 is accepted. Follow-ups: b1 <-> p1 goes to meeting, NDA, then a licence (recorded
    by b1); a1 <-> q1 goes from "in contact" to a co-development, which b1 disputes.
    """
    cluster_c = ClusterFactory(name="Rhine Bio", short_name="RB", country="DE")
    a1 = OrganizationFactory(cluster=cluster_a, country="FR", name="A One")
    a2 = OrganizationFactory(cluster=cluster_a, country="FR", name="A Two", is_verified=False)
    b1 = OrganizationFactory(cluster=cluster_b, country="JP", name="B One")
    c1 = OrganizationFactory(cluster=cluster_c, country="DE", name="C One")
    from_two_years = timezone.now() - 730 * DAY
    from_last_year = timezone.now() - 400 * DAY
    type(a1).objects.filter(pk__in=[a1.pk, b1.pk, c1.pk]).update(created_at=from_last_year)
    type(a2).objects.filter(pk=a2.pk).update(is_verified=True, verified_at=timezone.now())
    people = {org.pk: _member(org) for org in (a1, a2, b1, c1)}
    p0 = PublishedOpportunityFactory(organization=a1, author=people[a1.pk])
    Opportunity.objects.filter(pk=p0.pk).update(published_at=from_two_years)
    p1 = PublishedOpportunityFactory(organization=a1, author=people[a1.pk])
    p2 = PublishedOpportunityFactory(organization=a1, author=people[a1.pk])
    q1 = PublishedOpportunityFactory(organization=b1, author=people[b1.pk])

    def express(opportunity, organization):
        return marketplace.interest_express(
            actor=people[organization.pk],
            opportunity=opportunity,
            organization=organization,
            message="Interested.",
        )

    b1_p1, c1_p1, a2_p1, _b1_p2 = (
        express(p1, b1),
        express(p1, c1),
        express(p1, a2),
        express(p2, b1),
    )
    a1_q1 = express(q1, a1)
    marketplace.interest_accept(actor=people[a1.pk], interest=b1_p1)
    marketplace.interest_decline(actor=people[a1.pk], interest=c1_p1, reason="timing")
    marketplace.interest_accept(actor=people[b1.pk], interest=a1_q1)
    _age(b1_p1, sent_days_ago=20, answered_after=2)
    _age(c1_p1, sent_days_ago=20, answered_after=4)
    for stage in (Stage.IN_CONTACT, Stage.MEETING_HELD, Stage.NDA_SIGNED):
        follow_ups.follow_up_advance(actor=people[a1.pk], interest=b1_p1, stage=stage)
    follow_ups.follow_up_advance(
        actor=people[b1.pk], interest=b1_p1, stage=Stage.AGREEMENT, agreement_type="licence"
    )
    follow_ups.follow_up_advance(actor=people[a1.pk], interest=a1_q1, stage=Stage.IN_CONTACT)
    follow_ups.follow_up_advance(
        actor=people[a1.pk],
        interest=a1_q1,
        stage=Stage.AGREEMENT,
        agreement_type=AgreementType.CO_DEVELOPMENT,
    )
    follow_ups.follow_up_dispute(actor=people[b1.pk], interest=a1_q1, comment="Not yet.")
    return {"a1": a1, "a2": a2, "b1": b1, "c1": c1, "cluster_c": cluster_c, "pending": a2_p1}


def _row(cluster):
    return ClusterRow(
        id=cluster.pk,
        slug=cluster.slug,
        name=cluster.name,
        short_name=cluster.short_name,
        country=str(cluster.country),
    )


def test_cluster_a_equals_the_hand_count(known, cluster_a):
    kpis = cluster_kpis(cluster=_row(cluster_a), period=Period.last_year())

    assert (kpis.new_members, kpis.verified_members) == (1, 1)
    assert kpis.published == 2
    assert (kpis.interests_received, kpis.interests_answered) == (4, 2)
    assert kpis.interests_sent == 2  # a2 -> p1, a1 -> q1
    assert kpis.answer_rate == 0.5
    assert kpis.median_answer_days == pytest.approx(3)
    assert (kpis.introductions, kpis.cross_border_introductions) == (2, 2)
    assert kpis.meetings_held == 2
    assert (kpis.agreements, kpis.cross_border_agreements, kpis.disputed_agreements) == (2, 2, 1)
    assert kpis.agreements_by_type == {"licence": 1, "co_development": 1}
    assert kpis.agreements_by_country == {"JP": 2}
    assert kpis.cross_border_share == 1.0
    rows = {member.name: member for member in kpis.members}
    assert (rows["A One"].published, rows["A One"].interests_received) == (2, 4)
    assert (rows["A One"].introductions, rows["A One"].agreements) == (2, 2)
    assert (rows["A Two"].interests_sent, rows["A Two"].agreements) == (1, 0)


def test_cluster_b_counts_the_same_agreements_from_its_side(known, cluster_b):
    kpis = cluster_kpis(cluster=_row(cluster_b), period=Period.last_year())

    assert (kpis.published, kpis.interests_received, kpis.interests_sent) == (1, 1, 2)
    assert (kpis.introductions, kpis.agreements) == (2, 2)
    assert kpis.agreements_by_country == {"FR": 2}


def test_a_range_before_everything_counts_nothing(known, cluster_a):
    long_ago = timezone.localdate() - 1000 * DAY
    kpis = cluster_kpis(cluster=_row(cluster_a), period=Period(long_ago, long_ago + 10 * DAY))

    assert (kpis.published, kpis.introductions, kpis.agreements) == (0, 0, 0)


def test_the_pass_for_every_cluster_equals_each_clusters_own_pass(
    django_assert_num_queries, known, cluster_a, cluster_b
):
    OrganizationFactory(cluster=known["cluster_c"], name="C Gone", is_active=False)
    clusters = cluster_rows()
    period = Period.last_year()
    # 1 members, 2 joined/verified, 3 published, 4 interests received and the members' answer
    # medians, 5 clusters' answer medians, 6 interests sent, 7 introductions, 8 meetings
    # stated in follow-ups, 9 partnering meetings held, 10 agreements: for every cluster at once
    with django_assert_num_queries(10):
        grouped = all_clusters_kpis(clusters=clusters, period=period)

    assert set(grouped) == {cluster.id for cluster in clusters}
    assert {cluster_a.pk, cluster_b.pk, known["cluster_c"].pk} <= set(grouped)
    for cluster in clusters:
        assert grouped[cluster.id] == cluster_kpis(cluster=cluster, period=period), cluster.name
    a = grouped[cluster_a.pk]
    assert (a.published, a.interests_received, a.interests_answered) == (2, 4, 2)
    assert (a.meetings_held, a.agreements, a.disputed_agreements) == (2, 2, 1)
    assert a.agreements_by_country == {"JP": 2}
    assert grouped[cluster_b.pk].agreements_by_country == {"FR": 2}
    assert [member.name for member in grouped[known["cluster_c"].pk].members] == ["C One"]


def test_the_pass_for_every_cluster_equals_each_clusters_own_pass_for_an_empty_range(known):
    long_ago = timezone.localdate() - 1000 * DAY
    period = Period(long_ago, long_ago + 10 * DAY)
    clusters = cluster_rows()

    grouped = all_clusters_kpis(clusters=clusters, period=period)

    for cluster in clusters:
        assert grouped[cluster.id] == cluster_kpis(cluster=cluster, period=period)


def test_the_consortium_matrix_and_the_public_funnel(known, cluster_a, cluster_b):
    matrix = agreement_matrix(period=Period.last_year())
    figures = compute_consortium_figures()

    assert matrix == {(cluster_a.pk, cluster_b.pk): 1, (cluster_b.pk, cluster_a.pk): 1}
    assert (figures.published, figures.with_introduction, figures.with_agreement) == (4, 2, 2)


def test_an_undone_agreement_no_longer_counts(known, cluster_a, staff_a):
    disputed = FollowUp.objects.get(disputed_at__isnull=False)
    follow_ups.follow_up_settle(
        actor=staff_a, follow_up=disputed, agreement_stands=False, comment="Not signed."
    )

    kpis = cluster_kpis(cluster=_row(cluster_a), period=Period.last_year())

    assert (kpis.agreements, kpis.agreements_by_type) == (1, {"licence": 1})


URL = "stats:cluster"


def test_staff_see_their_clusters_page(client, known, staff_a):
    client.force_login(staff_a)

    response = client.get(reverse(URL))

    assert response.status_code == 200
    assert response.context["kpis"].agreements == 2
    assert "Licence" in response.text


def test_staff_cannot_choose_another_cluster(client, known, staff_a, cluster_b):
    client.force_login(staff_a)

    assert client.get(reverse(URL), {"cluster": cluster_b.slug}).status_code == 404


def test_staff_without_totp_are_sent_to_set_it_up(client, known, cluster_a):
    staff = ClusterStaffFactory(cluster=cluster_a).user
    client.force_login(staff)

    response = client.get(reverse(URL))

    assert response.status_code == 302 and "/2fa/" in response["Location"]


def test_members_are_refused(client, known, owner):
    client.force_login(owner)

    assert client.get(reverse(URL)).status_code == 403


def test_admins_choose_any_cluster(client, known, consortium_admin, cluster_b):
    client.force_login(consortium_admin)

    response = client.get(reverse(URL), {"cluster": cluster_b.slug})

    assert response.context["cluster"].id == cluster_b.pk


def test_a_bad_range_says_so_and_shows_the_last_year(client, known, staff_a):
    client.force_login(staff_a)

    response = client.get(reverse(URL), {"start": "2026-13-45", "end": "<script>"})

    assert response.status_code == 200
    assert "Showing the last 12 months." in response.text
    assert response.context["period"] == Period.last_year()


def test_the_csv_holds_the_figures_and_every_member(client, known, staff_a):
    client.force_login(staff_a)

    response = client.get(reverse("stats:cluster_download", args=["csv"]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")

    assert response["Content-Type"].startswith("text/csv")
    assert "Agreements signed,2" in text
    assert "A One,yes,2,4,2,3.0,1,2,2" in text
    assert "A Two," in text


def test_the_xlsx_escapes_formulas(client, known, staff_a):
    OrganizationFactory(cluster=known["a1"].cluster, name='=HYPERLINK("x")', country="FR")
    client.force_login(staff_a)

    response = client.get(reverse("stats:cluster_download", args=["xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))

    members = [row[0].value for row in book["members"].iter_rows(min_row=2)]
    assert '\'=HYPERLINK("x")' in members
    assert book["summary"]["B12"].value == 2  # agreements signed


SUMMARY = [
    ["Figure", "Value"],
    ["New members", 1],
    ["Members verified", 1],
    ["Opportunities published", 2],
    ["Expressions of interest received", 4],
    ["Expressions of interest sent", 2],
    ["Answer rate (%)", 50.0],
    ["Median days to answer", 3.0],
    ["Introductions", 2],
    ["… of which cross-border", 2],
    ["Meetings held", 2],
    ["Agreements signed", 2],
    ["… of which cross-border", 2],
    ["Cross-border share of agreements (%)", 100.0],
    ["… of which disputed", 1],
]
AGREEMENT_TYPES = [
    ["Type", "Agreements"],
    ["Licence", 1],
    ["Co-development", 1],
    *[[kind, 0] for kind in ("Research agreement", "Investment", "Acquisition")],
    *[[kind, 0] for kind in ("Service / manufacturing contract", "Distribution")],
    ["Other agreement", 0],
]
AGREEMENT_COUNTRIES = [["Country", "Agreements"], ["Japan", 2]]
MEMBERS = [
    [
        "Organization",
        "Verified",
        "Opportunities published",
        "Interests received",
        "Answered",
        "Median days to answer",
        "Interests sent",
        "Introductions",
        "Agreements",
    ],
    ["A One", "yes", 2, 4, 2, 3.0, 1, 2, 2],
    ["A Two", "yes", 0, 0, 0, None, 1, 0, 0],
]


def test_the_csv_holds_every_table_whole(client, known, staff_a, cluster_a):
    client.force_login(staff_a)

    response = client.get(reverse("stats:cluster_download", args=["csv"]))
    body = b"".join(response.streaming_content)

    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    expected = io.StringIO()
    writer = csv.writer(expected)
    for title, rows in (
        (f"Key figures of {cluster_a.name}", SUMMARY),
        ("Agreements by type", AGREEMENT_TYPES),
        ("Agreements by partner country", AGREEMENT_COUNTRIES),
        ("Members", MEMBERS),
    ):
        writer.writerows([[title], *rows, []])
    assert text == expected.getvalue()


def test_the_xlsx_holds_every_table_whole(client, known, staff_a):
    client.force_login(staff_a)

    response = client.get(reverse("stats:cluster_download", args=["xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))

    assert response["Content-Disposition"].endswith('.xlsx"')
    assert book.sheetnames == ["summary", "agreement-types", "agreement-countries", "members"]
    for sheet, rows in zip(
        book.worksheets, (SUMMARY, AGREEMENT_TYPES, AGREEMENT_COUNTRIES, MEMBERS), strict=True
    ):
        assert [[cell.value for cell in row] for row in sheet.iter_rows()] == rows
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.b for cell in sheet[1])


def test_only_admins_see_the_consortium_matrix(client, known, staff_a, consortium_admin):
    client.force_login(staff_a)
    refused = client.get(reverse("stats:consortium"))
    client.force_login(consortium_admin)
    page = client.get(reverse("stats:consortium"))

    assert refused.status_code == 403
    assert page.status_code == 200 and 'id="agreement-matrix"' in page.text


def test_the_page_costs_a_fixed_number_of_queries(
    client, django_assert_num_queries, known, staff_a, cluster_a
):
    for _ in range(5):
        OrganizationFactory(cluster=cluster_a, country="FR")
    UserFactory()
    client.force_login(staff_a)
    # 1 session, 2 user, 3-4 roles, 5 MFA check, 6 clusters, 7 members, 8 joined/verified,
    # 9 published, 10 interests received and the members' answer medians, 11 the cluster's
    # answer median, 12 interests sent, 13 introductions, 14 meetings stated in follow-ups,
    # 15 partnering meetings held, 16 agreements, 17 unread notifications (navbar)
    with django_assert_num_queries(17):
        client.get(reverse(URL))


@pytest.fixture
def local_cache(settings):
    """A private cache: the shared test Redis may be flushed by a parallel test run."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kpi"}
    }


def test_the_beat_refresh_computes_every_clusters_last_year(
    client, django_assert_num_queries, local_cache, known, staff_a, cluster_a, cluster_b
):
    spent = aggregates_refresh_task()

    assert FAMILY in spent
    client.force_login(staff_a)
    client.get(reverse(URL))  # the session, user and roles once
    with mock.patch("stats.kpi_cache.cluster_kpis", side_effect=AssertionError("computed")):
        # 1 session, 2 user, 3-4 roles, 5 MFA check, 6 clusters, 7 unread notifications
        with django_assert_num_queries(7):
            page = client.get(reverse(URL))
        download = client.get(reverse("stats:cluster_download", args=["csv"]))
    assert page.context["kpis"].agreements == 2 and page.context["member_count"] == 2
    assert "A One,yes,2,4,2,3.0,1,2,2" in b"".join(download.streaming_content).decode()
    for cluster, agreements in ((cluster_a, 2), (cluster_b, 2), (known["cluster_c"], 0)):
        row = ClusterRow(cluster.pk, cluster.slug, cluster.name, "", str(cluster.country))
        kpis, _count = page_kpis(row, Period.last_year())  # from the cache (patched above)
        assert kpis.agreements == agreements


def test_another_range_is_computed_by_its_first_request(client, local_cache, known, staff_a):
    aggregates_refresh_task()
    client.force_login(staff_a)
    older = {"start": "2024-01-01", "end": "2024-12-31"}

    with mock.patch("stats.kpi_cache.cluster_kpis", wraps=cluster_kpis) as computed:
        client.get(reverse(URL), older)
        client.get(reverse(URL), older)

    assert computed.call_count == 1
