"""The one model of core: embeddings of member texts for semantic search (core.semantic)."""

from django.db import models
from django.utils import timezone


class Embedding(models.Model):
    """The multilingual sentence embedding of one object's text, the source of truth of the
    semantic index files. `kind` names what was embedded ("organization", "opportunity",
    "alert"); there is no foreign key, core imports no app (a row of a deleted object is
    removed by its app's signal, and a stale one is filtered out by every reader's query)."""

    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    # 512 int8 components, the unit vector scaled so its largest component is ±127
    vector = models.BinaryField()
    # sha256 of the model version and the embedded text: unchanged text, no new embedding
    text_hash = models.CharField(max_length=64)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="core_embedding_unique")
        ]
        indexes = [models.Index(fields=["kind", "updated_at"], name="core_embedding_updated")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
