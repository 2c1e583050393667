"""What matching gives the semantic search (core.semantic): an alert's keywords, embedded by
the worker whenever they change, so that an opportunity close in content to them matches
across languages. Registered in MatchingConfig.ready()."""

from core.embedded import embed_model

from .models import Alert

KIND = "alert"

embed_model(Alert, kind=KIND, fields=("keywords",))
