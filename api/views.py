"""The REST API, /api/v1/. Thin: parse, check the key's reach, call a selector or a service.

What a reader sees comes from the portal's selectors; what a writer may do is decided by the
portal's permissions and services (a key acts as its owner). A key additionally reaches only
its own organization, or its own cluster's organizations.
"""

from collections.abc import Callable

from django.db import transaction
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clusters.models import Cluster
from core.audit import via_reset, via_set
from opportunities.selectors import organization_visible_contacts
from opportunities.services import opportunity_create, opportunity_submit, opportunity_update
from partners.mfa import needs_mfa_setup
from partners.models import Organization
from partners.permissions import can_create_organization, can_edit_organization
from partners.roles import forgo_staff_roles
from partners.selectors import organization_get

from . import selectors
from .idempotency import Replay, idempotency_begin, idempotency_finish
from .models import ApiKey, TombstoneKind
from .pagination import IdCursorPagination, InterestCursorPagination, KeysFirstCursorPagination
from .permissions import key_covers_organization
from .serializers import (
    ClusterSerializer,
    EventSerializer,
    InterestSerializer,
    MeetingSerializer,
    OpportunitySerializer,
    OpportunityWriteSerializer,
    OrganizationDetailSerializer,
    OrganizationSerializer,
    OrganizationWriteSerializer,
    TechnologyAreaSerializer,
    TombstoneSerializer,
)
from .services import organization_save_from_api

MODIFIED_SINCE = OpenApiParameter(
    "modified_since",
    OpenApiTypes.DATETIME,
    description="Only rows changed after this time (ISO 8601), for incremental sync.",
)
MODIFIED_SINCE_REQUIRED = OpenApiParameter(
    "modified_since",
    OpenApiTypes.DATETIME,
    required=True,
    description="Rows removed from the reader's view after this time (ISO 8601).",
)
CLUSTER = OpenApiParameter(
    "cluster",
    OpenApiTypes.STR,
    description="Only the members of this cluster (its slug), e.g. a cluster's CRM sync.",
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="A unique key per write: a retry with the same key returns the first result.",
)
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def _modified_since(request: Request, *, required: bool = False):
    value = request.query_params.get("modified_since")
    if value is None:
        if required:
            raise exceptions.ValidationError({"modified_since": [_("This parameter is required.")]})
        return None
    try:
        return serializers.DateTimeField().to_internal_value(value)
    except exceptions.ValidationError as error:
        raise exceptions.ValidationError({"modified_since": error.detail}) from error


def _key(request: Request) -> ApiKey | None:
    return request.auth if isinstance(request.auth, ApiKey) else None


class ApiViewMixin:
    """Every API view: names the key in the histories of what it writes (core.audit), and
    honours `Idempotency-Key` on writes (api.idempotency)."""

    def dispatch(self, request, *args, **kwargs):
        self._via_token = None
        try:
            if request.method in UNSAFE_METHODS and request.headers.get("Idempotency-Key"):
                with transaction.atomic():
                    return super().dispatch(request, *args, **kwargs)
            return super().dispatch(request, *args, **kwargs)
        finally:
            if self._via_token is not None:
                via_reset(self._via_token)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        key = _key(request)
        if key is not None:
            self._via_token = via_set(key.label)
        elif needs_mfa_setup(request.user):
            # Staff rights need TOTP, on the API as on the pages (partners.mfa).
            forgo_staff_roles(request.user)
        self._idempotency = None
        if request.method in UNSAFE_METHODS:
            self._idempotency = idempotency_begin(request)

    def handle_exception(self, exc):
        if isinstance(exc, Replay):
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        record = getattr(self, "_idempotency", None)
        if record is not None:
            idempotency_finish(record, response)
        return response


