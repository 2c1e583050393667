"""The author's translations of an opportunity's title and summary.

They are content like the original: written by the owner's members while the opportunity is
a draft or sent back for changes (a published opportunity is not edited, so a translation
reaches readers only through the cluster's review, as any edit does), saved with the edit
they belong to (`opportunity_save` records it as one event).
"""

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from accounts.models import User
from core.translations import clean_translations, translations_save
from opportunities.models import Opportunity, OpportunityTranslation

from .lifecycle import _lock_editable

TRANSLATED_FIELDS = ("title", "summary")


@transaction.atomic
def opportunity_translations_set(
    *, actor: User, opportunity: Opportunity, translations: Sequence[dict[str, Any]]
) -> bool:
    """Make the opportunity's translations exactly the non-blank `translations` (dicts with
    `language`, `title`, `summary`): added, changed or deleted, all or nothing
    (core.translations' rules). Whether anything changed."""
    _lock_editable(actor, opportunity)
    versions = clean_translations(
        translations,
        fields=TRANSLATED_FIELDS,
        original_language=opportunity.language,
        require_all=True,
    )
    return translations_save(
        existing=opportunity.translations.all(),
        versions=versions,
        new=lambda language: OpportunityTranslation(opportunity=opportunity, language=language),
        actor=actor,
        exclude=["opportunity"],
    )
