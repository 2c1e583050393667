"""The opportunity page reads an opportunity's attachments, translations and the reader's own
interests only when it has some (the opportunity's own query says which), and shows them."""

import pytest
from django.urls import reverse

from opportunities.models import OpportunityTranslation
from tests.opportunities.factories import (
    ExpressionOfInterestFactory,
    OpportunityAttachmentFactory,
    PublishedOpportunityFactory,
)
from tests.partners.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_attachments_translations_and_my_interest_are_read_and_shown(
    client, django_assert_num_queries, area, cluster_b, owner_org
):
    opportunity = PublishedOpportunityFactory(
        organization=owner_org, technology_areas=[area], language="en"
    )
    OpportunityAttachmentFactory(opportunity=opportunity, original_name="leaflet.pdf")
    OpportunityTranslation.objects.create(
        opportunity=opportunity, language="ja", title="日本語の題名", summary="日本語の概要"
    )
    reader_org = OrganizationFactory(cluster=cluster_b, name="Reader Labs GmbH")
    ExpressionOfInterestFactory(opportunity=opportunity, organization=reader_org)
    client.force_login(MembershipFactory(organization=reader_org).user)
    # The 10 queries of a page without them (test_anonymity), and 11 its attachments,
    # 12 its translations, 13 my interests
    with django_assert_num_queries(13):
        html = client.get(reverse("opportunities:detail", args=[opportunity.pk])).content.decode()

    assert "leaflet.pdf" in html
    assert 'href="?lang=ja"' in html
    assert "Interest of Reader Labs GmbH: <strong>" in html
