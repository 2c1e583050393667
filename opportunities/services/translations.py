"""The author's translations of an opportunity's title and summary.

They are content like the original: written by the owner's members while the opportunity is
a draft or sent back for changes (a published opportunity is not edited, so a translation
reaches readers only through the cluster's review, as any edit does), saved with the edit
they belong to (`opportunity_save` records it as one event).
"""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from core.translations import clean_translations, translation_errors
from opportunities.models import Opportunity, OpportunityTranslation

from .lifecycle import _lock_editable

TRANSLATED_FIELDS = ("title", "summary")


@transaction.atomic
def opportunity_translations_set(
    *, actor: User, opportunity: Opportunity, translations: Sequence[dict[str, Any]]
) -> list[OpportunityTranslation]:
    """Make the opportunity's translations exactly the non-blank `translations` (dicts with
    `language`, `title`, `summary`): new ones added, changed ones updated (their author is who
    changed them last), missing ones deleted. All or nothing (core.translations' rules)."""
    _lock_editable(actor, opportunity)
    versions = clean_translations(
        translations,
        fields=TRANSLATED_FIELDS,
        original_language=opportunity.language,
        require_all=True,
    )
    existing = {t.language: t for t in opportunity.translations.all()}
    kept: list[OpportunityTranslation] = []
    for language, texts in versions.items():
        translation = existing.pop(language, None)
        if translation is None:
            translation = OpportunityTranslation(opportunity=opportunity, language=language)
        elif all(getattr(translation, name) == value for name, value in texts.items()):
            kept.append(translation)
            continue
        for name, value in texts.items():
            setattr(translation, name, value)
        translation.author = actor
        try:
            translation.full_clean(exclude=["opportunity", "author"])
        except ValidationError as error:
            raise translation_errors(language, error) from error
        translation.save()
        kept.append(translation)
    for translation in existing.values():
        translation.delete()
    return kept
