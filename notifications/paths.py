"""Site paths notifications point to (made absolute with SITE_URL in e-mails)."""

from django.urls import NoReverseMatch, reverse


def opportunity_path(opportunity_id: int) -> str:
    try:
        return reverse("opportunities:detail", args=[opportunity_id])
    except NoReverseMatch:
        return f"/opportunities/{opportunity_id}/"
