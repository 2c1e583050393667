"""Why a participant is recommended: codes and parameters, rendered in the reader's language.

The same shape as matching's reasons (`{"code": ..., ...}`), computed here from the shared
technology areas and countries, since a feature app does not import another.
"""

from django.utils.translation import gettext as _

AREAS = "areas"
CROSS_BORDER = "cross_border"


def render_reason(reason: dict) -> str:
    if reason.get("code") == AREAS:
        return _("shares %(areas)s") % {"areas": ", ".join(reason.get("names", []))}
    if reason.get("code") == CROSS_BORDER:
        return _("cross-border: %(country)s") % {"country": reason.get("country", "")}
    return ""
