"""The personal-data download holds one's follow-up statements and feedback; deleting the
account keeps them for the organizations, without the person."""

import pytest

from accounts.services import user_delete
from followups import services
from followups.models import FollowUpEvent, OpportunityFeedback, Stage
from partners.selectors import user_personal_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def statements(introduction, published, other_org, member_b):
    services.follow_up_advance(
        actor=member_b, interest=introduction, stage=Stage.NDA_SIGNED, comment="Signed today."
    )
    services.feedback_give(
        actor=member_b,
        opportunity=published,
        organization_id=other_org.pk,
        reason="too_early",
        text="Come back with phase II data.",
    )


def test_the_download_holds_statements_and_feedback_given(statements, member_b, owner):
    data = user_personal_data(user=member_b)

    [statement] = data["follow_up_statements"]
    assert (statement["to"], statement["comment"], statement["side"]) == (
        "nda_signed",
        "Signed today.",
        "interested",
    )
    assert [item["text"] for item in data["opportunity_feedback_given"]] == [
        "Come back with phase II data."
    ]
    assert user_personal_data(user=owner)["opportunity_feedback_given"] == []


def test_deleting_the_account_keeps_the_record_without_the_person(statements, member_b):
    user_delete(user=member_b)

    assert FollowUpEvent.objects.get().actor is None
    assert OpportunityFeedback.objects.get().author is None
