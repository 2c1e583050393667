"""The matching engine: which alerts and organizations a published opportunity reaches."""

import pytest

from matching import engine
from matching import reasons as R
from matching.engine import compute_matches
from matching.models import Match
from matching.reasons import render_reasons
from matching.services import opportunity_match
from notifications.models import Notification, NotificationKind
from opportunities.models import OpportunityStatus, OpportunityType
from partners.models import OrganizationKind
from tests.accounts.factories import UserFactory
from tests.clusters.factories import ClusterFactory
from tests.opportunities.factories import PublishedOpportunityFactory
from tests.partners.factories import MembershipFactory, OrganizationFactory

from .factories import AlertFactory

pytestmark = pytest.mark.django_db


def published(world, **kwargs):
    defaults = {
        "organization": world.owner_org,
        "author": world.author,
        "title": "Licensable sepsis assay",
        "collaboration_types": ["licence"],
        "target_countries": ["JP"],
    }
    areas = kwargs.pop("technology_areas", [world.ivd])
    return PublishedOpportunityFactory(**{**defaults, **kwargs}, technology_areas=areas)


def matched_alert_ids(opportunity) -> set[int]:
    return set(
        Match.objects.filter(opportunity=opportunity, alert__isnull=False).values_list(
            "alert_id", flat=True
        )
    )


def test_an_alert_on_the_same_area_matches(world):
    alert = AlertFactory(owner=world.partner, technology_areas=[world.ivd])
    opportunity = published(world)

    opportunity_match(opportunity=opportunity)

    assert matched_alert_ids(opportunity) == {alert.pk}


def test_an_alert_on_the_top_area_matches_a_sub_area_opportunity(world):
    alert = AlertFactory(owner=world.partner, technology_areas=[world.devices])
    opportunity = published(world, technology_areas=[world.ivd])

    opportunity_match(opportunity=opportunity)

    assert matched_alert_ids(opportunity) == {alert.pk}


def test_only_alerts_without_areas_or_naming_one_are_read_and_match(world):
    arealess = AlertFactory(owner=world.partner)
    sharing = AlertFactory(owner=world.partner, technology_areas=[world.therapeutics, world.ivd])
    AlertFactory(owner=world.partner, technology_areas=[world.imaging])
    opportunity = published(world, technology_areas=[world.ivd])

    result = compute_matches(opportunity)

    by_alert = {match.alert_id: match for match in result.alert_matches}
    assert set(by_alert) == {arealess.pk, sharing.pk}
    assert by_alert[arealess.pk].score < by_alert[sharing.pk].score  # one criterion more
    assert by_alert[sharing.pk].reasons[0] == R.reason(R.AREAS, names=[world.ivd.name])


def test_an_alert_on_another_area_does_not_match(world):
    AlertFactory(owner=world.partner, technology_areas=[world.therapeutics])
    AlertFactory(owner=world.partner, technology_areas=[world.imaging])
    opportunity = published(world, technology_areas=[world.ivd])

    opportunity_match(opportunity=opportunity)

    assert matched_alert_ids(opportunity) == set()


@pytest.mark.parametrize(
    ("criteria", "matches"),
    [
        ({"opportunity_types": ["technology_offer"]}, True),
        ({"opportunity_types": ["technology_request"]}, False),
        ({"stages": ["preclinical"]}, True),
        ({"stages": ["approved"]}, False),
        ({"collaboration_types": ["licence", "distribution"]}, True),
        ({"collaboration_types": ["acquisition"]}, False),
        ({"countries": ["JP"]}, True),  # a target country
        ({"countries": ["FR"]}, True),  # the organization's country
        ({"countries": ["DE"]}, False),
        ({"keywords": "sepsis assay"}, True),
        ({"keywords": "sepsis antibody"}, False),
    ],
)
def test_every_criterion_of_an_alert_must_hold(world, criteria, matches):
    alert = AlertFactory(owner=world.partner, **criteria)
    opportunity = published(world, stage="preclinical")

    opportunity_match(opportunity=opportunity)

    assert matched_alert_ids(opportunity) == ({alert.pk} if matches else set())


