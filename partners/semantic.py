"""What the directory gives the semantic search (core.semantic): an organization's name,
description, capabilities and needs, embedded by the worker whenever they change.
Registered in PartnersConfig.ready()."""

from core.embedded import embed_model

from .models import Organization

KIND = "organization"
# The semantic section's hits and the matching engine's signal: cosine similarity at least
# this (USE-multilingual v3, a short query against a profile; see the relevance set).
THRESHOLD = 0.2

embed_model(Organization, kind=KIND, fields=("name", "description", "capabilities", "needs"))
