"""Upload validation: the content decides (magic bytes), never the file name or the browser."""

import re
import uuid
from pathlib import PurePosixPath

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image

IMAGE_TYPES = {"image/png", "image/jpeg", "image/webp", "image/gif"}
ATTACHMENT_TYPES = IMAGE_TYPES | {"application/pdf"}
LOGO_MAX_BYTES = 2 * 1024 * 1024
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
# A small file can declare a huge canvas (a "decompression bomb"); no logo or figure needs
# more than 40 megapixels, and Pillow itself refuses beyond ~179.
IMAGE_MAX_PIXELS = 40_000_000

MESSAGE_TOO_BIG = _("The file is too large (%(size)s); the limit is %(limit)s.")
MESSAGE_NOT_IMAGE = _("This file is not a PNG, JPEG, WebP or GIF image.")
MESSAGE_NOT_ATTACHMENT = _("Only PDF documents and PNG, JPEG, WebP or GIF images can be attached.")
MESSAGE_BROKEN_IMAGE = _("This image is damaged or not really an image.")
MESSAGE_TOO_MANY_PIXELS = _(
    "This image is too large (%(width)s × %(height)s pixels); please upload a smaller one."
)


def _check_size(file: UploadedFile, limit: int) -> None:
    if file.size > limit:
        raise ValidationError(
            MESSAGE_TOO_BIG,
            code="too_big",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )


def sniff_content_type(file: UploadedFile) -> str | None:
    """The MIME type given by the file's first bytes, or None when unknown."""
    position = file.tell()
    file.seek(0)
    head = file.read(261)
    file.seek(position)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def _check_image_decodes(file: UploadedFile) -> None:
    position = file.tell()
    file.seek(0)
    try:
        with Image.open(file) as image:
            width, height = image.size
            image.verify()
    except Exception as error:
        raise ValidationError(MESSAGE_BROKEN_IMAGE, code="broken_image") from error
    finally:
        file.seek(position)
    if width * height > IMAGE_MAX_PIXELS:
        raise ValidationError(
            MESSAGE_TOO_MANY_PIXELS,
            code="too_many_pixels",
            params={"width": width, "height": height},
        )


def validate_image_upload(file: UploadedFile) -> str:
    """Validate a logo; returns its real content type."""
    _check_size(file, LOGO_MAX_BYTES)
    content_type = sniff_content_type(file)
    if content_type not in IMAGE_TYPES:
        raise ValidationError(MESSAGE_NOT_IMAGE, code="not_image")
    _check_image_decodes(file)
    return content_type


def validate_attachment_upload(file: UploadedFile) -> str:
    """Validate an opportunity attachment; returns its real content type."""
    _check_size(file, ATTACHMENT_MAX_BYTES)
    content_type = sniff_content_type(file)
    if content_type not in ATTACHMENT_TYPES:
        raise ValidationError(MESSAGE_NOT_ATTACHMENT, code="not_allowed")
    if content_type in IMAGE_TYPES:
        _check_image_decodes(file)
    return content_type


@deconstructible
class RandomFileName:
    """`upload_to` that stores a file under a random name in `directory`, keeping only a
    short, safe extension: the uploader's file name never reaches the disk or a URL.

        logo = models.ImageField(upload_to=RandomFileName("organizations/logos"))
    """

    def __init__(self, directory: str):
        self.directory = directory.strip("/")

    def __call__(self, instance, filename: str) -> str:
        extension = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
        if not re.fullmatch(r"\.[a-z0-9]{1,5}", extension):
            extension = ""
        return f"{self.directory}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other) -> bool:
        return isinstance(other, RandomFileName) and other.directory == self.directory

    def __hash__(self) -> int:
        return hash(self.directory)
