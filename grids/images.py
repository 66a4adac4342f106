"""Uploaded photos: type from the bytes, size limits, re-encoded without metadata (GPS)."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Pillow format → (extension, save options). Nothing else is accepted.
FORMATS = {
    "JPEG": ("jpg", {"quality": 85, "optimize": True}),
    "PNG": ("png", {"optimize": True}),
    "WEBP": ("webp", {"quality": 85}),
}


def clean_photo(upload) -> ContentFile:
    """Return a fresh file holding only the pixels of `upload`, or raise ValidationError."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The photo is larger than 10 MB."), code="too_large")
    data = upload.read()
    try:
        # Image.open reads only the header: dimensions are checked before any decoding.
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not a JPEG, PNG or WebP photo."), code="not_image"
        ) from None
    if kind not in FORMATS:
        raise ValidationError(_("This file is not a JPEG, PNG or WebP photo."), code="not_image")
    if width * height > MAX_PIXELS:
        raise ValidationError(_("The photo has more than 40 megapixels."), code="too_many_pixels")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)  # keep the orientation, then drop EXIF
            if kind == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            extension, options = FORMATS[kind]
            # A new image from the pixels alone: no EXIF, XMP, ICC comments or text chunks.
            pixels = image.copy()
            pixels.info = {}
            pixels.save(out, format=kind, **options)
    except (OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("This photo could not be read."), code="broken") from None
    return ContentFile(out.getvalue(), name=f"photo.{extension}")
