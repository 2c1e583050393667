"""/dashboard/: what members and cluster staff see, and at a constant number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboard.selectors import LIST_LIMIT, SEE_ALL_PER_PAGE, compute_cluster_figures
from opportunities import services
from opportunities.models import (
    ExpressionOfInterest,
    InterestStatus,
    OpportunityStatus,
    OpportunityTranslation,
)
from tests.accounts.factories import activate_totp
from tests.clusters.factories import ClusterStaffFactory
from tests.opportunities.factories import (
    ExpressionOfInterestFactory,
    OpportunityFactory,
    PublishedOpportunityFactory,
)
from tests.partners.factories import OrganizationFactory
from tests.personas import OWNER_NAME

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:home")


def page(client, user) -> str:
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def _age(interest, days):
    ExpressionOfInterest.objects.filter(pk=interest.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_login_required(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_without_totp_are_sent_to_set_it_up(client, cluster_a):
    client.force_login(ClusterStaffFactory(cluster=cluster_a).user)
    assert client.get(URL)["Location"] == reverse("mfa_activate_totp")


# --- members ----------------------------------------------------------------------------


def test_member_sees_organizations_and_opportunities_with_state_and_counts(
    client, owner, owner_org, published, draft, other_org
):
    ExpressionOfInterestFactory(opportunity=published, organization=other_org)
    ExpressionOfInterestFactory(
        opportunity=published, organization=OrganizationFactory(), status=InterestStatus.DECLINED
    )
    client.force_login(owner)
    response = client.get(URL)
    assert OWNER_NAME in response.content.decode()
    rows = {o.title: o for o in response.context["my_opportunities"]}
    assert rows[published.title].interest_count == 2
    assert rows[published.title].pending_count == 1
    assert rows[draft.title].status == OpportunityStatus.DRAFT
    assert "Draft" in response.content.decode()


def test_member_sees_interests_awaiting_an_answer(client, owner, published, other_org):
    ExpressionOfInterestFactory(opportunity=published, organization=other_org)
    html = page(client, owner)
    assert "from Osaka Cell Lab" in html


def test_an_interest_unanswered_for_14_days_is_flagged_to_the_owner(
    client, owner, published, other_org
):
    interest = ExpressionOfInterestFactory(opportunity=published, organization=other_org)
    assert "Unanswered for over 14 days" not in page(client, owner)
    _age(interest, 15)
    assert "Unanswered for over 14 days" in page(client, owner)


def test_member_sees_the_interests_sent_with_their_state(client, member_b, published, other_org):
    ExpressionOfInterestFactory(
        opportunity=published, organization=other_org, status=InterestStatus.DECLINED
    )
    client.force_login(member_b)
    response = client.get(URL)
    assert [i.status for i in response.context["sent"]] == [InterestStatus.DECLINED]
    assert "Declined" in response.content.decode()


def test_an_interest_row_shows_the_readers_version_of_the_opportunity(
    client, owner, member_b, published, other_org
):
    OpportunityTranslation.objects.create(
        opportunity=published, language="ja", title="日本語の題名", summary="日本語の要約"
    )
    ExpressionOfInterestFactory(opportunity=published, organization=other_org)
    member_b.language = "ja"
    member_b.save(update_fields=["language"])

    japanese = page(client, member_b)
    english = page(client, owner)

    assert 'lang="ja">日本語の題名</a>' in japanese
    assert f">{published.title}</a>" in english and "日本語の題名" not in english


def test_both_sides_see_the_introduction(client, owner, member_b, published, other_org):
    interest = ExpressionOfInterestFactory(opportunity=published, organization=other_org)
    services.interest_accept(actor=owner, interest=interest)
    for user in (owner, member_b):
        client.force_login(user)
        assert [i.pk for i in client.get(URL).context["introductions"]] == [interest.pk]


@pytest.mark.parametrize(
    ("language", "sent", "introduced"),
    [
        ("en", "sent 3\xa0days ago", "introduced 2\xa0days ago"),
        ("fr", "envoyée il y a 3\xa0jours", "mise en relation il y a 2\xa0jours"),
        ("ja", "3日前に送信", "2日前に紹介成立"),
    ],
)
def test_interest_rows_say_how_long_ago_in_the_readers_language(
    client, member_b, published, other_org, owner, language, sent, introduced
):
    """The rows' ages (dashboard.selectors.Ages): sent, or introduced once accepted."""
    waiting = ExpressionOfInterestFactory(opportunity=published, organization=other_org)
    _age(waiting, 3)
    accepted = ExpressionOfInterestFactory(
        opportunity=PublishedOpportunityFactory(organization=published.organization),
        organization=other_org,
    )
    services.interest_accept(actor=owner, interest=accepted)
    ExpressionOfInterest.objects.filter(pk=accepted.pk).update(
        answered_at=timezone.now() - datetime.timedelta(days=2)
    )
    member_b.language = language
    member_b.save(update_fields=["language"])

    html = page(client, member_b)

    assert sent in html and introduced in html


