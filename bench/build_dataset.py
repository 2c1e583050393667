"""Build the consortium-scale benchmark database (`wlscc_bench`): dropped, re-created, migrated,
then filled with COPY.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.build_dataset [--scale 0.1]

Rows go in through psycopg's `cursor.copy()`. The search triggers stay on, so every
`search_vector` is computed exactly as in production; the secondary indexes of the big tables
are dropped before the load and re-created afterwards from their own definitions (much faster
than maintaining a GIN index row by row), then everything is VACUUM ANALYZEd.
"""

import argparse
import datetime as dt
import json
import os
import random
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence

SEED = 20260901
FULL_SIZES = {
    "organizations": 50_000,
    "opportunities": 200_000,
    "alerts": 100_000,
    "users": 20_000,
    # Half of them accepted: 50,000 introductions for the follow-ups and their nudges (issue 20).
    "interests": 100_000,
    # Introductions whose nudge is due on the bench's day (the daily nudge task's work).
    "nudges_due": 2_000,
}
# The "busy" organization (id 1) and its admin (BUSY_USER_ID) are what the dashboard is
# measured with: hundreds of opportunities, interests received and sent.
BUSY_ORG_ID = 1
BUSY_ORG_OPPORTUNITIES = 300
BUSY_ORG_INTERESTS_RECEIVED = 200
BUSY_ORG_INTERESTS_SENT = 100
CONSORTIUM_ADMINS = 2
STAFF_PER_CLUSTER = 5

NOW = None  # set in build(): one "now" for the whole dataset


def log(message: str) -> None:
    print(f"[build] {message}", flush=True)


def sizes_for(scale: float) -> dict[str, int]:
    return {name: max(50, int(count * scale)) for name, count in FULL_SIZES.items()}


# --- Database -------------------------------------------------------------------------------
def recreate_database() -> None:
    """DROP and CREATE the benchmark database through the maintenance database `postgres`."""
    import psycopg
    from django.conf import settings

    params = settings.DATABASES["default"]
    name = params["NAME"]
    if "bench" not in name:
        raise SystemExit(f"Refusing to drop {name!r}: the benchmark database name must say bench.")
    conninfo = {
        "dbname": "postgres",
        "host": params.get("HOST") or "127.0.0.1",
        "port": params.get("PORT") or 5432,
        "user": params.get("USER") or "postgres",
    }
    if params.get("PASSWORD"):
        conninfo["password"] = params["PASSWORD"]
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def field_default(field, connection):
    """The value a column gets when the generator does not provide it (model-declared default)."""
    from django.db import models

    if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
        value = NOW
    elif isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add):
        value = NOW.date()
    elif field.has_default():
        value = field.get_default()
    elif field.null:
        return None
    else:
        value = field.get_default()
    if isinstance(field, models.JSONField):
        return json.dumps(value)
    return field.get_db_prep_save(value, connection)


def copy_rows(model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """COPY `rows` (tuples in `columns` order) into `model`'s table. Columns the generator does
    not know (fields added later by other work) get the model's declared default."""
    from django.contrib.postgres.search import SearchVectorField
    from django.db import connection, models

    known = set(columns)
    extras = [
        field
        for field in model._meta.concrete_fields
        if field.column not in known
        and not isinstance(field, SearchVectorField)
        and not (field.primary_key and isinstance(field, models.AutoField | models.BigAutoField))
    ]
    extra_values = tuple(field_default(field, connection) for field in extras)
    all_columns = [*columns, *(field.column for field in extras)]
    sql = 'COPY "{}" ({}) FROM STDIN'.format(
        model._meta.db_table, ", ".join(f'"{column}"' for column in all_columns)
    )
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row + extra_values if extra_values else row)
            count += 1
    return count


def secondary_indexes(tables: Sequence[str]) -> list[tuple[str, str]]:
    """(name, definition) of the indexes of `tables` that back no constraint."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = 'public' AND i.tablename = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            ORDER BY i.tablename, i.indexname
            """,
            [list(tables)],
        )
        return cursor.fetchall()


def execute(sql: str, params: Sequence | None = None) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def reset_sequences(models_: Iterable) -> int:
    from django.core.management.color import no_style
    from django.db import connection

    tables = set(connection.introspection.table_names())
    models_ = [model for model in models_ if model._meta.db_table in tables]
    statements = connection.ops.sequence_reset_sql(no_style(), models_)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return len(statements)


