"""One-click answers from a nudge e-mail: no log-in, a GET changes nothing, the POST records
the answer once; forged, expired and replayed links do nothing."""

import datetime
import time

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from followups import links, services
from followups.models import FollowUp, FollowUpEvent, Side, Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def follow_up(introduction, owner):
    return services.follow_up_advance(actor=owner, interest=introduction, stage=Stage.NDA_SIGNED)


def link(follow_up, recipient, answer, nudge=1) -> str:
    return links.answer_path(
        follow_up_id=follow_up.pk, recipient_id=recipient.pk, nudge=nudge, answer=answer
    )


@pytest.fixture
def csrf_client():
    """A browser: the confirmation page's form carries the CSRF token of its cookie."""
    return Client(enforce_csrf_checks=True)


def post_form(client, url, **data):
    client.get(url)
    # The browser's cookie: set by this page, or kept from an earlier one.
    token = client.cookies["csrftoken"].value
    return client.post(url, {"csrfmiddlewaretoken": token, **data})


def test_the_link_opens_a_confirmation_page_without_log_in(csrf_client, follow_up, member_b):
    response = csrf_client.get(link(follow_up, member_b, Stage.AGREEMENT))

    assert response.status_code == 200
    assert "Confirm your answer" in response.text
    assert response["Cache-Control"] == "private, no-store"


def test_a_prefetching_get_changes_nothing(csrf_client, follow_up, member_b):
    url = link(follow_up, member_b, Stage.AGREEMENT)

    for _ in range(3):
        csrf_client.get(url)
        csrf_client.head(url)

    follow_up.refresh_from_db()
    assert follow_up.stage == Stage.NDA_SIGNED
    assert follow_up.events.count() == 1


def test_the_button_records_the_answer_as_the_recipient(csrf_client, follow_up, member_b):
    response = post_form(
        csrf_client, link(follow_up, member_b, Stage.AGREEMENT), agreement_type="licence"
    )

    assert response.status_code == 200
    assert "Recorded: Agreement signed" in response.text
    follow_up.refresh_from_db()
    assert (follow_up.stage, follow_up.agreement_type, follow_up.agreement_side) == (
        Stage.AGREEMENT,
        "licence",
        Side.INTERESTED,
    )
    event = follow_up.events.first()
    assert (event.actor, event.via, event.nudge) == (member_b, "email", 1)


def test_a_replayed_link_does_nothing(csrf_client, follow_up, member_b):
    url = link(follow_up, member_b, Stage.PROPOSAL)
    post_form(csrf_client, url)

    response = post_form(csrf_client, url)

    assert "This answer has already been recorded." in response.text
    assert FollowUpEvent.objects.filter(via="email").count() == 1


def test_another_answer_from_the_same_e_mail_does_nothing(csrf_client, follow_up, member_b):
    post_form(csrf_client, link(follow_up, member_b, Stage.PROPOSAL))

    post_form(csrf_client, link(follow_up, member_b, "no_deal"), no_deal_reason="terms")

    follow_up.refresh_from_db()
    assert follow_up.stage == Stage.PROPOSAL


def test_a_forged_link_does_nothing(csrf_client, follow_up, member_b):
    forged = signing.dumps([follow_up.pk, member_b.pk, 1, "agreement"], salt="another.salt")
    url = reverse("followups:answer", args=[forged])

    get = csrf_client.get(url)
    post = csrf_client.post(url, {"agreement_type": "licence"})

    assert get.status_code == 400 and "Link not valid" in get.text
    assert post.status_code in (400, 403)
    follow_up.refresh_from_db()
    assert follow_up.stage == Stage.NDA_SIGNED


def test_a_tampered_link_does_nothing(csrf_client, follow_up, member_b):
    url = link(follow_up, member_b, Stage.PROPOSAL)

    response = csrf_client.get(url.replace("/answer/", "/answer/x"))

    assert response.status_code == 400


def test_an_expired_link_does_nothing(csrf_client, follow_up, member_b, monkeypatch):
    signed_at = time.time() - (links.LINK_MAX_AGE + datetime.timedelta(minutes=1)).total_seconds()
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: signed_at)
        url = link(follow_up, member_b, Stage.PROPOSAL)

    response = csrf_client.get(url)

    assert response.status_code == 400
    follow_up.refresh_from_db()
    assert follow_up.stage == Stage.NDA_SIGNED


def test_a_link_for_someone_who_left_the_organization_does_nothing(
    csrf_client, follow_up, member_b
):
    url = link(follow_up, member_b, Stage.PROPOSAL)
    member_b.memberships.all().delete()

    assert csrf_client.get(url).status_code == 400


def test_stop_ends_the_reminders_of_the_recipients_side(csrf_client, follow_up, member_b):
    post_form(csrf_client, link(follow_up, member_b, links.STOP))

    follow_up.refresh_from_db()
    assert (follow_up.interested_opted_out, follow_up.owner_opted_out) == (True, False)
    assert follow_up.stage == Stage.NDA_SIGNED


def test_an_answer_behind_the_current_stage_is_refused_with_a_message(
    csrf_client, follow_up, member_b
):
    response = post_form(csrf_client, link(follow_up, member_b, Stage.IN_CONTACT))

    assert str(services.MESSAGE_NOT_FORWARD) in response.text
    assert FollowUp.objects.get().stage == Stage.NDA_SIGNED


def test_the_offered_answers_follow_the_current_stage():
    assert links.answers_for(Stage.PROPOSAL) == [Stage.AGREEMENT, Stage.NO_DEAL, links.STOP]
    assert links.answers_for(Stage.AGREEMENT) == []
