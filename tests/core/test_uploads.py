import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.uploads import (
    LOGO_MAX_BYTES,
    RandomFileName,
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


def test_an_image_declaring_a_huge_canvas_is_refused():
    buffer = io.BytesIO()
    Image.new("1", (8000, 8000)).save(buffer, format="PNG")  # 64 megapixels in a few KB
    upload = SimpleUploadedFile("bomb.png", buffer.getvalue())

    with pytest.raises(ValidationError) as error:
        validate_image_upload(upload)

    assert error.value.code == "too_many_pixels"


def test_an_image_attachment_declaring_a_huge_canvas_is_refused():
    buffer = io.BytesIO()
    Image.new("1", (8000, 8000)).save(buffer, format="PNG")
    upload = SimpleUploadedFile("figure.png", buffer.getvalue())

    with pytest.raises(ValidationError) as error:
        validate_attachment_upload(upload)

    assert error.value.code == "too_many_pixels"


def test_validation_leaves_the_file_ready_to_be_saved_from_its_start():
    upload = SimpleUploadedFile("logo.png", png_bytes())

    validate_image_upload(upload)

    assert upload.tell() == 0


@pytest.mark.parametrize(
    ("original", "extension"),
    [
        ("logo.PNG", ".png"),
        ("../../etc/passwd", ""),
        ("..\\..\\windows\\evil.jpg", ".jpg"),
        ("shell.php.png", ".png"),
        ("report.pdf<script>", ""),
        ("no-extension", ""),
    ],
)
def test_stored_names_are_random_and_keep_only_a_safe_extension(original, extension):
    name = RandomFileName("organizations/logos/")(None, original)

    directory, _, stored = name.rpartition("/")
    assert directory == "organizations/logos"
    assert re.fullmatch(r"[0-9a-f]{32}" + re.escape(extension), stored)


def test_two_uploads_of_the_same_file_get_different_names():
    upload_to = RandomFileName("logos")

    assert upload_to(None, "logo.png") != upload_to(None, "logo.png")


def test_the_upload_to_helper_is_stable_for_migrations():
    assert RandomFileName("logos").deconstruct() == (
        "core.uploads.RandomFileName",
        ("logos",),
        {},
    )
    assert RandomFileName("logos") == RandomFileName("/logos/")
