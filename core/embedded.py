"""Which models the semantic search embeds: `embed_model(Model, kind=..., fields=...)` in an
app's `semantic.py` registers the text (the fields, one per line) and connects the signals
that queue its embedding when a row is saved (every write path: services, admin, import,
API) and remove it when the row is deleted."""

from collections.abc import Iterator, Sequence

from django.db import models
from django.db.models.signals import post_delete, post_save

from . import semantic
from .models import Embedding
from .tasks import embed_on_commit


def embed_model(model: type[models.Model], *, kind: str, fields: Sequence[str]) -> None:
    def texts_of(ids: list[int] | None) -> Iterator[tuple[int, str]]:
        queryset = model._default_manager.order_by("pk")
        if ids is not None:
            queryset = queryset.filter(pk__in=ids)
        for pk, *parts in queryset.values_list("pk", *fields).iterator(chunk_size=2000):
            yield pk, semantic.joined_text(*parts)

    def saved(*, instance: models.Model, raw: bool = False, **_kwargs) -> None:
        if not raw:
            embed_on_commit(kind, instance.pk)

    def deleted(*, instance: models.Model, **_kwargs) -> None:
        Embedding.objects.filter(kind=kind, object_id=instance.pk).delete()

    semantic.register_kind(kind, texts_of)
    post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"semantic-{kind}-saved")
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"semantic-{kind}-deleted")
