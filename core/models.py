"""The models of core: embeddings of member texts for semantic search (core.semantic), and
the abstract base of the authors' translations (core.translations)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .languages import LANGUAGE_MAX_LENGTH, ContentLanguage


class Embedding(models.Model):
    """The multilingual sentence embedding of one version of an object's text, the source of
    truth of the semantic index files. `kind` names what was embedded ("organization",
    "opportunity", "alert"); `language` is "" for the original and the ContentLanguage of an
    author's translation otherwise (one row per version: every version is found). There is no
    foreign key, core imports no app (a row of a deleted object is removed by its app's signal,
    and a stale one is filtered out by every reader's query)."""

    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    # "" (the original) or the ContentLanguage of the translation embedded
    language = models.CharField(max_length=LANGUAGE_MAX_LENGTH, blank=True, default="")
    # 512 int8 components, the unit vector scaled so its largest component is ±127
    vector = models.BinaryField()
    # sha256 of the model version and the embedded text: unchanged text, no new embedding
    text_hash = models.CharField(max_length=64)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"], name="core_embedding_version_unique"
            )
        ]
        indexes = [models.Index(fields=["kind", "updated_at"], name="core_embedding_updated")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}{f' [{self.language}]' if self.language else ''}"


class Translation(models.Model):
    """A version of some of a row's texts in another ContentLanguage, written by its author
    (the subclass adds the key to its row, the texts, `author` and the unique constraint)."""

    language = models.CharField(
        _("language"), max_length=LANGUAGE_MAX_LENGTH, choices=ContentLanguage.choices
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ["language"]
