"""Posting and editing in the browser; moderation and lifecycle buttons; attachments."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from opportunities.models import (
    Opportunity,
    OpportunityAttachment,
    OpportunityStatus,
)
from tests.accounts.factories import activate_totp
from tests.opportunities.factories import OpportunityAttachmentFactory
from tests.partners.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
CREATE = reverse("opportunities:create")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def form_data(area, **overrides):
    data = {
        "type": "technology_offer",
        "title": "Licensable ELISA for early sepsis detection",
        "summary": "A validated ELISA kit detecting sepsis 24 hours before symptoms.",
        "description": "Validated on 400 patient samples.",
        "technology_areas": [area.pk],
        "stage": "preclinical",
        "trl": "5",
        "ip_status": "patent_pending",
        "collaboration_types": ["licence", "co_development"],
        "partner_kinds": ["company"],
        "target_countries": ["JP", "CN"],
        "action": "draft",
    }
    data.update(overrides)
    return data


def test_the_form_groups_fields_with_help_texts(client, owner):
    client.force_login(owner)
    html = client.get(CREATE).content.decode()
    for legend in ("What it is", "Technology", "The partner you seek", "Publication"):
        assert legend in html
    assert "Save draft" in html and "Submit for review" in html
    assert "what kind of partner you seek" in html
    assert 'name="collaboration_types" value="licence"' in html  # checkboxes
    assert "Japan" in html  # countries from django_countries


def test_save_draft(client, owner, owner_org, area):
    client.force_login(owner)
    response = client.post(CREATE, form_data(area))
    opportunity = Opportunity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("opportunities:edit", args=[opportunity.pk])
    assert (opportunity.status, opportunity.organization, opportunity.author) == (
        OpportunityStatus.DRAFT,
        owner_org,
        owner,
    )
    assert opportunity.collaboration_types == ["licence", "co_development"]
    assert opportunity.target_countries == ["JP", "CN"]
    assert opportunity.trl == 5


def test_submit_for_review_from_the_form(client, owner, area):
    client.force_login(owner)
    client.post(CREATE, form_data(area, action="submit"))
    assert Opportunity.objects.get().status == OpportunityStatus.SUBMITTED


def test_submit_without_an_area_keeps_the_draft_and_says_why(client, owner):
    client.force_login(owner)
    response = client.post(
        CREATE,
        {
            "type": "technology_offer",
            "title": "No area",
            "summary": "Something",
            "action": "submit",
        },
        follow=True,
    )
    assert Opportunity.objects.get().status == OpportunityStatus.DRAFT
    assert "Choose at least one technology area" in response.content.decode()


def test_invalid_post_shows_errors_and_saves_nothing(client, owner, area):
    client.force_login(owner)
    response = client.post(CREATE, form_data(area, title="", collaboration_types=["bribery"]))
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Opportunity.objects.exists()


def test_the_organization_cannot_be_someone_elses(client, owner, area):
    client.force_login(owner)
    other = OrganizationFactory()
    client.post(CREATE, form_data(area, organization=other.pk))
    assert not Opportunity.objects.filter(organization=other).exists()


def test_a_member_of_two_organizations_chooses(client, owner, area, cluster_a):
    second = OrganizationFactory(cluster=cluster_a)
    MembershipFactory(user=owner, organization=second)
    client.force_login(owner)
    client.post(CREATE, form_data(area, organization=second.pk))
    assert Opportunity.objects.get().organization == second


def test_posting_needs_an_organization(client, outsider):
    client.force_login(outsider)
    response = client.get(CREATE)
    assert response.status_code == 302
    assert response["Location"] == reverse("opportunities:list")


def test_posting_needs_login(client):
    assert client.get(CREATE)["Location"].startswith(reverse("account_login"))


def test_fields_not_on_the_form_cannot_be_set(client, owner, area):
    client.force_login(owner)
    client.post(CREATE, form_data(area, status="published", renewal_count="0", is_anonymous=""))
    opportunity = Opportunity.objects.get()
    assert opportunity.status == OpportunityStatus.DRAFT
    assert opportunity.published_at is None


def test_edit_shows_completeness_and_what_is_missing(client, owner, draft):
    client.force_login(owner)
    html = client.get(reverse("opportunities:edit", args=[draft.pk])).content.decode()
    assert "Completeness" in html
    assert "IP status" in html  # a missing item is named


def test_edit_saves_changes(client, owner, draft, area):
    client.force_login(owner)
    client.post(reverse("opportunities:edit", args=[draft.pk]), form_data(area, title="Renamed"))
    draft.refresh_from_db()
    assert draft.title == "Renamed"


def test_edit_is_refused_to_another_organization(client, member_b, published, draft):
    client.force_login(member_b)
    assert client.get(reverse("opportunities:edit", args=[draft.pk])).status_code == 404
    assert client.get(reverse("opportunities:edit", args=[published.pk])).status_code == 403


def test_edit_of_a_published_opportunity_redirects_with_a_message(client, owner, published):
    client.force_login(owner)
    response = client.get(reverse("opportunities:edit", args=[published.pk]), follow=True)
    assert "can no longer be edited" in response.content.decode()


# --- detail page and its buttons --------------------------------------------------------


def test_drafts_are_hidden_from_other_organizations(client, draft, member_b):
    client.force_login(member_b)
    assert client.get(reverse("opportunities:detail", args=[draft.pk])).status_code == 404


def test_the_author_sees_the_moderation_comment(client, owner, submitted, staff_a):
    from opportunities import services

    services.opportunity_request_changes(actor=staff_a, opportunity=submitted, comment="Add TRL")
    client.force_login(owner)
    html = client.get(reverse("opportunities:detail", args=[submitted.pk])).content.decode()
    assert "Changes requested" in html and "Add TRL" in html


def test_detail_shows_every_decision_field(client, member_b, published):
    published.stage = "clinical_1"
    published.trl = 6
    published.ip_status = "patent_granted"
    published.collaboration_types = ["licence"]
    published.partner_kinds = ["investor"]
    published.target_countries = ["KR"]
    published.save()
    client.force_login(member_b)
    html = client.get(reverse("opportunities:detail", args=[published.pk])).content.decode()
    for text in (
        "Clinical phase I",
        "Patent granted",
        "Licence agreement",
        "Investor",
        "South Korea",
        "Diagnostics / IVD",
        "Rhone Valley Biocluster",
    ):
        assert text in html


def test_staff_review_view_publishes(client, staff_a, submitted):
    client.force_login(staff_a)
    response = client.post(
        reverse("opportunities:review", args=[submitted.pk]), {"decision": "publish"}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == OpportunityStatus.PUBLISHED


def test_staff_review_view_requires_a_comment_to_reject(client, staff_a, submitted):
    client.force_login(staff_a)
    response = client.post(
        reverse("opportunities:review", args=[submitted.pk]),
        {"decision": "reject", "comment": ""},
        follow=True,
    )
    assert "Give the author the reason" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == OpportunityStatus.SUBMITTED


def test_staff_of_another_cluster_cannot_review(client, staff_b, submitted):
    client.force_login(staff_b)
    response = client.post(
        reverse("opportunities:review", args=[submitted.pk]), {"decision": "publish"}
    )
    assert response.status_code == 404  # a submitted opportunity is not theirs to see
    submitted.refresh_from_db()
    assert submitted.status == OpportunityStatus.SUBMITTED


def test_the_owner_cannot_publish_through_the_review_view(client, owner, submitted):
    client.force_login(owner)
    response = client.post(
        reverse("opportunities:review", args=[submitted.pk]), {"decision": "publish"}
    )
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == OpportunityStatus.SUBMITTED


def test_staff_without_totp_are_sent_to_set_it_up(client, cluster_a, submitted):
    from tests.clusters.factories import ClusterStaffFactory

    staff = ClusterStaffFactory(cluster=cluster_a).user
    client.force_login(staff)
    response = client.post(
        reverse("opportunities:review", args=[submitted.pk]), {"decision": "publish"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    submitted.refresh_from_db()
    assert submitted.status == OpportunityStatus.SUBMITTED
    activate_totp(staff)
    client.post(reverse("opportunities:review", args=[submitted.pk]), {"decision": "publish"})
    submitted.refresh_from_db()
    assert submitted.status == OpportunityStatus.PUBLISHED


def test_owner_renews_and_closes_from_the_page(client, owner, published):
    client.force_login(owner)
    client.post(reverse("opportunities:renew", args=[published.pk]))
    published.refresh_from_db()
    assert published.renewal_count == 1
    client.post(reverse("opportunities:close", args=[published.pk]), {"reason": "filled"})
    published.refresh_from_db()
    assert (published.status, published.close_reason) == (OpportunityStatus.CLOSED, "filled")


def test_get_on_a_transition_is_not_allowed(client, owner, published):
    client.force_login(owner)
    assert client.get(reverse("opportunities:close", args=[published.pk])).status_code == 405


# --- attachments ------------------------------------------------------------------------


def test_a_pdf_attachment_is_stored_under_a_random_name(client, owner, draft, area):
    client.force_login(owner)
    upload = SimpleUploadedFile("../../etc/brochure.pdf", PDF, content_type="text/html")
    client.post(reverse("opportunities:edit", args=[draft.pk]), form_data(area, attachment=upload))
    attachment = OpportunityAttachment.objects.get()
    assert attachment.content_type == "application/pdf"  # sniffed, not trusted
    assert attachment.file.name.startswith("private/opportunities/")
    assert "brochure" not in attachment.file.name
    assert attachment.original_name == "brochure.pdf"


def test_a_file_that_is_not_pdf_or_image_is_refused(client, owner, draft, area):
    client.force_login(owner)
    upload = SimpleUploadedFile(
        "evil.pdf", b"<script>alert(1)</script>", content_type="application/pdf"
    )
    response = client.post(
        reverse("opportunities:edit", args=[draft.pk]), form_data(area, attachment=upload)
    )
    assert "Only PDF documents" in response.content.decode()
    assert not OpportunityAttachment.objects.exists()


def test_an_image_attachment_is_accepted(client, owner, draft, area):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="PNG")
    client.force_login(owner)
    upload = SimpleUploadedFile("figure.png", buffer.getvalue(), content_type="image/png")
    client.post(reverse("opportunities:edit", args=[draft.pk]), form_data(area, attachment=upload))
    assert OpportunityAttachment.objects.get().content_type == "image/png"


def test_attachments_are_downloaded_through_the_checked_view(client, member_b, published):
    attachment = OpportunityAttachmentFactory(opportunity=published)
    client.force_login(member_b)
    response = client.get(reverse("opportunities:attachment", args=[published.pk, attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="brochure.pdf"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_attachments_of_a_hidden_opportunity_are_404(client, member_b, draft):
    attachment = OpportunityAttachmentFactory(opportunity=draft)
    client.force_login(member_b)
    response = client.get(reverse("opportunities:attachment", args=[draft.pk, attachment.pk]))
    assert response.status_code == 404


def test_an_attachment_of_another_opportunity_is_404(client, member_b, published, draft):
    attachment = OpportunityAttachmentFactory(opportunity=draft)
    client.force_login(member_b)
    response = client.get(reverse("opportunities:attachment", args=[published.pk, attachment.pk]))
    assert response.status_code == 404


def test_the_owner_removes_an_attachment(client, owner, draft):
    attachment = OpportunityAttachmentFactory(opportunity=draft)
    client.force_login(owner)
    client.post(reverse("opportunities:attachment_delete", args=[draft.pk, attachment.pk]))
    assert not OpportunityAttachment.objects.exists()