def history_snapshot(model) -> int:
    """One '+' history row per object, set-based (as if each had been created once)."""
    from django.db import connection

    history_model = model.history.model
    base_columns = {field.column for field in model._meta.concrete_fields}
    history_columns = [
        field.column
        for field in history_model._meta.concrete_fields
        if field.column in base_columns and field.column != "history_id"
    ]
    columns = ", ".join(f'"{column}"' for column in history_columns)
    # Identifiers come from model metadata, never from input.
    target, source = history_model._meta.db_table, model._meta.db_table
    history = "history_date, history_type, history_change_reason, history_user_id"
    sql = f'INSERT INTO "{target}" ({columns}, {history}) SELECT {columns}, '
    sql += f"created_at, '+', NULL, NULL FROM \"{source}\""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.rowcount


# --- Generators -----------------------------------------------------------------------------
class Dataset:
    """Ids and relations shared between the generators (who belongs where)."""

    def __init__(self, rng: random.Random, sizes: dict[str, int]):
        from clusters.models import Cluster, TechnologyArea

        self.rng = rng
        self.sizes = sizes
        self.clusters = list(Cluster.objects.order_by("id").prefetch_related("focus_areas"))
        areas = list(TechnologyArea.objects.all())
        self.sub_area_ids = [area.id for area in areas if area.parent_id]
        children = defaultdict(list)
        for area in areas:
            if area.parent_id:
                children[area.parent_id].append(area.id)
        self.cluster_area_ids = {}
        for cluster in self.clusters:
            ids = []
            for area in cluster.focus_areas.all():
                ids.extend(
                    children.get(area.id, [area.id]) if area.parent_id is None else [area.id]
                )
            self.cluster_area_ids[cluster.id] = ids or self.sub_area_ids
        self.countries = sorted({str(cluster.country) for cluster in self.clusters})
        self.user_ids: list[int] = []
        self.staff_by_cluster: dict[int, list[int]] = defaultdict(list)
        self.member_ids: list[int] = []
        self.org_cluster: dict[int, int] = {}
        self.org_areas: dict[int, list[int]] = {}
        self.org_language: dict[int, str] = {}
        self.org_members: dict[int, list[int]] = defaultdict(list)
        self.active_org_ids: list[int] = []
        self.opp_org: dict[int, int] = {}
        self.opp_author: dict[int, int | None] = {}
        self.opp_status: dict[int, str] = {}
        self.opp_created: dict[int, dt.datetime] = {}
        self.opp_published_at: dict[int, dt.datetime] = {}
        self.opp_areas: dict[int, list[int]] = {}
        # (interest id, owner organization, interested organization, answered at)
        self.introductions: list[tuple[int, int, int, dt.datetime]] = []

    def pick_areas(self, cluster_id: int, low: int, high: int) -> list[int]:
        rng = self.rng
        pool = self.cluster_area_ids[cluster_id] if rng.random() < 0.6 else self.sub_area_ids
        return sorted(set(rng.sample(pool, min(len(pool), rng.randint(low, high)))))

    def past(self, max_days: float, min_days: float = 0) -> dt.datetime:
        return NOW - dt.timedelta(days=self.rng.uniform(min_days, max_days))


