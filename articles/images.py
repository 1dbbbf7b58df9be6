"""Uploaded images: checked before they are decoded, then re-encoded.

Re-encoding drops metadata (EXIF, GPS), anything appended to the file and any
payload a crafted file might carry; the stored name is random.
"""

import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from PIL import Image, ImageOps, UnidentifiedImageError

from . import renditions

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def _open(file):
    file.seek(0)
    try:
        image = Image.open(file)
    except (UnidentifiedImageError, OSError) as exc:
        raise ValidationError(
            "Upload a JPEG, PNG, WebP or GIF image; this file is not one.", code="invalid_image"
        ) from exc
    return image


def validate_image(file):
    """Check size, format and pixel count from the header, before decoding.

    A stored photo (a model's ``full_clean()`` validates it again) is opened to be read and closed again
    here; an upload stays open for the re-encoding."""
    opened_here = getattr(file, "closed", False)
    try:
        _validate_image(file)
    finally:
        if opened_here:
            file.close()


def _validate_image(file):
    max_bytes = settings.IMAGE_UPLOAD_MAX_BYTES
    if file.size is not None and file.size > max_bytes:
        raise ValidationError(
            "The image is %(size)s MB; the limit is %(limit)s MB.",
            code="image_too_large",
            params={"size": round(file.size / 1_048_576, 1), "limit": round(max_bytes / 1_048_576, 1)},
        )
    image = _open(file)
    if image.format not in ALLOWED_FORMATS:
        raise ValidationError(
            "Upload a JPEG, PNG, WebP or GIF image; this file is %(format)s.",
            code="image_format",
            params={"format": image.format},
        )
    width, height = image.size
    if width * height > settings.IMAGE_UPLOAD_MAX_PIXELS:
        raise ValidationError(
            "The image is %(width)s×%(height)s pixels; the limit is %(limit)s megapixels.",
            code="image_too_many_pixels",
            params={"width": width, "height": height, "limit": settings.IMAGE_UPLOAD_MAX_PIXELS // 1_000_000},
        )
    try:
        image.verify()
    except Exception as exc:  # Pillow raises many types for broken data
        raise ValidationError("The image file is damaged and cannot be read.", code="invalid_image") from exc
    file.seek(0)


def reencode(file) -> ContentFile:
    """Decode ``file`` and return a fresh JPEG (or PNG, if it has transparency)."""
    validate_image(file)
    image = _open(file)
    image = ImageOps.exif_transpose(image)
    image.thumbnail((settings.IMAGE_MAX_EDGE, settings.IMAGE_MAX_EDGE))
    has_alpha = image.mode in {"RGBA", "LA"} or (image.mode == "P" and "transparency" in image.info)
    out = io.BytesIO()
    if has_alpha:
        image.convert("RGBA").save(out, "PNG", optimize=True)
        ext = "png"
    else:
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True, progressive=True)
        ext = "jpg"
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{ext}")


class ReencodedImageField(models.ImageField):
    """An ImageField whose new uploads are validated and re-encoded on save, then given their
    renditions (``articles.renditions``).

    ``size_fields=("photo_width", "photo_height")`` names the model's fields that keep the stored
    photo's size, which pages work the renditions' sizes out from. They are set when a photo is
    stored and emptied when it is removed, never read from the file when a row is loaded (as
    ImageField's own ``width_field`` would: a file read, or an error for a missing file, per row).
    """

    default_validators = [*models.ImageField.default_validators, validate_image]

    def __init__(self, *args, size_fields=None, **kwargs):
        self.size_fields = size_fields
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.size_fields:
            kwargs["size_fields"] = self.size_fields
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        fresh = bool(file) and not file._committed
        size = None
        if fresh:
            encoded = reencode(file.file)
            file.name = encoded.name
            file.file = encoded
            with Image.open(encoded) as image:
                size = image.size
            encoded.seek(0)
        file = super().pre_save(model_instance, add)
        if fresh:
            renditions.make_renditions(file)
        if self.size_fields and (fresh or not file):
            for name, value in zip(self.size_fields, size or (None, None), strict=True):
                setattr(model_instance, name, value)
        return file