class RowListMixin:
    """The list from `.values()` rows, not model instances: a page of 100 rows built no model
    instance, related row or related manager (api.serializers.RowRepresentationMixin)."""

    def paginate_rows(self, lookups: list[str]) -> list[dict]:
        """The page's rows: these columns of the list (`get_queryset`)."""
        queryset = self.filter_queryset(self.get_queryset())  # type: ignore[attr-defined]
        return self.paginate_queryset(queryset.prefetch_related(None).values(*lookups))  # type: ignore[attr-defined]

    def list(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer()  # type: ignore[attr-defined]
        lookups = serializer.row_lookups(self.paginator.ordering)  # type: ignore[attr-defined]
        page = self.paginate_rows(lookups)
        return self.get_paginated_response(serializer.represent_rows(page))  # type: ignore[attr-defined]


class SyncListMixin:
    """`modified_since` on the list, and `<list>/removed/` for the tombstones."""

    tombstone_kind: str | None = None

    def modified_condition(self) -> Q:
        """`modified_since` as a condition on the rows (empty without it): the one rule, for
        a list filtered as a whole (`filter_modified`) or condition by condition."""
        since = _modified_since(self.request)
        return Q() if since is None else Q(updated_at__gt=since)

    def filter_modified(self, queryset):
        return queryset.filter(self.modified_condition())

    def removed_response(self, request: Request) -> Response:
        since = _modified_since(request, required=True)
        tombstones = selectors.removed_list(
            kind=self.tombstone_kind, since=since, user=request.user
        )
        paginator, serializer = IdCursorPagination(), TombstoneSerializer()
        rows = tombstones.values(*serializer.row_lookups(paginator.ordering))
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(serializer.represent_rows(page))


class PublicReferenceViewSet(
    ApiViewMixin, RowListMixin, SyncListMixin, viewsets.ReadOnlyModelViewSet
):
    """Reference data anyone may read, by slug: `reference_list` (a selector) gives the rows,
    `modified_since` filters the list."""

    lookup_field = "slug"
    reference_list: Callable[[], QuerySet]

    def get_queryset(self):
        queryset = self.reference_list()
        return self.filter_modified(queryset) if self.action == "list" else queryset


@extend_schema_view(list=extend_schema(parameters=[MODIFIED_SINCE]))
class ClusterViewSet(PublicReferenceViewSet):
    """The consortium's member clusters (public)."""

    serializer_class = ClusterSerializer
    reference_list = staticmethod(selectors.cluster_api_list)


@extend_schema_view(list=extend_schema(parameters=[MODIFIED_SINCE]))
class TechnologyAreaViewSet(PublicReferenceViewSet):
    """The two-level technology taxonomy (public)."""

    serializer_class = TechnologyAreaSerializer
    reference_list = staticmethod(selectors.technology_area_api_list)


class SyncedWritableViewSet(
    ApiViewMixin,
    RowListMixin,
    SyncListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """A synced list (list, detail, `modified_since`, removed rows) that API keys with the write
    scope change through the subclass's own write actions."""


def _synced_writable_schemas(write: type, read: type) -> dict:
    """The documentation of a synced list that API keys with the write scope change: list and
    removed (incremental sync), create and partial_update (idempotent writes)."""
    return {
        "list": extend_schema(parameters=[MODIFIED_SINCE]),
        "removed": extend_schema(
            parameters=[MODIFIED_SINCE_REQUIRED], responses=TombstoneSerializer(many=True)
        ),
        "create": extend_schema(parameters=[IDEMPOTENCY_KEY], request=write, responses={201: read}),
        "partial_update": extend_schema(
            parameters=[IDEMPOTENCY_KEY], request=write, responses=read
        ),
    }


@extend_schema_view(
    **{
        **_synced_writable_schemas(OrganizationWriteSerializer, OrganizationDetailSerializer),
        "list": extend_schema(parameters=[MODIFIED_SINCE, CLUSTER]),
    },
    upsert=extend_schema(
        parameters=[IDEMPOTENCY_KEY],
        request=OrganizationWriteSerializer,
        responses={200: OrganizationDetailSerializer, 201: OrganizationDetailSerializer},
    ),
)
class OrganizationViewSet(SyncedWritableViewSet):
    """Organizations the reader may see (the directory's rules); cluster keys with the write
    scope create and update their cluster's members, contacts included (CRM sync)."""

    lookup_field = "slug"
    tombstone_kind = TombstoneKind.ORGANIZATION
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_serializer_class(self):
        if self.action in ("create", "partial_update", "upsert"):
            return OrganizationWriteSerializer
        if self.action == "list":
            return OrganizationSerializer
        return OrganizationDetailSerializer

    def get_queryset(self):
        queryset = self.filter_modified(selectors.organization_api_list(user=self.request.user))
        cluster = self.request.query_params.get("cluster")
        if self.action == "list" and cluster is not None:
            queryset = queryset.filter(cluster__slug=cluster)
        return queryset

    def _detail(self, organization: Organization, status_code: int = 200) -> Response:
        user = self.request.user
        organization = organization_get(slug=organization.slug, user=user)
        contacts = organization_visible_contacts(user=user, organization=organization)
        data = OrganizationDetailSerializer(
            organization, context={"request": self.request, "visible_contacts": contacts}
        ).data
        headers = {"Location": data["api_url"]} if status_code == 201 else {}
        return Response(data, status=status_code, headers=headers)

    def retrieve(self, request, *args, **kwargs):
        return self._detail(organization_get(slug=kwargs["slug"], user=request.user))

    def _key_cluster(self) -> Cluster:
        key = _key(self.request)
        if key is None or key.cluster_id is None:
            raise exceptions.PermissionDenied(_("Creating organizations needs a cluster key."))
        return key.cluster

    def _save(self, organization: Organization | None, cluster: Cluster, *, partial: bool):
        serializer = OrganizationWriteSerializer(data=self.request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return organization_save_from_api(
            actor=self.request.user,
            organization=organization,
            cluster=cluster,
            data=serializer.validated_data,
        )

    def create(self, request, *args, **kwargs):
        cluster = self._key_cluster()
        if not can_create_organization(request.user, cluster):
            raise exceptions.PermissionDenied
        return self._detail(self._save(None, cluster, partial=False), status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        organization = organization_get(slug=kwargs["slug"], user=request.user)
        if not (
            can_edit_organization(request.user, organization)
            and key_covers_organization(_key(request), organization)
        ):
            raise exceptions.PermissionDenied
        return self._detail(self._save(organization, organization.cluster, partial=True))

    @action(detail=False, methods=["put"], url_path=r"external/(?P<external_id>[^/]{1,100})")
    def upsert(self, request, external_id: str, *args, **kwargs):
        """Create or update the cluster's organization with this CRM ID."""
        cluster = self._key_cluster()
        organization = Organization.objects.filter(cluster=cluster, external_id=external_id).first()
        data = (
            {**request.data, "external_id": external_id} if isinstance(request.data, dict) else {}
        )
        serializer = OrganizationWriteSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        created = organization is None
        allowed = (
            can_create_organization(request.user, cluster)
            if organization is None
            else can_edit_organization(request.user, organization)
        )
        if not allowed:
            raise exceptions.PermissionDenied
        saved = organization_save_from_api(
            actor=request.user,
            organization=organization,
            cluster=cluster,
            data=serializer.validated_data,
        )
        return self._detail(saved, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @action(detail=False, methods=["get"])
    def removed(self, request, *args, **kwargs):
        """Organizations removed from the reader's view (deleted, deactivated, unverified)."""
        return self.removed_response(request)


@extend_schema_view(
    **_synced_writable_schemas(OpportunityWriteSerializer, OpportunitySerializer),
    submit=extend_schema(
        parameters=[IDEMPOTENCY_KEY], request=None, responses=OpportunitySerializer
    ),
)
class OpportunityViewSet(SyncedWritableViewSet):
    """Opportunities the reader may see (the marketplace's and the dashboard's rules);
    organization keys with the write scope post, edit and submit their own."""

    tombstone_kind = TombstoneKind.OPPORTUNITY
    lookup_value_regex = r"[0-9]+"
    pagination_class = KeysFirstCursorPagination
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return OpportunityWriteSerializer
        return OpportunitySerializer

    def get_queryset(self):
        return self.filter_modified(selectors.opportunity_api_list(user=self.request.user))

    def paginate_rows(self, lookups: list[str]) -> list[dict]:
        """When the reader's rule is an OR (their organizations' or cluster's rows besides the
        published ones), the page's keys first: from the rule's conditions, each with the
        list's other filters, on the first page; from the list itself on a cursor page; then
        the rows by key (KeysFirstCursorPagination)."""
        user = self.request.user
        conditions = selectors.opportunity_api_conditions(user=user)
        if not conditions or not self.paginator.keys_first_supported():
            return super().paginate_rows(lookups)
        modified = self.modified_condition()
        return self.paginator.paginate_keys_first(
            selectors.opportunity_api_keys(user=user).filter(modified),
            [condition & modified for condition in conditions],
            selectors.opportunity_api_rows(user=user).values(*lookups),
            self.request,
            view=self,
        )

    def _own(self, pk: int):
        """The reader's opportunity for a write: 404 if hidden, 403 outside the key's reach."""
        opportunity = get_object_or_404(
            selectors.opportunity_api_list(user=self.request.user), pk=pk
        )
        if not key_covers_organization(_key(self.request), opportunity.organization):
            raise exceptions.PermissionDenied
        return opportunity

    def _read(self, pk: int, status_code: int = 200) -> Response:
        opportunity = get_object_or_404(
            selectors.opportunity_api_list(user=self.request.user), pk=pk
        )
        data = OpportunitySerializer(opportunity, context={"request": self.request}).data
        headers = {"Location": data["api_url"]} if status_code == 201 else {}
        return Response(data, status=status_code, headers=headers)

    def _content(self, *, partial: bool) -> dict:
        serializer = OpportunityWriteSerializer(data=self.request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def create(self, request, *args, **kwargs):
        key = _key(request)
        if key is None or key.organization_id is None:
            raise exceptions.PermissionDenied(_("Posting opportunities needs an organization key."))
        opportunity = opportunity_create(
            actor=request.user, organization=key.organization, data=self._content(partial=False)
        )
        return self._read(opportunity.pk, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        opportunity = self._own(kwargs["pk"])
        opportunity_update(
            actor=request.user, opportunity=opportunity, data=self._content(partial=True)
        )
        return self._read(opportunity.pk)

    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        """Send a draft (or an opportunity sent back for changes) to its cluster's staff."""
        opportunity = self._own(kwargs["pk"])
        opportunity_submit(actor=request.user, opportunity=opportunity)
        return self._read(opportunity.pk)

    @action(detail=False, methods=["get"])
    def removed(self, request, *args, **kwargs):
        """Opportunities removed from the reader's view (closed, expired, owner deactivated)."""
        return self.removed_response(request)


class InterestViewSet(ApiViewMixin, RowListMixin, viewsets.ReadOnlyModelViewSet):
    """Expressions of interest sent or received by the reader's organizations."""

    serializer_class = InterestSerializer
    pagination_class = InterestCursorPagination
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return selectors.interest_api_list(user=self.request.user)

    def paginate_rows(self, lookups: list[str]) -> list[dict]:
        """The page's keys first, from each condition of the reader's rule, then the rows by
        key (InterestCursorPagination)."""
        if not self.paginator.keys_first_supported():
            return super().paginate_rows(lookups)
        user = self.request.user
        return self.paginator.paginate_keys_first(
            selectors.interest_api_keys(user=user),
            selectors.interest_api_conditions(user=user),
            selectors.interest_api_rows().values(*lookups),
            self.request,
            view=self,
        )


REMOVED_SCHEMA = extend_schema(
    parameters=[MODIFIED_SINCE_REQUIRED], responses=TombstoneSerializer(many=True)
)


@extend_schema_view(list=extend_schema(parameters=[MODIFIED_SINCE]), removed=REMOVED_SCHEMA)
class EventViewSet(ApiViewMixin, RowListMixin, SyncListMixin, viewsets.ReadOnlyModelViewSet):
    """Partnering events the reader may see: published and closed ones for everyone, drafts
    for their organisers (the events pages' rules)."""

    serializer_class = EventSerializer
    lookup_field = "slug"
    tombstone_kind = TombstoneKind.EVENT

    def get_queryset(self):
        return self.filter_modified(selectors.event_api_list(user=self.request.user))

    @action(detail=False, methods=["get"])
    def removed(self, request, *args, **kwargs):
        """Events removed from the reader's view (a draft whose organisers lost their cluster)."""
        return self.removed_response(request)


@extend_schema_view(list=extend_schema(parameters=[MODIFIED_SINCE]), removed=REMOVED_SCHEMA)
class MeetingViewSet(ApiViewMixin, RowListMixin, SyncListMixin, viewsets.ReadOnlyModelViewSet):
    """Meetings at partnering events on the agendas the reader may open: their own; as
    organising staff, their cluster's participants'; all for consortium admins. A cancelled
    meeting stays listed with `status: cancelled`."""

    serializer_class = MeetingSerializer
    lookup_value_regex = r"[0-9]+"
    tombstone_kind = TombstoneKind.MEETING

    def get_queryset(self):
        return self.filter_modified(selectors.meeting_api_list(user=self.request.user))

    @action(detail=False, methods=["get"])
    def removed(self, request, *args, **kwargs):
        """Meetings removed from the reader's view (a participant's account deleted, the
        reader's cluster no longer organising the event)."""
        return self.removed_response(request)


@extend_schema(exclude=True)
class NotFoundView(ApiViewMixin, APIView):
    """Unknown paths under /api/v1/: a problem+json 404 like every other API error."""

    def get(self, request, *args, **kwargs):
        raise exceptions.NotFound

    post = put = patch = delete = get
