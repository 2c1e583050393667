"""Helpers for the organization editing tests: who edits, and what the browser posts."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from partners.models import Organization


def contacts_management(total: int = 0, initial: int = 0) -> dict:
    return {
        "contacts-TOTAL_FORMS": str(total),
        "contacts-INITIAL_FORMS": str(initial),
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
    }


def organization_form_data(org: Organization, **changes) -> dict:
    """What the edit form posts for an unchanged organization, plus `changes`."""
    data = {
        "name": org.name,
        "kind": org.kind,
        "country": str(org.country),
        "city": org.city,
        "size_band": org.size_band,
        "description": org.description,
        "capabilities": org.capabilities,
        "needs": org.needs,
        "language": org.language,
        "website": org.website,
        "email": org.email,
        "phone": org.phone,
        **contacts_management(),
    }
    data.update(changes)
    return data


def png_upload(name: str = "logo.png") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
