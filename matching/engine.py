"""The matching engine: which alerts and organizations a published opportunity fits.

Everything is set-based: a fixed number of queries per opportunity, whatever the number of
alerts or organizations (one query reads the alerts that name the opportunity's areas, one
selects the satisfied alerts among them and those without areas, one the fitting
organizations, one reads their shared areas). Python only builds the reasons for
the rows the database returned.
"""

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL

from accounts.models import User
from clusters.models import TechnologyArea
from core import semantic
from core.db import json_array_contains, json_array_overlaps
from core.search import CJK_RUN, MultilingualSearchQuery, significant_terms
from opportunities.models import Opportunity, OpportunityStatus, OpportunityType
from opportunities.semantic import KIND as OPPORTUNITY_KIND
from partners.models import Membership, Organization
from partners.semantic import KIND as ORGANIZATION_KIND

from . import reasons as R
from .models import Alert, Match
from .semantic import KIND as ALERT_KIND

# The best-fitting organizations only: a match should be a recommendation, not a mailing list.
MAX_ORGANIZATION_MATCHES = 50

# Opportunities that seek something fit organizations that offer it (capabilities), and
# opportunities that offer something fit organizations that need it.
SEEKING_TYPES = {
    OpportunityType.TECHNOLOGY_REQUEST,
    OpportunityType.SERVICE_REQUEST,
    OpportunityType.INVESTMENT_SOUGHT,
    OpportunityType.PARTNERSHIP,
    OpportunityType.MARKET_ENTRY,
}

SCORE_ALERT_BASE = 50
SCORE_ALERT_PER_CRITERION = 10
SCORE_EXACT_AREA = 40
SCORE_RELATED_AREA = 25
SCORE_PARTNER_KIND = 20
SCORE_TARGET_COUNTRY = 20
SCORE_TEXT_FIT = 20
SCORE_CONTENT_CLOSE = 20
# The semantic signal: organizations and alert keywords whose embedding is this close to the
# opportunity's (cosine similarity, USE-multilingual v3), at most this many read.
CONTENT_CLOSE_PROFILE = 0.45
CONTENT_CLOSE_KEYWORDS = 0.3
CONTENT_CLOSE_CANDIDATES = 200
TEXT_FIT_TERMS = 12

# `keywords_query` is the keywords' multilingual tsquery, a generated column (matching
# migration 0006, not a model field); the opportunity's document is read once per query.
_KEYWORDS_MATCH_SQL = (
    "(SELECT search_vector FROM opportunities_opportunity WHERE id = %s)"
    " @@ matching_alert.keywords_query"
)

# The Latin document of what an organization offers or needs, stored with the row (partners
# migration 0012: `to_tsvector(wlscc_search_config(language), <field>)`, generated columns, not
# model fields), rather than built from the text for every candidate of every publication.
_TEXT_DOCUMENT_SQL = {
    "capabilities": '"partners_organization"."capabilities_document"',
    "needs": '"partners_organization"."needs_document"',
}


# What the reasons need of each matched organization.
ORGANIZATION_VALUES = ("pk", "kind", "country", "score", "in_target", "text_fit", "content_close")

# What the reasons and notifications need of each matched alert.
ALERT_VALUES = (
    "pk",
    "owner_id",
    "name",
    "frequency",
    "opportunity_types",
    "stages",
    "collaboration_types",
    "countries",
    "keywords",
    "keywords_found",
    "has_areas",
)


