import pytest
from django.urls import reverse

from opportunities.models import OpportunityEvent, OpportunityStatus
from tests.opportunities.factories import OpportunityEventFactory


@pytest.mark.django_db
def test_the_event_changelist_names_states_not_codes(admin_client):
    OpportunityEventFactory(
        action=OpportunityEvent.Action.SUBMITTED,
        from_status=OpportunityStatus.CHANGES_REQUESTED,
        to_status=OpportunityStatus.SUBMITTED,
    )

    response = admin_client.get(reverse("admin:opportunities_opportunityevent_changelist"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Changes requested" in page
    assert "Submitted for review" in page