def test_an_inactive_alert_does_not_match(world):
    AlertFactory(owner=world.partner, is_active=False)
    opportunity = published(world)

    opportunity_match(opportunity=opportunity)

    assert matched_alert_ids(opportunity) == set()


def test_alerts_of_the_owner_organization_members_do_not_match(world):
    AlertFactory(owner=world.author)
    AlertFactory(owner=world.colleague)
    outsider = AlertFactory(owner=world.partner)
    opportunity = published(world)

    opportunity_match(opportunity=opportunity)

    assert matched_alert_ids(opportunity) == {outsider.pk}


@pytest.mark.parametrize(
    "status",
    [
        OpportunityStatus.DRAFT,
        OpportunityStatus.SUBMITTED,
        OpportunityStatus.REJECTED,
        OpportunityStatus.CLOSED,
        OpportunityStatus.EXPIRED,
    ],
)
def test_an_unpublished_opportunity_matches_nothing(world, status):
    AlertFactory(owner=world.partner)
    opportunity = published(world, status=status)

    opportunity_match(opportunity=opportunity)

    assert not Match.objects.filter(opportunity=opportunity).exists()
    assert not Notification.objects.exists()


def test_an_organization_sharing_an_area_is_matched_and_the_owner_is_not(world):
    opportunity = published(world)

    opportunity_match(opportunity=opportunity)

    matched = set(
        Match.objects.filter(opportunity=opportunity, organization__isnull=False).values_list(
            "organization_id", flat=True
        )
    )
    assert matched == {world.partner_org.pk}


def test_an_organization_without_a_shared_area_is_not_matched(world):
    OrganizationFactory(technology_areas=[world.therapeutics])
    opportunity = published(world)

    opportunity_match(opportunity=opportunity)

    assert Match.objects.filter(opportunity=opportunity, organization__isnull=False).count() == 1


def test_partner_kinds_sought_restrict_the_organizations(world):
    university = OrganizationFactory(kind=OrganizationKind.UNIVERSITY, technology_areas=[world.ivd])
    opportunity = published(world, partner_kinds=[OrganizationKind.UNIVERSITY])

    opportunity_match(opportunity=opportunity)

    matched = set(
        Match.objects.filter(opportunity=opportunity, organization__isnull=False).values_list(
            "organization_id", flat=True
        )
    )
    assert matched == {university.pk}


def test_the_target_country_and_fitting_needs_rank_an_organization_first(world):
    in_germany = OrganizationFactory(
        cluster=ClusterFactory(country="DE"), technology_areas=[world.ivd]
    )
    needs_it = OrganizationFactory(
        cluster=ClusterFactory(country="JP"),
        technology_areas=[world.ivd],
        needs="We look for a sepsis assay to license for Japan.",
    )
    opportunity = published(world, type=OpportunityType.TECHNOLOGY_OFFER)

    opportunity_match(opportunity=opportunity)

    ranked = list(
        Match.objects.filter(opportunity=opportunity, organization__isnull=False)
        .order_by("-score")
        .values_list("organization_id", flat=True)
    )
    assert ranked[0] == needs_it.pk
    assert ranked[-1] == in_germany.pk


def test_organizations_rank_by_score_then_id_across_the_levels_read_for_the_text_fit(
    world, monkeypatch
):
    # Three places: the engine reads the text fit one score level at a time from the highest,
    # and a lower level only while the levels above leave a place to a score it can reach.
    monkeypatch.setattr(engine, "MAX_ORGANIZATION_MATCHES", 3)
    fits = "We look for a sepsis assay."

    def organization(country, area, needs=""):
        return OrganizationFactory(
            cluster=ClusterFactory(country=country), technology_areas=[area], needs=needs
        )

    best = organization("JP", world.ivd, fits)  # area 40 + target country 20 + text fit 20
    related = organization("JP", world.devices, fits)  # related area 25 + 20 + 20
    fitting = organization("DE", world.ivd, fits)  # 40 + 20, a level below world.partner_org's
    organization("DE", world.ivd, fits)  # 60 too, a later id
    organization("DE", world.ivd)  # 40
    opportunity = published(world, type=OpportunityType.TECHNOLOGY_OFFER)

    ranked = [
        (m.organization_id, m.score) for m in compute_matches(opportunity).organization_matches
    ]

    # world.partner_org: the area, in Japan, no needs (60), and an earlier id than `fitting`.
    assert ranked == [(best.pk, 80), (related.pk, 65), (world.partner_org.pk, 60)]
    world.partner_org.technology_areas.clear()
    ranked = [
        (m.organization_id, m.score) for m in compute_matches(opportunity).organization_matches
    ]
    assert ranked == [(best.pk, 80), (related.pk, 65), (fitting.pk, 60)]


