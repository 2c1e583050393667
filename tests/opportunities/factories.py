import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from opportunities.models import (
    DEFAULT_VALIDITY,
    ExpressionOfInterest,
    InterestStatus,
    Opportunity,
    OpportunityAttachment,
    OpportunityEvent,
    OpportunityStatus,
    OpportunityType,
)
from tests.partners.factories import OrganizationFactory


class OpportunityFactory(DjangoModelFactory):
    """A draft by default. `PublishedOpportunityFactory` for one visible in the marketplace."""

    class Meta:
        model = Opportunity
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    author = None
    type = OpportunityType.TECHNOLOGY_OFFER
    title = factory.Sequence(lambda n: f"Opportunity {n}")
    summary = "A licensable assay for early detection, validated on 400 patient samples."
    status = OpportunityStatus.DRAFT

    @factory.post_generation
    def technology_areas(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.technology_areas.set(extracted)


class PublishedOpportunityFactory(OpportunityFactory):
    status = OpportunityStatus.PUBLISHED
    submitted_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2))
    published_at = factory.LazyFunction(timezone.now)
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + DEFAULT_VALIDITY)


class OpportunityAttachmentFactory(DjangoModelFactory):
    class Meta:
        model = OpportunityAttachment

    opportunity = factory.SubFactory(OpportunityFactory)
    file = factory.django.FileField(filename="brochure.pdf", data=b"%PDF-1.4\n%%EOF\n")
    original_name = "brochure.pdf"
    content_type = "application/pdf"
    size = 15


class ExpressionOfInterestFactory(DjangoModelFactory):
    class Meta:
        model = ExpressionOfInterest

    opportunity = factory.SubFactory(PublishedOpportunityFactory)
    organization = factory.SubFactory(OrganizationFactory)
    author = None
    message = "We would like to evaluate this for our oncology pipeline."
    status = InterestStatus.PENDING


class OpportunityEventFactory(DjangoModelFactory):
    class Meta:
        model = OpportunityEvent

    opportunity = factory.SubFactory(OpportunityFactory)
    action = OpportunityEvent.Action.CREATED
