"""Recall@10 on the relevance set (`make relevance` prints the table): the combined page —
keyword results and the "Similar in other languages" section — finds at least 90 % of the
same-language pairs and 70 % of the cross-language ones."""

import pytest

from tests.semantic.relevance import create_listings, load, measure

pytestmark = pytest.mark.django_db


def test_recall_at_10_of_the_combined_search_meets_the_targets():
    data = load()
    recall = measure(data, create_listings(data))
    print("\nRelevance set, recall@10\n" + recall.table())
    if recall.misses:
        print("missed by the combined page:\n  " + "\n  ".join(recall.misses))
    assert len(data["queries"]) >= 60
    assert recall.value("same-language", "combined") >= 0.9
    assert recall.value("cross-language", "combined") >= 0.7