def test_a_user_without_organization_gets_an_explanation(client, outsider):
    assert "You do not belong to an organization yet" in page(client, outsider)


def test_members_do_not_see_staff_sections(client, owner, submitted):
    html = page(client, owner)
    assert "Review queue" not in html
    assert "Cluster figures" not in html


# --- staff ------------------------------------------------------------------------------


def test_review_queue_lists_own_cluster_oldest_first(client, staff_a, owner_org, other_org):
    now = timezone.now()
    newer = OpportunityFactory(
        organization=owner_org, status=OpportunityStatus.SUBMITTED, submitted_at=now
    )
    older = OpportunityFactory(
        organization=owner_org,
        status=OpportunityStatus.SUBMITTED,
        submitted_at=now - datetime.timedelta(days=3),
    )
    OpportunityFactory(organization=other_org, status=OpportunityStatus.SUBMITTED, submitted_at=now)
    OpportunityFactory(organization=owner_org, status=OpportunityStatus.DRAFT)
    client.force_login(staff_a)
    response = client.get(URL)
    assert [o.pk for o in response.context["review_queue"]] == [older.pk, newer.pk]
    assert "waiting for 3" in response.content.decode()


def test_consortium_admin_queue_covers_every_cluster(
    client, consortium_admin, owner_org, other_org
):
    for organization in (owner_org, other_org):
        OpportunityFactory(
            organization=organization,
            status=OpportunityStatus.SUBMITTED,
            submitted_at=timezone.now(),
        )
    client.force_login(consortium_admin)
    assert len(client.get(URL).context["review_queue"]) == 2


def test_overdue_interests_are_flagged_to_the_owners_cluster_staff_only(
    client, staff_a, staff_b, published, other_org
):
    interest = ExpressionOfInterestFactory(opportunity=published, organization=other_org)
    _age(interest, 20)
    client.force_login(staff_a)
    assert [i.pk for i in client.get(URL).context["overdue"]] == [interest.pk]
    client.force_login(staff_b)
    assert client.get(URL).context["overdue"] == []


def test_recent_or_answered_interests_are_not_overdue(client, staff_a, published, other_org, owner):
    recent = ExpressionOfInterestFactory(opportunity=published, organization=other_org)
    _age(recent, 13)
    answered = ExpressionOfInterestFactory(
        opportunity=published, organization=OrganizationFactory()
    )
    services.interest_decline(actor=owner, interest=answered)
    _age(answered, 30)
    client.force_login(staff_a)
    assert client.get(URL).context["overdue"] == []


def test_cluster_figures(client, staff_a, owner_org, published, other_org, owner, cluster_a):
    same_country = OrganizationFactory(cluster=cluster_a, country="FR")
    PublishedOpportunityFactory(organization=same_country)
    OpportunityFactory(organization=owner_org)  # a draft is not counted as published
    cross = ExpressionOfInterestFactory(opportunity=published, organization=other_org)
    local = ExpressionOfInterestFactory(opportunity=published, organization=same_country)
    ExpressionOfInterestFactory(opportunity=published, organization=OrganizationFactory())
    services.interest_accept(actor=owner, interest=cross)
    services.interest_accept(actor=owner, interest=local)
    client.force_login(staff_a)
    (figures,) = client.get(URL).context["cluster_figures"]
    assert (
        figures.member_count,
        figures.published_count,
        figures.interest_count,
        figures.introduction_count,
        figures.cross_border_count,
    ) == (2, 2, 3, 2, 1)


