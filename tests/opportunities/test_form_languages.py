import pytest
from django.utils import translation

from opportunities.forms import OpportunityForm


@pytest.mark.django_db
def test_target_countries_are_named_in_the_interface_language():
    with translation.override("de"):
        choices = dict(OpportunityForm().fields["target_countries"].choices)

    assert choices["DE"] == "Deutschland"
    assert choices["JP"] == "Japan"


@pytest.mark.django_db
def test_target_countries_follow_a_language_change_between_requests():
    with translation.override("fr"):
        OpportunityForm()
    with translation.override("en"):
        choices = dict(OpportunityForm().fields["target_countries"].choices)

    assert choices["DE"] == "Germany"