@dataclass
class AreaFacts:
    """The opportunity's areas and those related to them through the two-level taxonomy."""

    exact: dict[int, str] = field(default_factory=dict)
    related: dict[int, str] = field(default_factory=dict)

    @property
    def all_ids(self) -> set[int]:
        return set(self.exact) | set(self.related)

    # Sorted names by tuple of area ids: thousands of matched alerts name a few combinations.
    _names: dict[tuple, tuple[list[str], list[str]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def names(self, ids) -> tuple[list[str], list[str]]:
        key = tuple(ids)
        if key not in self._names:
            exact = sorted(self.exact[i] for i in key if i in self.exact)
            related = sorted(self.related[i] for i in key if i in self.related)
            self._names[key] = (exact, related)
        exact, related = self._names[key]
        return list(exact), list(related)


@dataclass
class MatchResult:
    opportunity: Opportunity
    alert_matches: list[Match] = field(default_factory=list)
    organization_matches: list[Match] = field(default_factory=list)
    # alert id -> (owner id, alert name, frequency) for the notifications
    alert_owners: dict[int, tuple[int, str, str]] = field(default_factory=dict)


def _area_facts(opportunity: Opportunity) -> AreaFacts:
    """One query: the taxonomy, flagged with the opportunity's own areas.

    Related areas are the top area above each of its sub-areas and the sub-areas below each
    of its top areas: an alert on "Medical devices" hears of a "Diagnostics / IVD" offer.
    """
    through = Opportunity.technology_areas.through
    rows = list(
        TechnologyArea.objects.annotate(
            own=Exists(
                through.objects.filter(
                    opportunity_id=opportunity.pk, technologyarea_id=OuterRef("pk")
                )
            )
        ).values_list("pk", "parent_id", "name", "own")
    )
    names = {pk: name for pk, _parent, name, _own in rows}
    own = {pk for pk, _parent, _name, is_own in rows if is_own}
    facts = AreaFacts(exact={pk: names[pk] for pk in own})
    for pk, parent_id, _name, _own in rows:
        if pk in own and parent_id is not None and parent_id not in own:
            facts.related[parent_id] = names[parent_id]
        elif pk not in own and parent_id in own:
            facts.related[pk] = names[pk]
    return facts


def excluded_users(opportunity: Opportunity) -> QuerySet:
    """The owner organization's people never get matched to their own opportunity."""
    return Membership.objects.filter(organization_id=opportunity.organization_id).values("user_id")


def _keywords_found(opportunity_id: int) -> RawSQL:
    return RawSQL(_KEYWORDS_MATCH_SQL, [opportunity_id], BooleanField())  # noqa: S611  # nosec B611


def _keywords_match(opportunity: Opportunity) -> Q:
    """The alert's keywords (web-search syntax: all words) are found in the opportunity."""
    if connection.vendor == "postgresql":
        return Q(_keywords_found(opportunity.pk))
    found = Opportunity.objects.filter(pk=opportunity.pk).filter(
        Q(title__icontains=OuterRef("keywords")) | Q(summary__icontains=OuterRef("keywords"))
    )
    return Q(Exists(found))


def alerts_naming_areas(areas: AreaFacts) -> dict[int, list[int]]:
    """Alert id -> the opportunity's areas (exact or related) it names. One query, on the link
    table's area index; inactive alerts included (the alert query leaves them out)."""
    named: dict[int, list[int]] = {}
    if not areas.all_ids:
        return named
    through = Alert.technology_areas.through
    for alert_id, area_id in through.objects.filter(
        technologyarea_id__in=areas.all_ids
    ).values_list("alert_id", "technologyarea_id"):
        named.setdefault(alert_id, []).append(area_id)
    return named


def _alert_id_in(ids: list[int]) -> Q:
    """`pk IN ids` with the ids as one array parameter on Postgres: thousands of them are not
    written into the SQL text one by one (measured: 2-5 ms of the client's time per thousand)."""
    if connection.vendor == "postgresql":
        any_of = RawSQL('"matching_alert"."id" = ANY(%s)', [ids], BooleanField())  # nosec B611
        return Q(any_of)
    return Q(pk__in=ids)


def satisfied_alerts(
    opportunity: Opportunity,
    naming_ids: Collection[int],
    close_alert_ids: Iterable[int] = (),
) -> QuerySet:
    """Active alerts whose every non-empty criterion the opportunity satisfies (one query),
    as rows of `ALERT_VALUES`. `naming_ids`: the alerts that name one of its areas."""
    organization = opportunity.organization
    countries = [str(organization.country), *opportunity.target_countries]

    query = Q(opportunity_types=[]) | json_array_contains("opportunity_types", opportunity.type)
    query &= Q(stages=[]) | (
        json_array_contains("stages", opportunity.stage) if opportunity.stage else Q(pk__in=[])
    )
    query &= Q(collaboration_types=[]) | (
        json_array_overlaps("collaboration_types", opportunity.collaboration_types)
        if opportunity.collaboration_types
        else Q(pk__in=[])
    )
    query &= Q(countries=[]) | json_array_overlaps("countries", countries)
    # Keywords: found in the text, or close in content to it in any language (semantic).
    close_ids = list(close_alert_ids)
    query &= Q(keywords="") | _keywords_match(opportunity) | Q(pk__in=close_ids)

    # Closed accounts: an anti-join on a partial index of the few inactive users, not a join
    # to every user (accounts migration 0003).
    inactive = User.objects.filter(is_active=False).values("pk")
    qs = (
        Alert.objects.filter(is_active=True)
        .exclude(owner_id__in=inactive)
        .exclude(owner_id__in=excluded_users(opportunity))
        .filter(query)
    )
    if opportunity.author_id:
        qs = qs.exclude(owner_id=opportunity.author_id)
    rows = (
        qs.annotate(keywords_found=ExpressionWrapper(_keywords_match(opportunity), BooleanField()))
        .values(*ALERT_VALUES)
        .order_by()
    )
    # Areas: the alerts without areas (a partial index) and, apart, those that name one of the
    # opportunity's areas (read before, by id): the criteria are tested on these rows only,
    # not on every active alert. (A semi-join on the link table made Postgres test every
    # alert's criteria, then join: it cannot tell how few alerts pass them.)
    arealess = rows.filter(has_areas=False)
    if not naming_ids:
        return arealess.order_by("name", "pk")
    naming = rows.filter(_alert_id_in(list(naming_ids)))
    return arealess.union(naming).order_by("name", "pk")


def _area_reasons(areas: AreaFacts, area_ids) -> list:
    """The shared areas by name, or else the related ones (same top area)."""
    exact, related = areas.names(area_ids)
    if exact:
        return [R.reason(R.AREAS, names=exact)]
    if related:
        return [R.reason(R.RELATED_AREAS, names=related)]
    return []


def _alert_reasons(
    alert: dict, opportunity: Opportunity, areas: AreaFacts, area_ids, countries: list[str]
) -> list:
    """`countries`: the opportunity's target countries, then its organization's country."""
    items = _area_reasons(areas, area_ids)
    if alert["opportunity_types"]:
        items.append(R.reason(R.TYPE, type=opportunity.type))
    if alert["stages"]:
        items.append(R.reason(R.STAGE, stage=opportunity.stage))
    if alert["collaboration_types"]:
        shared = [c for c in opportunity.collaboration_types if c in alert["collaboration_types"]]
        items.append(R.reason(R.COLLABORATION, values=shared))
    elif opportunity.collaboration_types:
        items.append(R.reason(R.COLLABORATION, values=opportunity.collaboration_types[:3]))
    if alert["countries"]:
        shared = list(dict.fromkeys(c for c in countries if c in alert["countries"]))
        items.append(R.reason(R.COUNTRIES, values=shared))
    elif opportunity.target_countries:
        items.append(R.reason(R.COUNTRIES, values=opportunity.target_countries[:3]))
    if alert["keywords"]:
        code = R.KEYWORDS if alert["keywords_found"] else R.CLOSE_TO_KEYWORDS
        items.append(R.reason(code, keywords=alert["keywords"]))
    return items


def _alert_score(alert: dict, has_area_criterion: bool) -> int:
    criteria = sum(
        1
        for present in (
            has_area_criterion,
            alert["opportunity_types"],
            alert["stages"],
            alert["collaboration_types"],
            alert["countries"],
            alert["keywords"],
        )
        if present
    )
    return min(100, SCORE_ALERT_BASE + SCORE_ALERT_PER_CRITERION * criteria)


def _text_fit(opportunity: Opportunity, text_field: str) -> Q | None:
    """Any significant term of the title (in any of the six languages) is found in the
    organization's free text (what it offers or what it needs). Postgres only; SQLite skips
    this criterion.

    Latin words: a full-text test on the field stemmed in the organization's language. CJK
    terms: a substring test, which is what their bigram phrase would match, without building
    the bigrams of every candidate's text (measured: +140 % on the organization query). One
    regular expression for all of them (`term|term|…`, the terms' own characters, escaped),
    not a LIKE per term: a Chinese title has up to TEXT_FIT_TERMS of them, and few
    organizations fit, so a score level's every candidate is tested (~8,000 at full scale);
    one pass over the text costs about half of twelve.
    """
    if connection.vendor != "postgresql":
        return None
    terms = significant_terms(opportunity.title, limit=TEXT_FIT_TERMS)
    latin = [term for term in terms if not CJK_RUN.search(term)]
    condition = Q()
    if latin:
        condition |= Q(_fit_vector=MultilingualSearchQuery(" or ".join(latin)))
    cjk = [term for term in terms if CJK_RUN.search(term)]
    if cjk:
        any_term = "|".join(re.escape(term) for term in cjk)
        condition |= Q(**{f"{text_field}__regex": any_term})
    return condition or None


def _organization_candidates(
    opportunity: Opportunity, areas: AreaFacts, close_ids: list[int]
) -> QuerySet:
    """Active organizations that share an area (exact or related) with the opportunity or whose
    profile is close in content to it (`close_ids`, the semantic signal, in any language), of the
    partner kinds it seeks, with `base`: their score without the text fit.

    Only uncorrelated `IN (subquery)` tests on the link table's area index and the columns of
    `org_match_cover_idx` (partners migration 0014): Postgres reads the candidates index-only,
    not from the wide organization rows (a correlated EXISTS made it read every active row)."""
    through = Organization.technology_areas.through

    def shares(area_ids: Collection[int]) -> Q:
        if not area_ids:
            return Q(Value(False))
        return Q(
            pk__in=through.objects.filter(technologyarea_id__in=area_ids).values("organization_id")
        )

    qs = (
        Organization.objects.filter(is_active=True)
        .exclude(pk=opportunity.organization_id)
        .annotate(
            shares_exact=ExpressionWrapper(shares(areas.exact), output_field=BooleanField()),
            shares_related=ExpressionWrapper(shares(areas.related), output_field=BooleanField()),
            content_close=ExpressionWrapper(Q(pk__in=close_ids), output_field=BooleanField()),
        )
        .filter(Q(shares_exact=True) | Q(shares_related=True) | Q(content_close=True))
    )
    if opportunity.partner_kinds:
        qs = qs.filter(kind__in=opportunity.partner_kinds)
    base = Case(
        When(shares_exact=True, then=Value(SCORE_EXACT_AREA)),
        When(shares_related=True, then=Value(SCORE_RELATED_AREA)),
        default=Value(0),
    ) + Case(When(content_close=True, then=Value(SCORE_CONTENT_CLOSE)), default=Value(0))
    if opportunity.partner_kinds:
        base = base + Value(SCORE_PARTNER_KIND)
    if opportunity.target_countries:
        qs = qs.annotate(
            in_target=ExpressionWrapper(
                Q(country__in=opportunity.target_countries), output_field=BooleanField()
            )
        )
        base = base + Case(When(in_target=True, then=Value(SCORE_TARGET_COUNTRY)), default=Value(0))
    else:
        qs = qs.annotate(in_target=Value(False, output_field=BooleanField()))
    return qs.annotate(base=base).order_by()


def _base_levels(opportunity: Opportunity, areas: AreaFacts, close_ids: list[int]) -> list[int]:
    """Every score a candidate can have without the text fit, highest first."""
    area_points = [SCORE_EXACT_AREA] if areas.exact else []
    area_points += [SCORE_RELATED_AREA] if areas.related else []
    area_points += [0] if close_ids else []
    close_points = [0, SCORE_CONTENT_CLOSE] if close_ids else [0]
    target_points = [0, SCORE_TARGET_COUNTRY] if opportunity.target_countries else [0]
    kind_points = SCORE_PARTNER_KIND if opportunity.partner_kinds else 0
    levels = {
        area + close + target + kind_points
        for area in area_points
        for close in close_points
        for target in target_points
    }
    return sorted(levels, reverse=True)


# The candidates' scores without the text fit, then the text fit read one score level at a time
# from the highest, and only while the levels above hold fewer than MAX_ORGANIZATION_MATCHES
# candidates scored above this level's best possible score (its base + SCORE_TEXT_FIT): no
# candidate of this level or below can rank among those. Within a level, the candidates that fit
# (base + SCORE_TEXT_FIT) and those that do not (base) are read in id order until
# MAX_ORGANIZATION_MATCHES of each are found: the later ones rank below them. The same rows in
# the same order as scoring every candidate, but the text fit (the candidate's own row, read by
# id) of a few hundred candidates instead of every one.
_ARM_SQL = (
    '{name} AS MATERIALIZED (SELECT candidates."pk", candidates."kind", candidates."country", '
    'candidates."base" + %s AS "score", candidates."in_target", fit."text_fit", '
    'candidates."content_close" FROM (SELECT * FROM level_candidates WHERE "base" = %s '
    'ORDER BY "pk" OFFSET 0) AS candidates CROSS JOIN LATERAL ({fit}) AS fit '
    'WHERE {fits}{gate} ORDER BY candidates."pk" LIMIT %s)'
)
_FITS = {True: 'fit."text_fit"', False: 'fit."text_fit" IS NOT TRUE'}
_RANKED_ORDER = 'ORDER BY ranked."score" DESC, ranked."pk" ASC LIMIT %s'
_GATE_SQL = ' AND (SELECT count(*) FROM ({above}) AS above WHERE above."score" > %s) < %s'


def _ranked_by_text_fit(candidates: QuerySet, fit: QuerySet, levels: list[int]) -> list[dict]:
    """The best MAX_ORGANIZATION_MATCHES `candidates` by score with the text fit, then by id,
    as rows of ORGANIZATION_VALUES (one query). `fit`: the text fit of the organization whose id
    is `candidates."pk"` (a one-row query, run for each candidate read)."""
    # Written as SQL because the ORM cannot say it: it has no CTE (`WITH … AS MATERIALIZED`),
    # no `CROSS JOIN LATERAL` and no `OFFSET 0` fence. As nested `Subquery`s, each arm would
    # compute the candidates again and each gate would repeat every arm above it, instead of
    # reading each materialized arm once.
    # Only this module's constants, generated CTE names and Django's compiled SQL (values are
    # parameters) are put together here: no value is written into the SQL text.
    candidates_sql, params = candidates.values(
        "pk", "kind", "country", "base", "in_target", "content_close"
    ).query.sql_with_params()
    fit_sql, fit_params = fit.query.sql_with_params()
    ctes = [f"level_candidates AS MATERIALIZED ({candidates_sql})"]
    params = list(params)
    arms: list[str] = []
    for base in levels:
        gate, gate_params = "", []
        if arms:
            above = " UNION ALL ".join(f'SELECT "score" FROM {arm}' for arm in arms)  # noqa: S608  # nosec B608
            gate = _GATE_SQL.format(above=above)
            gate_params = [base + SCORE_TEXT_FIT, MAX_ORGANIZATION_MATCHES]
        level_arms = []
        for fits in (True, False):
            name = f"arm_{len(arms) + len(level_arms)}"
            ctes.append(_ARM_SQL.format(name=name, fit=fit_sql, fits=_FITS[fits], gate=gate))
            bonus = SCORE_TEXT_FIT if fits else 0
            params += [bonus, base, *fit_params, *gate_params, MAX_ORGANIZATION_MATCHES]
            level_arms.append(name)
        arms += level_arms
    ranked = " UNION ALL ".join(f"SELECT * FROM {arm}" for arm in arms)  # noqa: S608  # nosec B608
    sql = f"WITH {', '.join(ctes)} SELECT * FROM ({ranked}) AS ranked {_RANKED_ORDER}"  # noqa: S608  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, MAX_ORGANIZATION_MATCHES])
        return [dict(zip(ORGANIZATION_VALUES, row, strict=True)) for row in cursor.fetchall()]


def fitting_organizations(
    opportunity: Opportunity, areas: AreaFacts, close_ids: Iterable[int] = ()
) -> list[dict]:
    """Organizations whose profile fits, best first, at most `MAX_ORGANIZATION_MATCHES`, as rows
    of ORGANIZATION_VALUES (one query): a shared (or related) area, or a profile close in
    content to the opportunity (`close_ids`, the semantic signal, in any language)."""
    close_ids = list(close_ids)
    candidates = _organization_candidates(opportunity, areas, close_ids)
    text_field = "capabilities" if opportunity.type in SEEKING_TYPES else "needs"
    text_fit = _text_fit(opportunity, text_field)
    if text_fit is None:
        best = candidates.annotate(
            score=F("base"), text_fit=Value(False, output_field=BooleanField())
        ).order_by("-score", "pk")[:MAX_ORGANIZATION_MATCHES]
        return list(best.values(*ORGANIZATION_VALUES))
    document = RawSQL(_TEXT_DOCUMENT_SQL[text_field], [], SearchVectorField())  # noqa: S611  # nosec B611
    fit = (
        Organization.objects.filter(pk=RawSQL('candidates."pk"', ()))  # nosec B611
        .annotate(_fit_vector=document)
        .annotate(text_fit=ExpressionWrapper(text_fit, output_field=BooleanField()))
        .order_by()
        .values("text_fit")[:1]
    )
    return _ranked_by_text_fit(candidates, fit, _base_levels(opportunity, areas, close_ids))


def _organization_reasons(row: dict, opportunity: Opportunity, areas: AreaFacts, area_ids):
    items = _area_reasons(areas, area_ids)
    if opportunity.partner_kinds:
        items.append(R.reason(R.PARTNER_KIND, kind=row["kind"]))
    if opportunity.collaboration_types:
        items.append(R.reason(R.COLLABORATION, values=opportunity.collaboration_types[:3]))
    if row["in_target"]:
        items.append(R.reason(R.COUNTRIES, values=[str(row["country"])]))
    if row["text_fit"]:
        code = R.FITS_CAPABILITIES if opportunity.type in SEEKING_TYPES else R.FITS_NEEDS
        items.append(R.reason(code))
    if row["content_close"]:
        items.append(R.reason(R.CLOSE_TO_PROFILE))
    return items


def compute_matches(opportunity: Opportunity) -> MatchResult:
    """The (unsaved) matches of a published opportunity. A fixed number of queries."""
    result = MatchResult(opportunity=opportunity)
    if opportunity.status != OpportunityStatus.PUBLISHED:
        return result
    areas = _area_facts(opportunity)
    # The semantic signal: the opportunity's stored vector (one query) and, per kind whose
    # index is available, the rows newer than the index (one query). None without an index.
    vector = (
        semantic.stored_vector(OPPORTUNITY_KIND, opportunity.pk)
        if semantic.available(ALERT_KIND) or semantic.available(ORGANIZATION_KIND)
        else None
    )
    close_alerts = semantic.neighbours(
        ALERT_KIND, vector, limit=CONTENT_CLOSE_CANDIDATES, threshold=CONTENT_CLOSE_KEYWORDS
    )
    close_organizations = semantic.neighbours(
        ORGANIZATION_KIND,
        vector,
        limit=CONTENT_CLOSE_CANDIDATES,
        threshold=CONTENT_CLOSE_PROFILE,
    )

    alert_areas = alerts_naming_areas(areas)
    alert_rows = list(satisfied_alerts(opportunity, alert_areas.keys(), close_alerts))
    countries = [*opportunity.target_countries, str(opportunity.organization.country)]
    for row in alert_rows:
        result.alert_matches.append(
            Match(
                opportunity=opportunity,
                alert_id=row["pk"],
                score=_alert_score(row, row["has_areas"]),
                reasons=_alert_reasons(
                    row, opportunity, areas, alert_areas.get(row["pk"], []), countries
                ),
            )
        )
        result.alert_owners[row["pk"]] = (row["owner_id"], row["name"], row["frequency"])

    if not areas.all_ids and not close_organizations:
        return result
    organization_rows = fitting_organizations(opportunity, areas, close_organizations)
    if organization_rows:
        through = Organization.technology_areas.through
        shared: dict[int, list[int]] = {}
        for organization_id, area_id in through.objects.filter(
            organization_id__in=[row["pk"] for row in organization_rows],
            technologyarea_id__in=areas.all_ids,
        ).values_list("organization_id", "technologyarea_id"):
            shared.setdefault(organization_id, []).append(area_id)
        for row in organization_rows:
            result.organization_matches.append(
                Match(
                    opportunity=opportunity,
                    organization_id=row["pk"],
                    score=min(100, row["score"]),
                    reasons=_organization_reasons(
                        row, opportunity, areas, shared.get(row["pk"], [])
                    ),
                )
            )
    return result
