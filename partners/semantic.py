"""What the directory gives the semantic search (core.semantic): an organization's name,
description, capabilities and needs, and each translation of its profile (the name with the
translated description, capabilities and needs), embedded by the worker whenever they change.
Registered in PartnersConfig.ready()."""

from core.embedded import TranslatedTexts, embed_model

from .models import TRANSLATED_FIELDS, Organization, OrganizationTranslation

KIND = "organization"
# The semantic section's hits and the matching engine's signal: cosine similarity at least
# this (USE-multilingual v3, a short query against a profile; see the relevance set).
THRESHOLD = 0.2

embed_model(
    Organization,
    kind=KIND,
    fields=("name", "description", "capabilities", "needs"),
    translations=TranslatedTexts(
        model=OrganizationTranslation,
        key="organization",
        fields=TRANSLATED_FIELDS,
        row_fields=("name",),
    ),
)
