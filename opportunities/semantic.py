"""What the marketplace gives the semantic search (core.semantic): an opportunity's title,
summary and description, and each of its author's translations (title and summary), embedded
by the worker whenever they change. Registered in OpportunitiesConfig.ready()."""

from core.embedded import TranslatedTexts, embed_model

from .models import Opportunity, OpportunityTranslation

KIND = "opportunity"
# Cosine similarity a semantic hit needs (a short query against a listing; see the
# relevance set), and what a similar opportunity needs (two listings).
THRESHOLD = 0.2
SIMILAR_THRESHOLD = 0.3

embed_model(
    Opportunity,
    kind=KIND,
    fields=("title", "summary", "description"),
    translations=TranslatedTexts(
        model=OpportunityTranslation, key="opportunity", fields=("title", "summary")
    ),
)
