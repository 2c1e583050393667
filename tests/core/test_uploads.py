import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.uploads import (
    LOGO_MAX_BYTES,
    validate_attachment_upload,
    validate_image_upload,
)


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_real_png_is_accepted():
    upload = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")

    assert validate_image_upload(upload) == "image/png"


def test_a_script_named_png_is_refused():
    upload = SimpleUploadedFile("logo.png", b"<script>alert(1)</script>", content_type="image/png")

    with pytest.raises(ValidationError) as error:
        validate_image_upload(upload)

    assert error.value.code == "not_image"


def test_a_truncated_png_is_refused():
    upload = SimpleUploadedFile("logo.png", png_bytes()[:40], content_type="image/png")

    with pytest.raises(ValidationError) as error:
        validate_image_upload(upload)

    assert error.value.code == "broken_image"


def test_a_too_large_logo_is_refused():
    upload = SimpleUploadedFile("logo.png", png_bytes() + b"\0" * LOGO_MAX_BYTES)

    with pytest.raises(ValidationError) as error:
        validate_image_upload(upload)

    assert error.value.code == "too_big"


def test_a_pdf_attachment_is_accepted():
    upload = SimpleUploadedFile("deck.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF")

    assert validate_attachment_upload(upload) == "application/pdf"


def test_an_executable_attachment_is_refused():
    upload = SimpleUploadedFile("deck.pdf", b"MZ\x90\x00" + b"\0" * 300)

    with pytest.raises(ValidationError) as error:
        validate_attachment_upload(upload)

    assert error.value.code == "not_allowed"
