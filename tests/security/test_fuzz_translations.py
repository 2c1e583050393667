"""The translations formset fuzzed: hostile values in its rows and its management form (a
language twice, the original's language, a made-up language, thousands of rows, NUL bytes,
huge texts) never get an HTTP 500, and never store a translation the rules refuse."""

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from core.languages import ContentLanguage
from opportunities.models import OpportunityTranslation
from partners.models import OrganizationTranslation
from tests.security.fuzz import ACCEPTABLE, FORM_EXAMPLES, fuzz_settings, hostile_value
from tests.security.test_fuzz_forms import FORMS, _prepared, objects  # noqa: F401
from tests.security.walk import fresh_client

pytestmark = pytest.mark.django_db

LANGUAGES = st.sampled_from(["en", "de", "fr", "zh", "ja", "ko", "zh-hans", "xx", "", "EN"])


def translation_changes(fields: list[str]):
    """Hostile values for the formset's own fields, or a language any row may claim."""
    names = sorted(name for name in fields if name.startswith("translations-"))
    values = st.one_of(hostile_value, LANGUAGES, st.integers(-5, 10**6).map(str))
    return st.dictionaries(st.sampled_from(names), values, min_size=1, max_size=5)


@pytest.mark.parametrize("target", ["opportunity edit", "opportunity post", "organization edit"])
def test_hostile_translations_never_get_a_server_error_nor_break_the_rules(objects, target):  # noqa: F811
    cookies, action, served = _prepared(objects, FORMS[target])
    assert any(name.startswith("translations-") for name in served), "the formset is served"

    @fuzz_settings(FORM_EXAMPLES)
    @given(changes=translation_changes(list(served)))
    def fuzz(changes):
        savepoint = transaction.savepoint()
        try:
            response = fresh_client(cookies).post(action, {**served, **changes})
            assert response.status_code in ACCEPTABLE, (action, changes, response.status_code)
            for model, parent in (
                (OpportunityTranslation, "opportunity"),
                (OrganizationTranslation, "organization"),
            ):
                for translation in model.objects.select_related(parent):
                    assert translation.language != getattr(translation, parent).language
                    assert translation.language in ContentLanguage.values
        finally:
            transaction.savepoint_rollback(savepoint)

    fuzz()
