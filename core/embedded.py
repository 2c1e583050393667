"""Which models the semantic search embeds: `embed_model(Model, kind=..., fields=...)` in an
app's `semantic.py` registers the text (the fields, one per line) and connects the signals
that queue its embedding when a row is saved (every write path: services, admin, import,
API) and remove it when the row is deleted.

With `translations=TranslatedTexts(...)`, every author's translation of a row is embedded
too, as a version of its own (core.semantic): saving or deleting a translation queues the
embedding of its row, which (re)computes the versions whose text changed and removes those
that are gone."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db import models
from django.db.models.signals import post_delete, post_save

from . import semantic
from .models import Embedding
from .tasks import embed_on_commit

# Rows read at a time when every object is embedded (their translations: one query each).
CHUNK_SIZE = 1000


@dataclass(frozen=True)
class TranslatedTexts:
    """How a model's rows are translated: the translation model, its key to the row, the
    texts it translates, and the row's own fields embedded with each version (a name that is
    never translated)."""

    model: type[models.Model]
    key: str  # the foreign key to the row ("opportunity")
    fields: Sequence[str]
    row_fields: Sequence[str] = ()


def _chunks(queryset: models.QuerySet, names: Sequence[str]) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for values in queryset.values_list("pk", *names).iterator(chunk_size=CHUNK_SIZE * 2):
        chunk.append(dict(zip(("pk", *names), values, strict=True)))
        if len(chunk) >= CHUNK_SIZE:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def embed_model(
    model: type[models.Model],
    *,
    kind: str,
    fields: Sequence[str],
    translations: TranslatedTexts | None = None,
) -> None:
    row_fields = tuple(translations.row_fields) if translations else ()
    names = tuple(dict.fromkeys((*fields, *row_fields)))

    def translated(ids: list[int]) -> dict[int, dict[str, list[str]]]:
        """The versions of the rows `ids` by row and language (one query)."""
        if translations is None:
            return {}
        key = f"{translations.key}_id"
        versions: dict[int, dict[str, list[str]]] = {}
        rows = (
            translations.model._default_manager.filter(**{f"{key}__in": ids})
            .order_by(key, "language")
            .values_list(key, "language", *translations.fields)
        )
        for object_id, language, *parts in rows:
            versions.setdefault(object_id, {})[language] = parts
        return versions

    def texts_of(ids: list[int] | None) -> Iterator[tuple[int, semantic.Versions]]:
        queryset = model._default_manager.order_by("pk")
        if ids is not None:
            queryset = queryset.filter(pk__in=ids)
        for chunk in _chunks(queryset, names):
            by_row = translated([row["pk"] for row in chunk])
            for row in chunk:
                versions = {"": semantic.joined_text(*(row[name] for name in fields))}
                for language, parts in by_row.get(row["pk"], {}).items():
                    own = [row[name] for name in row_fields]
                    versions[language] = semantic.joined_text(*own, *parts)
                yield row["pk"], versions

    def saved(*, instance: models.Model, raw: bool = False, **_kwargs) -> None:
        if not raw:
            embed_on_commit(kind, instance.pk)

    def deleted(*, instance: models.Model, **_kwargs) -> None:
        Embedding.objects.filter(kind=kind, object_id=instance.pk).delete()

    semantic.register_kind(kind, texts_of)
    post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"semantic-{kind}-saved")
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"semantic-{kind}-deleted")
    if translations is None:
        return

    def version_changed(*, instance: models.Model, raw: bool = False, **_kwargs) -> None:
        if not raw:
            embed_on_commit(kind, getattr(instance, f"{translations.key}_id"))

    for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(
            version_changed,
            sender=translations.model,
            weak=False,
            dispatch_uid=f"semantic-{kind}-translation-{name}",
        )
