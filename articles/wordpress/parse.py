"""Reading a WordPress export (WXR) safely into plain dataclasses.

The file is streamed through defusedxml's ``iterparse`` with DTDs forbidden, so a document type
declaration, an entity (billion laughs) or an external reference (XXE) is refused before anything
is expanded or fetched. A file over ``settings.WORDPRESS_IMPORT_MAX_BYTES`` is refused before it
is read, elements nested deeper than ``MAX_DEPTH`` (a WXR needs 5 levels) while reading, and each
``<item>`` is dropped from the tree once it is turned into an :class:`Item`, so memory grows with
the posts' text, not with the XML. Every refusal is a :class:`WxrError` with a message for editors.
"""

import html
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import iterparse
from django.conf import settings

MAX_DEPTH = 64

NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
WP_PREFIX = "http://wordpress.org/export/"  # then 1.0/, 1.1/ or 1.2/, and …/excerpt/


class WxrError(ValueError):
    """The file cannot be imported; the message says why, for the editor."""


@dataclass(frozen=True)
class Term:
    """A category, tag or other taxonomy term attached to an item (``<category domain=… nicename=…>``)."""

    domain: str  # "category", "post_tag", "author" (Co-Authors Plus), "language" (Polylang), …
    slug: str
    name: str


@dataclass
class WxrAuthor:
    login: str
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""

    @property
    def name(self):
        full = f"{self.first_name} {self.last_name}".strip()
        return self.display_name.strip() or full or self.login


@dataclass
class Item:
    """One ``<item>``: a post, page, attachment, menu item, … as WordPress exported it."""

    post_id: int
    post_type: str = "post"
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    status: str = ""
    slug: str = ""
    date: datetime | None = None  # the site's local time, naive
    date_gmt: datetime | None = None  # UTC, naive; None for drafts that were never given one
    modified: datetime | None = None
    modified_gmt: datetime | None = None
    sticky: bool = False
    parent: int = 0
    password: str = ""
    attachment_url: str = ""
    terms: list[Term] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def label(self):
        title = " ".join(html.unescape(re.sub(r"<[^>]*>", "", self.title)).split())[:120]
        return f"{self.post_type} {self.post_id} “{title or '(no title)'}”"


@dataclass
class Export:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    language: str = ""
    wxr_version: str = ""
    authors: dict[str, WxrAuthor] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)

    @property
    def site(self):
        """What identifies the old site (post ids are unique only within one)."""
        return (self.base_blog_url or self.base_site_url or self.link).rstrip("/")


def _name(tag):
    """``{http://wordpress.org/export/1.2/}post_id`` → ``wp:post_id``."""
    if tag[:1] != "{":
        return tag
    namespace, _, local = tag[1:].partition("}")
    if namespace.startswith(WP_PREFIX):
        return ("excerpt:" if namespace.rstrip("/").endswith("excerpt") else "wp:") + local
    prefix = NAMESPACES.get(namespace)
    return f"{prefix}:{local}" if prefix else local


def _date(text):
    text = (text or "").strip()
    if not text or text.startswith("0000"):
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def _int(text):
    try:
        return int((text or "").strip())
    except ValueError:
        return 0


def _text(element):
    return element.text or ""


def _item(element):
    item = Item(post_id=0)
    for child in element:
        name, text = _name(child.tag), _text(child)
        match name:
            case "title":
                item.title = text
            case "link":
                item.link = text.strip()
            case "guid":
                item.guid = text.strip()
            case "dc:creator":
                item.creator = text.strip()
            case "content:encoded":
                item.content = text
            case "excerpt:encoded":
                item.excerpt = text
            case "wp:post_id":
                item.post_id = _int(text)
            case "wp:post_date":
                item.date = _date(text)
            case "wp:post_date_gmt":
                item.date_gmt = _date(text)
            case "wp:post_modified":
                item.modified = _date(text)
            case "wp:post_modified_gmt":
                item.modified_gmt = _date(text)
            case "wp:post_name":
                item.slug = text.strip()
            case "wp:status":
                item.status = text.strip()
            case "wp:post_parent":
                item.parent = _int(text)
            case "wp:post_type":
                item.post_type = text.strip()
            case "wp:post_password":
                item.password = text
            case "wp:is_sticky":
                item.sticky = text.strip() == "1"
            case "wp:attachment_url":
                item.attachment_url = text.strip()
            case "category":
                item.terms.append(Term(child.get("domain", ""), child.get("nicename", ""), text.strip()))
            case "wp:postmeta":
                key = value = ""
                for part in child:
                    if _name(part.tag) == "wp:meta_key":
                        key = _text(part).strip()
                    elif _name(part.tag) == "wp:meta_value":
                        value = _text(part)
                item.meta.setdefault(key, value)
    return item


