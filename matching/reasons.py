"""Why an opportunity matched: stored as codes + parameters, rendered in the reader's language.

Storing codes (not sentences) lets the same match read "shares Diagnostics / IVD" in an English
e-mail and in Japanese on the dashboard of a colleague.
"""

from collections.abc import Iterable

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from opportunities.models import CollaborationType, DevelopmentStage, OpportunityType
from partners.models import OrganizationKind

AREAS = "areas"
RELATED_AREAS = "related_areas"
TYPE = "type"
STAGE = "stage"
COLLABORATION = "collaboration"
COUNTRIES = "countries"
KEYWORDS = "keywords"
PARTNER_KIND = "partner_kind"
FITS_CAPABILITIES = "fits_capabilities"
FITS_NEEDS = "fits_needs"
CLOSE_TO_PROFILE = "close_to_profile"
CLOSE_TO_KEYWORDS = "close_to_keywords"

TEMPLATES = {
    AREAS: _("shares %(areas)s"),
    RELATED_AREAS: _("related to %(areas)s"),
    TYPE: _("is a %(type)s"),
    STAGE: _("at stage %(stage)s"),
    COLLABORATION: _("seeks %(collaboration)s"),
    COUNTRIES: _("targets %(countries)s"),
    KEYWORDS: _("mentions “%(keywords)s”"),
    PARTNER_KIND: _("looks for a partner like you (%(kind)s)"),
    FITS_CAPABILITIES: _("fits what you offer"),
    FITS_NEEDS: _("fits what you are looking for"),
    # The semantic signal (multilingual embeddings): close in meaning, in any language.
    CLOSE_TO_PROFILE: _("close in content to your organization's capabilities"),
    CLOSE_TO_KEYWORDS: _("close in content to your alert's keywords “%(keywords)s”"),
}


def reason(code: str, **params) -> dict:
    return {"code": code, "params": params}


def _join(values: Iterable[str]) -> str:
    return ", ".join(values)


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def render_reason(item: dict) -> str:
    """One reason as a sentence fragment in the active language ("" for unknown codes)."""
    code = item.get("code")
    params = item.get("params") or {}
    template = TEMPLATES.get(code)
    if template is None:
        return ""
    if code in (AREAS, RELATED_AREAS):
        values = {"areas": _join(gettext(name) for name in params.get("names", []))}
    elif code == TYPE:
        values = {"type": _label(OpportunityType, params.get("type", "")).lower()}
    elif code == STAGE:
        values = {"stage": _label(DevelopmentStage, params.get("stage", ""))}
    elif code == COLLABORATION:
        values = {
            "collaboration": _join(
                _label(CollaborationType, value).lower() for value in params.get("values", [])
            )
        }
    elif code == COUNTRIES:
        values = {
            "countries": _join(
                str(countries.name(value)) or value for value in params.get("values", [])
            )
        }
    elif code in (KEYWORDS, CLOSE_TO_KEYWORDS):
        values = {"keywords": params.get("keywords", "")}
    elif code == PARTNER_KIND:
        values = {"kind": _label(OrganizationKind, params.get("kind", "")).lower()}
    else:
        values = {}
    return str(template) % values if values else str(template)


def render_reasons(items: Iterable[dict]) -> list[str]:
    return [text for text in (render_reason(item) for item in items or []) if text]
