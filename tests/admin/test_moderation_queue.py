"""The moderation queue: submitted opportunities, oldest first, how long each has waited."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from opportunities.models import OpportunityStatus
from tests.accounts.factories import UserFactory
from tests.clusters.factories import ClusterFactory
from tests.opportunities.factories import OpportunityFactory, PublishedOpportunityFactory

pytestmark = pytest.mark.django_db

QUEUE = "admin:opportunities_opportunity_moderation_queue"


def submitted(days_ago, **kwargs):
    return OpportunityFactory(
        status=OpportunityStatus.SUBMITTED,
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago, hours=1),
        author=UserFactory(),
        **kwargs,
    )


def test_it_lists_submitted_opportunities_oldest_first(admin_client):
    recent = submitted(1)
    oldest = submitted(9)
    middle = submitted(4)
    PublishedOpportunityFactory()
    OpportunityFactory(status=OpportunityStatus.DRAFT)

    response = admin_client.get(reverse(QUEUE))

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [oldest, middle, recent]


def test_it_shows_how_long_each_has_waited(admin_client):
    submitted(9, title="Old assay")

    response = admin_client.get(reverse(QUEUE))

    assert "9 days" in response.content.decode()


def test_it_filters_by_cluster(admin_client):
    lyon, osaka = ClusterFactory(), ClusterFactory()
    in_lyon = submitted(2, organization__cluster=lyon)
    submitted(3, organization__cluster=osaka)

    response = admin_client.get(reverse(QUEUE), {"organization__cluster__id__exact": lyon.pk})

    assert list(response.context["cl"].result_list) == [in_lyon]


def test_it_publishes_from_the_queue(admin_client):
    opportunity = submitted(2)

    response = admin_client.post(
        reverse(QUEUE),
        {"action": "publish", "_selected_action": [opportunity.pk], "index": 0},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse(QUEUE)
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.PUBLISHED


def test_it_requests_changes_from_the_queue(admin_client):
    opportunity = submitted(2)

    admin_client.post(
        reverse(QUEUE),
        {
            "action": "request_changes",
            "_selected_action": [opportunity.pk],
            "apply": "yes",
            "text": "Which countries do you target?",
        },
    )

    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.CHANGES_REQUESTED


def test_the_opportunity_list_links_to_the_queue_with_its_size(admin_client):
    submitted(2)
    submitted(3)

    response = admin_client.get(reverse("admin:opportunities_opportunity_changelist"))

    assert reverse(QUEUE) in response.content.decode()
    assert "Moderation queue (2 waiting)" in response.content.decode()