def _author(element):
    values = {_name(child.tag): _text(child).strip() for child in element}
    return WxrAuthor(
        login=values.get("wp:author_login", ""),
        display_name=values.get("wp:author_display_name", ""),
        first_name=values.get("wp:author_first_name", ""),
        last_name=values.get("wp:author_last_name", ""),
    )


class _Limited:
    """A file that refuses to be read past ``limit`` bytes (for streams whose size is not known)."""

    def __init__(self, file, limit):
        self.file, self.limit, self.read_so_far = file, limit, 0

    def read(self, size=-1):
        chunk = self.file.read(size)
        self.read_so_far += len(chunk)
        if self.read_so_far > self.limit:
            raise WxrError(_too_large(self.read_so_far, self.limit))
        return chunk


def _too_large(size, limit):
    return (
        f"The file is over {limit / 1_048_576:.0f} MB (the import limit, WORDPRESS_IMPORT_MAX_BYTES); split the export."
    )


def file_size(file):
    try:
        return os.fstat(file.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        return getattr(file, "size", None)


def parse(file, max_bytes=None):
    """Read the WXR in ``file`` (a binary file object) into an :class:`Export`; raise :class:`WxrError`."""
    limit = max_bytes if max_bytes is not None else settings.WORDPRESS_IMPORT_MAX_BYTES
    size = file_size(file)
    if size is not None and size > limit:
        raise WxrError(_too_large(size, limit))
    export = Export()
    depth = 0
    path = []
    try:
        for event, element in iterparse(_Limited(file, limit), events=("start", "end"), forbid_dtd=True):
            if event == "start":
                depth += 1
                if depth > MAX_DEPTH:
                    raise WxrError(f"The file nests elements more than {MAX_DEPTH} levels deep; a WXR needs 5.")
                name = _name(element.tag)
                if depth == 1 and name != "rss":
                    raise WxrError(f"This is not a WordPress export (WXR): its root element is <{name}>, not <rss>.")
                path.append(name)
                continue
            depth -= 1
            name = path.pop()
            if depth == 2 and path[-1] == "channel":
                _channel_child(export, name, element)
            elif depth == 1 and name != "channel":
                element.clear()
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise WxrError(f"The file is not well-formed XML (line {line}, column {column}); is it complete?") from exc
    except DTDForbidden as exc:
        raise WxrError(
            "The file declares a document type (DTD); a WordPress export has none, so it is refused."
        ) from exc
    except (EntitiesForbidden, ExternalReferenceForbidden) as exc:
        raise WxrError("The file declares entities or external references; it is refused.") from exc
    except DefusedXmlException as exc:
        raise WxrError(f"The file is refused: {exc}.") from exc
    if not export.wxr_version and not export.authors and not any(item.post_id for item in export.items):
        raise WxrError("This RSS file is not a WordPress export (WXR): it has no wp:wxr_version, authors or posts.")
    return export


def _channel_child(export, name, element):
    match name:
        case "item":
            export.items.append(_item(element))
        case "wp:author":
            author = _author(element)
            if author.login:
                export.authors[author.login] = author
        case "title":
            export.title = _text(element).strip()
        case "link":
            export.link = _text(element).strip()
        case "language":
            export.language = _text(element).strip()
        case "wp:base_site_url":
            export.base_site_url = _text(element).strip()
        case "wp:base_blog_url":
            export.base_blog_url = _text(element).strip()
        case "wp:wxr_version":
            export.wxr_version = _text(element).strip()
    element.clear()
