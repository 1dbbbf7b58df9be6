"""Photos at the widths pages show them: renditions beside the stored photo, and the markup naming them.

When a photo is stored (``ReencodedImageField``), a copy is made at each width of ``WIDTHS`` narrower
than the photo (and one at its own width, up to the widest), in the photo's format (JPEG, or PNG
with transparency) and in WebP where this Pillow can write it. They sit beside the photo and are
named after it: ``photos/2024/05/3f2a….jpg`` → ``photos/2024/05/3f2a…-800w.webp``. The photo's name
is random and never reused, so a rendition, once made, never changes.

Pages never look at the files: ``picture()`` works the names and sizes out from the photo's name and
dimensions (``photo_width``, ``photo_height``), so a page costs no file system or S3 request. Photos
stored before renditions existed get theirs from ``manage.py make_renditions``.
"""

import io
import posixpath
from dataclasses import dataclass

from PIL import Image, ImageOps, features

WIDTHS = (480, 800, 1200, 1600)
QUALITY = {"jpg": 82, "webp": 78}
PIL_FORMATS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}
MIME_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def webp_supported():
    return features.check("webp")


def widths_for(width):
    """The rendition widths of a photo ``width`` pixels wide: the standard ones below it, and its own
    width up to the widest."""
    widths = [w for w in WIDTHS if w < width]
    own = min(width, WIDTHS[-1])
    return widths if own in widths else [*widths, own]


def formats_for(name):
    """``(fallback, *better)``: the photo's own format, then WebP where Pillow writes it."""
    own = "png" if name.lower().endswith(".png") else "jpg"
    return (own, "webp") if webp_supported() else (own,)


def rendition_name(name, width, extension):
    stem, _ = posixpath.splitext(name)
    return f"{stem}-{width}w.{extension}"


def stored_size(field_file):
    """``(width, height)`` of a stored photo, upright (as its renditions are)."""
    with field_file.storage.open(field_file.name, "rb") as source:
        return ImageOps.exif_transpose(Image.open(source)).size


def make_renditions(field_file):
    """Write the missing renditions of a stored photo; returns the names written."""
    storage, name = field_file.storage, field_file.name
    with storage.open(name, "rb") as source:
        image = ImageOps.exif_transpose(Image.open(source))
        image.load()
    written = []
    for width in widths_for(image.width):
        copy = image.copy()
        copy.thumbnail((width, image.height * width // image.width + 1), Image.Resampling.LANCZOS)
        for extension in formats_for(name):
            target = rendition_name(name, width, extension)
            if storage.exists(target):
                continue
            out = io.BytesIO()
            mode = "RGBA" if extension != "jpg" and copy.mode in {"RGBA", "LA", "P"} else "RGB"
            options = {"quality": QUALITY[extension]} if extension in QUALITY else {"optimize": True}
            copy.convert(mode).save(out, PIL_FORMATS[extension], **options)
            storage.save(target, io.BytesIO(out.getvalue()))
            written.append(target)
    return written


@dataclass
class Picture:
    """What ``<picture>`` prints: the sources (one per better format), the fallback image and its size."""

    sources: list  # (MIME type, srcset)
    src: str
    srcset: str
    width: int
    height: int


def picture(field_file, width, height, shown_at=800):
    """The renditions of a photo ``width`` × ``height`` pixels; ``src`` is the one nearest ``shown_at``
    pixels wide (for browsers without ``srcset``). ``None`` when the photo's size is not known."""
    if not field_file or not width or not height:
        return None
    widths = widths_for(width)
    own, *better = formats_for(field_file.name)

    def srcset(extension):
        return ", ".join(
            f"{field_file.storage.url(rendition_name(field_file.name, w, extension))} {w}w" for w in widths
        )

    fallback = min(widths, key=lambda w: abs(w - shown_at))
    return Picture(
        sources=[(MIME_TYPES[extension], srcset(extension)) for extension in better],
        src=field_file.storage.url(rendition_name(field_file.name, fallback, own)),
        srcset=srcset(own),
        width=fallback,
        height=round(height * fallback / width),
    )
