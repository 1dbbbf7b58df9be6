"""Finding the file of a featured image: in the folder of the old site's uploads, or at its URL.

``--media-dir`` is the old ``wp-content/uploads`` folder (copied from the old server): a file is
looked for at its WordPress path (``_wp_attached_file``, e.g. ``2021/05/photo.jpg``), then by its
name. Fetching the attachment's URL happens only when asked (``--fetch-media``, the command only:
an export uploaded in the admin must not make the server fetch addresses it names), over http(s),
with a timeout and the photo upload limit. A photo that cannot be found is reported, never fatal.
"""

import urllib.request
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.base import ContentFile

FETCH_TIMEOUT = 10  # seconds


@dataclass
class Found:
    file: ContentFile | None
    problem: str = ""


def _relative(attachment):
    attached = attachment.meta.get("_wp_attached_file", "").strip()
    if attached:
        return PurePosixPath(attached)
    path = unquote(urlsplit(attachment.attachment_url).path)
    if "/uploads/" in path:
        return PurePosixPath(path.split("/uploads/", 1)[1])
    return PurePosixPath(PurePosixPath(path).name)


def _from_dir(media_dir, relative):
    root = Path(media_dir).resolve()
    for candidate in (root / relative, root / relative.name):
        candidate = candidate.resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            if candidate.stat().st_size > settings.IMAGE_UPLOAD_MAX_BYTES:
                return Found(None, f"{candidate.name} is larger than the photo limit")
            return Found(ContentFile(candidate.read_bytes(), name=candidate.name))
    return None


def _fetch(url):
    if urlsplit(url).scheme not in ("http", "https"):
        return Found(None, f"{url} is not an http(s) address")
    limit = settings.IMAGE_UPLOAD_MAX_BYTES
    try:
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as response:  # noqa: S310 (scheme checked above)
            data = response.read(limit + 1)
    except (OSError, ValueError) as exc:
        return Found(None, f"{url} could not be fetched ({exc.__class__.__name__})")
    if len(data) > limit:
        return Found(None, f"{url} is larger than the photo limit")
    return Found(ContentFile(data, name=PurePosixPath(urlsplit(url).path).name or "photo"))


def find_photo(attachment, media_dir=None, fetch=False):
    """The file of ``attachment`` (a ``parse.Item``), or why it was not found."""
    relative = _relative(attachment)
    if media_dir:
        found = _from_dir(media_dir, relative)
        if found:
            return found
    if fetch and attachment.attachment_url:
        return _fetch(attachment.attachment_url)
    where = f"in {media_dir}" if media_dir else "(no --media-dir given)"
    return Found(None, f"{relative} not found {where}")