def test_reasons_say_why_in_words(world):
    AlertFactory(owner=world.partner, technology_areas=[world.ivd], countries=["JP"])
    opportunity = published(world)

    opportunity_match(opportunity=opportunity)

    match = Match.objects.get(opportunity=opportunity, alert__isnull=False)
    assert render_reasons(match.reasons) == [
        "shares Diagnostics / IVD",
        "seeks licence agreement",
        "targets Japan",
    ]


def test_reasons_render_in_the_readers_language(world):
    from django.utils import translation

    AlertFactory(owner=world.partner, countries=["JP"])
    opportunity = published(world)
    opportunity_match(opportunity=opportunity)
    match = Match.objects.get(opportunity=opportunity, alert__isnull=False)

    with translation.override("fr"):
        rendered = render_reasons(match.reasons)

    assert "Japon" in rendered[-1]


def test_the_alert_owner_gets_one_new_match_notification(world):
    AlertFactory(owner=world.partner, technology_areas=[world.ivd])
    AlertFactory(owner=world.partner, countries=["JP"])
    opportunity = published(world)

    opportunity_match(opportunity=opportunity)

    notifications = Notification.objects.filter(
        recipient=world.partner, kind=NotificationKind.NEW_MATCH
    )
    assert notifications.count() == 1
    assert notifications.get().payload["title"] == "Licensable sepsis assay"


def test_members_of_a_matched_organization_are_notified_but_not_the_owners(world):
    opportunity = published(world)

    opportunity_match(opportunity=opportunity)

    recipients = set(Notification.objects.values_list("recipient_id", flat=True))
    assert recipients == {world.partner.pk}


def test_matching_again_notifies_nobody_twice(world):
    AlertFactory(owner=world.partner)
    late = AlertFactory(owner=UserFactory())
    opportunity = published(world)
    opportunity_match(opportunity=opportunity)
    late.delete()
    AlertFactory(owner=late.owner)

    opportunity_match(opportunity=opportunity)

    per_recipient = list(Notification.objects.values_list("recipient_id", flat=True))
    assert sorted(per_recipient) == sorted({world.partner.pk, late.owner.pk})


def _many_alerts(world, count: int) -> None:
    from accounts.models import User
    from matching.models import Alert

    users = User.objects.bulk_create(
        [User(email=f"bulk{count}-{i}@example.org") for i in range(count)]
    )
    alerts = Alert.objects.bulk_create(
        [
            Alert(
                owner=user,
                name=f"Alert {i}",
                countries=["JP"],
                frequency="instant",
                has_areas=i % 2 == 0,
            )
            for i, user in enumerate(users)
        ]
    )
    Alert.technology_areas.through.objects.bulk_create(
        [
            Alert.technology_areas.through(alert_id=alert.pk, technologyarea_id=world.ivd.pk)
            for alert in alerts[::2]
        ]
    )


@pytest.mark.parametrize("alert_count", [10, 1000])
def test_matching_is_set_based_the_query_count_does_not_grow_with_alerts(
    world, alert_count, django_assert_num_queries
):
    _many_alerts(world, alert_count)
    opportunity = published(world)
    MembershipFactory(organization=world.partner_org)

    # 1 savepoint + 1 release (atomic), 1 taxonomy with the opportunity's areas, 1 the alerts
    # naming them, 1 satisfied alerts, 1 fitting organizations, 1 their shared areas, 1 insert
    # matches, 1 the opportunity's translations (each recipient's version in the payload),
    # 1 members of matched organizations, 1 preferences, 1 insert notifications, 1 ids of the
    # notifications to e-mail now.
    with django_assert_num_queries(13):
        opportunity_match(opportunity=opportunity)

    assert Match.objects.filter(alert__isnull=False).count() == alert_count
    assert Notification.objects.count() == alert_count + 2