def test_cluster_figures_count_an_interest_for_both_clusters_once_each(
    owner, owner_org, published, other_org, cluster_a, cluster_b
):
    across = ExpressionOfInterestFactory(opportunity=published, organization=other_org)
    services.interest_accept(actor=owner, interest=across)
    ExpressionOfInterestFactory(  # both sides in cluster_a: counted once, for cluster_a
        opportunity=published, organization=OrganizationFactory(cluster=cluster_a, country="FR")
    )
    figures = {row.pk: row for row in compute_cluster_figures()}
    counts = {
        cluster.pk: (
            figures[cluster.pk].interest_count,
            figures[cluster.pk].introduction_count,
            figures[cluster.pk].cross_border_count,
        )
        for cluster in (cluster_a, cluster_b)
    }
    assert counts == {cluster_a.pk: (2, 1, 1), cluster_b.pk: (1, 1, 1)}


# --- constant queries -------------------------------------------------------------------


def _fill(count, owner_org, other_orgs, area):
    for number in range(count):
        opportunity = PublishedOpportunityFactory(
            organization=owner_org, technology_areas=[area], is_anonymous=number % 2 == 0
        )
        interest = ExpressionOfInterestFactory(opportunity=opportunity, organization=other_orgs[0])
        _age(interest, 20 if number % 3 else 1)
        ExpressionOfInterestFactory(
            opportunity=opportunity,
            organization=other_orgs[1],
            status=InterestStatus.ACCEPTED,
            answered_at=timezone.now(),
        )
        OpportunityFactory(
            organization=owner_org, status=OpportunityStatus.SUBMITTED, submitted_at=timezone.now()
        )


@pytest.fixture
def busy_user(owner, owner_org, other_org, cluster_a):
    """A member of the owner organization and of an interested one, and staff of cluster A."""
    from tests.partners.factories import MembershipFactory

    MembershipFactory(user=owner, organization=other_org)
    ClusterStaffFactory(user=owner, cluster=cluster_a)
    activate_totp(owner)
    return owner


@pytest.mark.parametrize("count", [1, 50])
def test_constant_queries(
    client, django_assert_num_queries, busy_user, owner_org, other_org, cluster_b, area, count
):
    _fill(count, owner_org, [other_org, OrganizationFactory(cluster=cluster_b)], area)
    client.force_login(busy_user)
    # 1 session, 2 user, 3-4 roles, 5 MFA check, 6 any event registration (none: no
    # meetings or meeting requests to read), 7 my organizations, 8 recommended,
    # 9 my opportunities with counts, 10 their pass reasons, 11 received, 12 sent,
    # 13 introductions (with follow-ups), 14 review queue, 15 overdue, 16 cluster
    # introductions, 17-21 cluster figures (not cached yet here; the beat task keeps them warm:
    # members, published, interests by the owner's and by the interested cluster, the clusters),
    # 22 disputes to settle, 23 unread notifications (navbar)
    with django_assert_num_queries(23):
        response = client.get(URL)
    assert len(response.context["sent"]) == min(count, LIST_LIMIT)
    assert response.context["sent"].more == (count > LIST_LIMIT)


# --- "see all" pages --------------------------------------------------------------------


def test_a_long_list_links_to_its_see_all_page_which_pages_through_every_row(
    client, django_assert_num_queries, busy_user, owner_org, other_org, cluster_b, area
):
    _fill(LIST_LIMIT + 3, owner_org, [other_org, OrganizationFactory(cluster=cluster_b)], area)
    client.force_login(busy_user)
    dashboard = client.get(URL).content.decode()
    assert reverse("dashboard:list", args=["sent"]) in dashboard
    # 1 session, 2 user, 3-4 roles, 5 MFA check, 6 count of the rows, 7 the page's rows,
    # 8 unread notifications (navbar)
    with django_assert_num_queries(8):
        response = client.get(reverse("dashboard:list", args=["sent"]))
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == LIST_LIMIT + 3 <= SEE_ALL_PER_PAGE


def test_a_short_list_has_no_see_all_link(client, busy_user, owner_org, other_org, cluster_b, area):
    _fill(2, owner_org, [other_org, OrganizationFactory(cluster=cluster_b)], area)
    client.force_login(busy_user)
    assert reverse("dashboard:list", args=["sent"]) not in client.get(URL).content.decode()


@pytest.mark.parametrize("name", ["review", "overdue", "cluster-introductions"])
def test_staff_lists_are_not_found_for_a_member(client, owner, name):
    client.force_login(owner)
    assert client.get(reverse("dashboard:list", args=[name])).status_code == 404


def test_an_unknown_list_is_not_found(client, owner):
    client.force_login(owner)
    assert client.get(reverse("dashboard:list", args=["nothing"])).status_code == 404
