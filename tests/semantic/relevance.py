"""The relevance set (tests/data/relevance.json) measured on the real search: recall@10 of
the keyword search, of the semantic search and of the combined page, on same-language and
cross-language pairs. `make relevance` prints it (tests/semantic/test_relevance.py)."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import AnonymousUser

from core import semantic
from opportunities.selectors import opportunity_filterset, opportunity_semantic_hits
from partners.selectors import organization_filterset, organization_semantic_hits
from tests.clusters.factories import ClusterFactory
from tests.opportunities.factories import PublishedOpportunityFactory
from tests.partners.factories import OrganizationFactory

DATA = Path(__file__).resolve().parent.parent / "data" / "relevance.json"
K = 10
METHODS = ("keyword", "semantic", "combined")


@dataclass
class Recall:
    found: dict[tuple[str, str], int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def add(self, scope: str, method: str, hit: bool) -> None:
        self.found[scope, method] = self.found.get((scope, method), 0) + int(hit)

    def value(self, scope: str, method: str) -> float:
        return self.found.get((scope, method), 0) / max(self.total.get(scope, 0), 1)

    def table(self) -> str:
        lines = [f"{'pairs':<16}{'n':>4}" + "".join(f"{m:>11}" for m in METHODS)]
        for scope in ("same-language", "cross-language", "all"):
            lines.append(
                f"{scope:<16}{self.total.get(scope, 0):>4}"
                + "".join(f"{self.value(scope, m):>11.2f}" for m in METHODS)
            )
        return "\n".join(lines)


def load() -> dict:
    return json.loads(DATA.read_text())


def create_listings(data: dict) -> dict[str, int]:
    """The set's listings in a cluster of their own; their embeddings and index files."""
    cluster = ClusterFactory(slug="relevance-set", name="Relevance set")
    ids: dict[str, int] = {}
    owners = []
    for row in data["organizations"]:
        fields = {k: row[k] for k in ("name", "description", "capabilities", "needs", "language")}
        organization = OrganizationFactory(cluster=cluster, **fields)
        owners.append(organization)
        ids[row["key"]] = organization.pk
    for i, row in enumerate(data["opportunities"]):
        fields = {k: row[k] for k in ("title", "summary", "description", "language")}
        opportunity = PublishedOpportunityFactory(organization=owners[i % len(owners)], **fields)
        ids[row["key"]] = opportunity.pk
    for kind in ("organization", "opportunity"):
        semantic.embed(kind)
        semantic.build_index(kind)
    return ids


def measure(data: dict, ids: dict[str, int]) -> Recall:
    languages = {row["key"]: row["language"] for row in data["organizations"]}
    languages |= {row["key"]: row["language"] for row in data["opportunities"]}
    user = AnonymousUser()
    recall = Recall()
    for pair in data["queries"]:
        expected = pair["expected"]
        scope = "same-language" if pair["language"] == languages[expected] else "cross-language"
        filters = {"q": pair["query"], "cluster": "relevance-set"}
        if expected.startswith("o-"):
            kind, filterset = "organization", organization_filterset(filters=filters, user=user)
            section = organization_semantic_hits(filterset=filterset, user=user)
        else:
            kind, filterset = "opportunity", opportunity_filterset(filters=filters, user=user)
            section = opportunity_semantic_hits(filterset=filterset, user=user)
        keyword = [row.pk for row in filterset.qs[:K]]
        nearest = semantic.nearest(kind, semantic.query_vector(pair["query"]), limit=K) or []
        found = {
            "keyword": ids[expected] in keyword,
            "semantic": ids[expected] in [hit.object_id for hit in nearest],
            "combined": ids[expected] in keyword + [row.pk for row in section],
        }
        for s in (scope, "all"):
            recall.total[s] = recall.total.get(s, 0) + 1
            for method, hit in found.items():
                recall.add(s, method, hit)
        if not found["combined"]:
            recall.misses.append(f"{pair['language']}: {pair['query']} -> {expected}")
    return recall