def build_users(data: Dataset) -> int:
    from django.conf import settings
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from bench import vocab

    rng = data.rng
    password = make_password("bench-password-not-secret")
    languages = [code for code, _ in settings.LANGUAGES]
    weights = [50, 15, 10, 8, 9, 8][: len(languages)] + [1] * max(0, len(languages) - 6)
    staff_end = CONSORTIUM_ADMINS + STAFF_PER_CLUSTER * len(data.clusters)

    def rows():
        for user_id in range(1, data.sizes["users"] + 1):
            first, last = vocab.person_name(rng)
            is_admin = user_id <= CONSORTIUM_ADMINS
            if CONSORTIUM_ADMINS < user_id <= staff_end:
                cluster = data.clusters[(user_id - CONSORTIUM_ADMINS - 1) // STAFF_PER_CLUSTER]
                data.staff_by_cluster[cluster.id].append(user_id)
            elif not is_admin:
                data.member_ids.append(user_id)
            data.user_ids.append(user_id)
            joined = data.past(6 * 365)
            yield (
                user_id,
                password,
                joined + dt.timedelta(days=rng.uniform(0, 30)),
                is_admin,
                first,
                last,
                is_admin,
                True,
                joined,
                f"user{user_id}@bench.example",
                rng.choice(vocab.JOB_TITLES),
                "",
                rng.choices(languages, weights)[0],
            )

    columns = [
        "id", "password", "last_login", "is_superuser", "first_name", "last_name", "is_staff",
        "is_active", "date_joined", "email", "job_title", "phone", "language",
    ]  # fmt: skip
    return copy_rows(User, columns, rows())


def build_cluster_staff(data: Dataset) -> dict[str, int]:
    """Cluster staff, each (like the consortium admins) with a TOTP authenticator: staff pages
    require two-factor authentication."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from accounts.models import User
    from clusters.models import ClusterStaff

    rows = (
        (cluster_id, user_id, NOW)
        for cluster_id, user_ids in data.staff_by_cluster.items()
        for user_id in user_ids
    )
    staff = copy_rows(ClusterStaff, ["cluster_id", "user_id", "created_at"], rows)
    staff_ids = [user_id for ids in data.staff_by_cluster.values() for user_id in ids]
    staff_ids += list(range(1, CONSORTIUM_ADMINS + 1))
    for user in User.objects.filter(pk__in=staff_ids):
        TOTP.activate(user, generate_totp_secret())
    return {"cluster staff": staff, "authenticators": len(staff_ids)}


def build_organizations(data: Dataset) -> int:
    from bench import vocab
    from core.slugs import ascii_slug
    from partners.models import Organization, OrganizationKind, SizeBand

    rng = data.rng
    kinds = list(OrganizationKind.values)
    kind_weights = [45, 15, 10, 6, 8, 12, 4][: len(kinds)]
    sizes = list(SizeBand.values)
    # The coordinator (CMC) and the big clusters have more members.
    cluster_weights = [3 if c.is_coordinator else rng.choice([1, 1.5, 2]) for c in data.clusters]

    def rows():
        for org_id in range(1, data.sizes["organizations"] + 1):
            cluster = data.clusters[0] if org_id == BUSY_ORG_ID else None
            cluster = cluster or rng.choices(data.clusters, cluster_weights)[0]
            kind = OrganizationKind.COMPANY if org_id == BUSY_ORG_ID else None
            kind = kind or rng.choices(kinds, kind_weights)[0]
            language = vocab.content_language(rng, str(cluster.country))
            name = vocab.local_organization_name(rng, kind, language)
            theme = vocab.theme_in(rng, language)
            slug = f"{ascii_slug(name, max_length=200)}-{org_id}"
            data.org_language[org_id] = language
            country = str(cluster.country) if rng.random() < 0.85 else rng.choice(data.countries)
            city = cluster.city if country == str(cluster.country) else ""
            verified = org_id == BUSY_ORG_ID or rng.random() < 0.7
            staff = data.staff_by_cluster.get(cluster.id) or [None]
            created = data.past(6 * 365)
            active = org_id == BUSY_ORG_ID or rng.random() < 0.97
            data.org_cluster[org_id] = cluster.id
            data.org_areas[org_id] = data.pick_areas(cluster.id, 1, 4)
            if active:
                data.active_org_ids.append(org_id)
            yield (
                org_id,
                name,
                slug,
                kind,
                cluster.id,
                country,
                city,
                rng.choice(sizes),
                rng.randint(1950, NOW.year),
                theme.paragraph(rng.randint(2, 5)),
                theme.offer(),
                theme.seek(),
                language,
                f"https://{slug[:60]}.example",
                "",
                f"info@{slug[:60]}.example",
                "",
                verified,
                rng.choice(staff) if verified else None,
                created + dt.timedelta(days=rng.uniform(0, 60)) if verified else None,
                active,
                created,
                created + dt.timedelta(days=rng.uniform(0, 300)),
            )

    columns = [
        "id", "name", "slug", "kind", "cluster_id", "country", "city", "size_band",
        "founded_year", "description", "capabilities", "needs", "language", "website", "logo",
        "email",
        "phone", "is_verified", "verified_by_id", "verified_at", "is_active", "created_at",
        "updated_at",
    ]  # fmt: skip
    return copy_rows(Organization, columns, rows())


def build_organization_links(data: Dataset) -> dict[str, int]:
    from bench import vocab
    from partners.models import Contact, Membership, MembershipRole, Organization

    rng = data.rng
    through = Organization.technology_areas.through
    areas = copy_rows(
        through,
        ["organization_id", "technologyarea_id"],
        ((org_id, area_id) for org_id, ids in data.org_areas.items() for area_id in ids),
    )

    def contact_rows():
        for org_id in data.org_cluster:
            for position in range(rng.randint(1, 2)):
                first, last = vocab.person_name(rng)
                yield (
                    org_id,
                    f"{first} {last}",
                    rng.choice(vocab.JOB_TITLES),
                    f"{first.lower()}.{org_id}.{position}@contacts.example",
                    "+00 000 0000",
                    rng.choice(["members", "introduced", "introduced", "private"]),
                    position,
                )

    contacts = copy_rows(
        Contact,
        ["organization_id", "name", "role", "email", "phone", "visibility", "position"],
        contact_rows(),
    )

    # Members: the busy user administers the busy organization and belongs to two more;
    # twenty colleagues share the busy organization; everyone else joins one organization,
    # a third of the organizations having several members.
    members = data.member_ids
    busy_user = members[0]
    pairs = [(busy_user, BUSY_ORG_ID, MembershipRole.ADMIN), (busy_user, 2, "member")]
    pairs.append((busy_user, 3, MembershipRole.MEMBER))
    pairs += [(user_id, BUSY_ORG_ID, MembershipRole.MEMBER) for user_id in members[1:21]]
    pool = data.active_org_ids[: max(10, len(data.active_org_ids) // 3)]
    for user_id in members[21:]:
        org_id = rng.choice(pool) if rng.random() < 0.5 else rng.choice(data.active_org_ids)
        role = MembershipRole.ADMIN if not data.org_members[org_id] else MembershipRole.MEMBER
        pairs.append((user_id, org_id, role))
        data.org_members[org_id].append(user_id)
    for user_id, org_id, _role in reversed(pairs[:23]):
        data.org_members[org_id].insert(0, user_id)
    memberships = copy_rows(
        Membership,
        ["user_id", "organization_id", "role", "created_at"],
        ((user_id, org_id, str(role), NOW) for user_id, org_id, role in pairs),
    )
    return {"org areas": areas, "contacts": contacts, "memberships": memberships}


def build_opportunities(data: Dataset) -> int:
    from bench import vocab
    from opportunities.models import (
        CloseReason,
        CollaborationType,
        DevelopmentStage,
        IPStatus,
        Opportunity,
        OpportunityStatus,
        OpportunityType,
    )
    from partners.models import OrganizationKind

    rng = data.rng
    types = list(OpportunityType.choices)
    statuses = list(OpportunityStatus.values)
    status_weights = {
        "draft": 7,
        "submitted": 3,
        "published": 45,
        "changes_requested": 2,
        "rejected": 3,
        "closed": 15,
        "expired": 25,
    }
    weights = [status_weights.get(status, 1) for status in statuses]
    stages = list(DevelopmentStage.values)
    ip_statuses = list(IPStatus.values)
    collaborations = list(CollaborationType.values)
    partner_kinds = list(OrganizationKind.values)
    # A fifth of the organizations post most of the opportunities.
    posters = data.active_org_ids[: max(10, len(data.active_org_ids) // 5)]
    today = NOW.date()

    def rows():
        for opp_id in range(1, data.sizes["opportunities"] + 1):
            if opp_id <= BUSY_ORG_OPPORTUNITIES:
                org_id = BUSY_ORG_ID
            elif rng.random() < 0.8:
                org_id = rng.choice(posters)
            else:
                org_id = rng.choice(data.active_org_ids)
            members = data.org_members.get(org_id) or [None]
            author = members[0] if org_id == BUSY_ORG_ID else rng.choice(members)
            status = rng.choices(statuses, weights)[0]
            type_value, type_label = rng.choice(types)
            submitted_at = published_at = closed_at = expires_on = None
            close_reason = moderation_comment = ""
            if status in ("published", "closed"):
                created = data.past(340, 1)
            elif status == "expired":
                created = data.past(5 * 365, 380)
            else:
                created = data.past(120)
            if status != "draft":
                submitted_at = created + dt.timedelta(hours=rng.uniform(1, 48))
            if status in ("published", "closed", "expired"):
                published_at = min(submitted_at + dt.timedelta(hours=rng.uniform(2, 96)), NOW)
                expires_on = published_at.date() + dt.timedelta(days=365)
                if status == "expired":
                    expires_on = min(expires_on, today - dt.timedelta(days=1))
            if status == "closed":
                closed_at = published_at + (NOW - published_at) * rng.random()
                close_reason = rng.choice(list(CloseReason.values))
            if status in ("changes_requested", "rejected"):
                moderation_comment = "Please add the development stage and target countries."
            stage = rng.choice(stages)
            # Mostly in the organization's language; some write their offers in English.
            language = data.org_language.get(org_id, "en") if rng.random() < 0.9 else "en"
            theme = vocab.theme_in(rng, language)
            data.opp_org[opp_id] = org_id
            data.opp_author[opp_id] = author
            data.opp_status[opp_id] = status
            data.opp_created[opp_id] = created
            data.opp_areas[opp_id] = data.pick_areas(data.org_cluster[org_id], 1, 3)
            if published_at:
                data.opp_published_at[opp_id] = published_at
            yield (
                opp_id,
                org_id,
                author,
                type_value,
                theme.title(str(type_label)),
                theme.paragraph(2)[:500],
                theme.paragraph(rng.randint(3, 7)),
                language,
                stage,
                rng.randint(1, 9),
                rng.choice(ip_statuses),
                json.dumps(rng.sample(collaborations, rng.randint(1, 3))),
                json.dumps(rng.sample(partner_kinds, rng.randint(1, 2))),
                json.dumps(rng.sample(data.countries, rng.randint(0, 3))),
                rng.random() < 0.1,
                status,
                moderation_comment,
                close_reason,
                submitted_at,
                published_at,
                expires_on,
                closed_at,
                created,
                closed_at or published_at or submitted_at or created,
            )

    columns = [
        "id", "organization_id", "author_id", "type", "title", "summary", "description",
        "language", "stage", "trl", "ip_status", "collaboration_types", "partner_kinds",
        "target_countries", "is_anonymous", "status", "moderation_comment", "close_reason",
        "submitted_at", "published_at", "expires_on", "closed_at", "created_at", "updated_at",
    ]  # fmt: skip
    return copy_rows(Opportunity, columns, rows())


def build_opportunity_links(data: Dataset) -> dict[str, int]:
    from bench import vocab
    from opportunities.models import ExpressionOfInterest, Opportunity, OpportunityEvent

    rng = data.rng
    through = Opportunity.technology_areas.through
    areas = copy_rows(
        through,
        ["opportunity_id", "technologyarea_id"],
        ((opp_id, area_id) for opp_id, ids in data.opp_areas.items() for area_id in ids),
    )

    # Interests go to published (and later closed or expired) opportunities.
    open_opps = [opp_id for opp_id in data.opp_published_at if opp_id > BUSY_ORG_OPPORTUNITIES]
    busy_published = [
        opp_id for opp_id in data.opp_published_at if opp_id <= BUSY_ORG_OPPORTUNITIES
    ]
    busy_published = busy_published or open_opps
    pairs: set[tuple[int, int]] = set()
    target = data.sizes["interests"]
    received = min(BUSY_ORG_INTERESTS_RECEIVED, target // 4)
    sent = min(BUSY_ORG_INTERESTS_SENT, target // 4)

    def add(opp_id: int, org_id: int) -> None:
        if data.opp_org[opp_id] != org_id:
            pairs.add((opp_id, org_id))

    while len(pairs) < received:
        add(rng.choice(busy_published), rng.choice(data.active_org_ids[1:]))
    while len(pairs) < received + sent:
        add(rng.choice(open_opps), BUSY_ORG_ID)
    while len(pairs) < target:
        add(rng.choice(open_opps), rng.choice(data.active_org_ids))
    interests = []
    for opp_id, org_id in sorted(pairs):
        published_at = data.opp_published_at[opp_id]
        created = published_at + (NOW - published_at) * rng.random()
        status = rng.choices(["pending", "accepted", "declined"], [30, 50, 20])[0]
        answered_at = None
        if status != "pending":
            answered_at = created + (NOW - created) * rng.random()
        interests.append((opp_id, org_id, status, created, answered_at))

    data.introductions = [
        (eoi_id, data.opp_org[opp_id], org_id, answered_at)
        for eoi_id, (opp_id, org_id, status, _created, answered_at) in enumerate(interests, 1)
        if status == "accepted"
    ]

    def interest_rows():
        for eoi_id, (opp_id, org_id, status, created, answered_at) in enumerate(interests, 1):
            members = data.org_members.get(org_id) or [None]
            yield (
                eoi_id,
                opp_id,
                org_id,
                rng.choice(members),
                vocab.Theme(rng).seek(),
                status,
                "Happy to talk." if status == "accepted" else "",
                data.opp_author[opp_id] if answered_at else None,
                answered_at,
                created,
            )

    eois = copy_rows(
        ExpressionOfInterest,
        [
            "id", "opportunity_id", "organization_id", "author_id", "message", "status",
            "reply", "answered_by_id", "answered_at", "created_at",
        ],
        interest_rows(),
    )  # fmt: skip

    def event_rows():
        for opp_id, status in data.opp_status.items():
            author = data.opp_author[opp_id]
            published_at = data.opp_published_at.get(opp_id)
            yield (opp_id, None, author, "created", "", "draft", data.opp_created[opp_id])
            if status == "draft":
                continue
            if published_at:
                yield (opp_id, None, None, "published", "submitted", "published", published_at)
                if status in ("closed", "expired"):
                    yield (opp_id, None, author, status, "published", status, published_at)
            elif status != "submitted":
                yield (opp_id, None, None, status, "submitted", status, NOW)
        for eoi_id, (opp_id, _org_id, status, created, answered_at) in enumerate(interests, 1):
            yield (opp_id, eoi_id, None, "interest_sent", "", "pending", created)
            if answered_at:
                yield (opp_id, eoi_id, None, f"interest_{status}", "pending", status, answered_at)

    events = copy_rows(
        OpportunityEvent,
        [
            "opportunity_id", "interest_id", "actor_id", "action", "from_status", "to_status",
            "created_at",
        ],
        event_rows(),
    )  # fmt: skip
    return {"opp areas": areas, "interests": eois, "events": events}


def build_follow_ups(data: Dataset) -> dict[str, int]:
    """A follow-up for every introduction, in every stage, with its last statement.

    Two in three have moved on from "introduced"; each row records the nudges already sent for
    the days passed, except for `nudges_due` introductions, left without a row and introduced
    over 30 days ago: the daily nudge task has exactly those to nudge.
    """
    from followups.models import AgreementType, FollowUp, FollowUpEvent, NoDealReason

    rng = data.rng
    stages = ["in_contact", "meeting_held", "nda_signed", "proposal", "agreement", "no_deal"]
    old_enough = [
        i for i, intro in enumerate(data.introductions) if intro[3] <= NOW - dt.timedelta(days=30)
    ]
    due = set(rng.sample(old_enough, min(len(old_enough), data.sizes.get("nudges_due", 0))))
    chosen = []
    for index, (interest_id, owner_id, interested_id, answered_at) in enumerate(data.introductions):
        if index in due:
            continue
        stage = "introduced"
        if rng.random() < 2 / 3:
            stage = rng.choices(stages, [25, 20, 15, 10, 20, 10])[0]
        changed = answered_at + (NOW - answered_at) * rng.random()
        chosen.append((interest_id, owner_id, interested_id, answered_at, stage, changed))
    data.nudges_due = len(due)

    def follow_up_rows():
        for follow_up_id, (interest_id, owner, interested, introduced, stage, changed) in enumerate(
            chosen, 1
        ):
            agreement = stage == "agreement"
            yield (
                follow_up_id,
                interest_id,
                owner,
                interested,
                introduced,
                stage,
                rng.choice(AgreementType.values) if agreement else "",
                "interested" if agreement else "",
                changed if agreement else None,
                rng.choice(NoDealReason.values) if stage == "no_deal" else "",
                min(3, sum(introduced + dt.timedelta(days=d) <= NOW for d in (30, 90, 180))),
                changed,
                changed,
            )

    follow_ups = copy_rows(
        FollowUp,
        [
            "id", "interest_id", "owner_organization_id", "interested_organization_id",
            "introduced_at", "stage", "agreement_type", "agreement_side",
            "agreement_recorded_at", "no_deal_reason", "nudges_sent", "created_at", "updated_at",
        ],
        follow_up_rows(),
    )  # fmt: skip
    events = copy_rows(
        FollowUpEvent,
        ["follow_up_id", "side", "action", "via", "from_stage", "to_stage", "created_at"],
        (
            (follow_up_id, "owner", "advanced", "dashboard", "introduced", stage, changed)
            for follow_up_id, (*_ids, stage, changed) in enumerate(chosen, 1)
            if stage != "introduced"
        ),
    )
    return {"follow-ups": follow_ups, "follow-up events": events, "nudges due": len(due)}


def build_matching(data: Dataset) -> dict[str, int]:
    """Alerts (saved searches) once the matching app has them; see bench/matching_data.py."""
    try:
        from bench import matching_data
    except ImportError:
        return {}
    return matching_data.build(data, copy_rows=copy_rows, now=NOW)


# --- Orchestration --------------------------------------------------------------------------
BIG_TABLES = [
    "partners_organization",
    "partners_organization_technology_areas",
    "partners_contact",
    "partners_membership",
    "opportunities_opportunity",
    "opportunities_opportunity_technology_areas",
    "opportunities_expressionofinterest",
    "opportunities_opportunityevent",
    "followups_followup",
    "followups_followupevent",
    "partners_historicalorganization",
    "opportunities_historicalopportunity",
]


def build(*, scale: float = 1.0, recreate: bool = True) -> dict:
    """Build the dataset; returns timings and row counts (also printed)."""
    global NOW
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    started = time.perf_counter()
    if recreate:
        django.setup()
        recreate_database()
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from demo import clusters as clusters_demo

    timings: dict[str, float] = {}
    counts: dict[str, int] = {}

    def step(name: str, function, *args):
        began = time.perf_counter()
        result = function(*args)
        timings[name] = round(time.perf_counter() - began, 2)
        if isinstance(result, dict):
            counts.update(result)
            detail = ", ".join(f"{key} {value:,}" for key, value in result.items())
        elif isinstance(result, int):
            counts[name] = result
            detail = f"{result:,} rows"
        else:
            detail = "done"
        log(f"{name}: {detail} in {timings[name]:.1f} s")
        return result

    step("migrate", call_command, "migrate", "--noinput", "-v0")
    NOW = timezone.now()
    rng = random.Random(SEED)
    sizes = sizes_for(scale)
    step("clusters", lambda: clusters_demo.seed(rng=rng) and None)
    data = Dataset(rng, sizes)
    execute("SET statement_timeout = 0")
    execute("SET maintenance_work_mem = '512MB'")
    execute("SET synchronous_commit = off")
    dropped = secondary_indexes(BIG_TABLES + _matching_tables())
    for name, _definition in dropped:
        execute(f'DROP INDEX "{name}"')
    step("users", build_users, data)
    step("cluster staff", build_cluster_staff, data)
    step("organizations", build_organizations, data)
    step("organization links", build_organization_links, data)
    step("opportunities", build_opportunities, data)
    step("opportunity links", build_opportunity_links, data)
    step("follow-ups", build_follow_ups, data)
    step("matching", build_matching, data)
    from opportunities.models import Opportunity
    from partners.models import Organization

    step("history", lambda: {
        "org history": history_snapshot(Organization),
        "opp history": history_snapshot(Opportunity),
    })  # fmt: skip
    from django.apps import apps

    step("sequences", reset_sequences, apps.get_models())

    def recreate_indexes():
        for _name, definition in dropped:
            execute(definition)
        return {"indexes": len(dropped)}

    step("indexes", recreate_indexes)
    step("vacuum analyze", execute, "VACUUM ANALYZE")
    connection.close()
    total = round(time.perf_counter() - started, 1)
    log(f"dataset built in {total:.1f} s")
    return {"seconds": total, "steps": timings, "rows": counts, "sizes": sizes, "scale": scale}


def _matching_tables() -> list[str]:
    try:
        from bench import matching_data
    except ImportError:
        return []
    return list(matching_data.TABLES)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", 1)))
    args = parser.parse_args()
    build(scale=args.scale)


if __name__ == "__main__":
    main()
