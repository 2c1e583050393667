"""List pages are built from `.values()` rows (api.serializers.RowRepresentationMixin): each
row reads exactly as DRF's representation of the same model instance, for every persona (the
method fields apply the reader's rights: anonymous owners, general contacts, CRM IDs)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework import serializers as drf

from api import selectors, serializers
from api.models import Tombstone
from opportunities.models import InterestStatus
from tests.opportunities.factories import ExpressionOfInterestFactory
from tests.personas import PERSONAS
from tests.security.objects import build_objects


def _cases(user):
    return [
        (serializers.ClusterSerializer, selectors.cluster_api_list()),
        (serializers.TechnologyAreaSerializer, selectors.technology_area_api_list()),
        (serializers.OrganizationSerializer, selectors.organization_api_list(user=user)),
        (serializers.OpportunitySerializer, selectors.opportunity_api_list(user=user)),
        (serializers.InterestSerializer, selectors.interest_api_list(user=user)),
        (serializers.EventSerializer, selectors.event_api_list(user=user)),
        (serializers.MeetingSerializer, selectors.meeting_api_list(user=user)),
        (serializers.TombstoneSerializer, Tombstone.objects.all()),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_rows_read_exactly_as_drfs_representation_of_the_instances(world, rf, persona):
    objects = build_objects(world)
    # B was introduced to A's anonymous offer: B's people see its owner, others do not.
    ExpressionOfInterestFactory(
        opportunity=objects.opp_anonymous,
        organization=world.org_b,
        status=InterestStatus.ACCEPTED,
    )
    Tombstone.objects.create(kind="event", object_id=1, reason="hidden")
    request = rf.get("/api/v1/")
    request.user = world.user(persona) or AnonymousUser()
    for serializer_class, queryset in _cases(request.user):
        serializer = serializer_class(context={"request": request})
        queryset = queryset.order_by("pk")
        rows = serializer.represent_rows(
            list(queryset.prefetch_related(None).values(*serializer.row_lookups()))
        )
        drfs = [dict(drf.ModelSerializer.to_representation(serializer, row)) for row in queryset]
        assert rows == drfs, serializer_class
