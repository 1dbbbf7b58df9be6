"""What a page tells search engines, social sites and reference managers: the parts every page shares.

``PageMeta`` holds it and ``templates/includes/_meta.html`` prints it (OpenGraph and Twitter-card
tags, Highwire ``citation_*`` tags, alternate feeds, JSON-LD). The builders for each kind of page
live with their app (``articles.metadata``, ``conferences.metadata``); the site's own (the home page)
in ``caucasuscenter.templatetags``. ``canonical_url()`` gives a page its one address.
"""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags

OG_LOCALES = {
    "en": "en_GB",
    "az": "az_AZ",
    "ru": "ru_RU",
    "hy": "hy_AM",
    "tr": "tr_TR",
    "fa": "fa_IR",
    "ka": "ka_GE",
}
DESCRIPTION_LENGTH = 300


@dataclass
class PageMeta:
    title: str
    description: str
    url: str  # the canonical, absolute URL
    og_type: str = "website"
    locale: str = "en"
    image: str = ""
    image_alt: str = ""
    article: list = field(default_factory=list)  # ("article:published_time", "…") pairs
    twitter_creator: str = ""
    citation: list = field(default_factory=list)  # ("citation_title", "…") pairs, in Highwire's order
    feeds: list = field(default_factory=list)  # (MIME type, title, absolute URL)
    json_ld: dict | None = None
    noindex: bool = False

    @property
    def site_name(self):
        return settings.SITE["brand"]

    @property
    def og_locale(self):
        return OG_LOCALES.get(self.locale, "en_US")

    @property
    def twitter_card(self):
        return "summary_large_image" if self.image else "summary"


def shorten(text, length=DESCRIPTION_LENGTH):
    text = " ".join(strip_tags(text or "").split())
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


def iso(moment):
    return timezone.localtime(moment).isoformat() if hasattr(moment, "tzinfo") else moment.isoformat()


def organisation():
    """The Center as a schema.org Organization (publisher, organiser)."""
    return {
        "@type": "Organization",
        "@id": f"{settings.SITE_URL}/#organization",
        "name": settings.SITE["name"],
        "alternateName": settings.SITE["short_name"],
        "url": f"{settings.SITE_URL}/",
    }


def json_ld_text(data):
    """JSON for a ``<script type="application/ld+json">``: ``<``, ``>`` and ``&`` escaped, as
    Django's ``json_script`` does, so no text can close the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")


def absolute_for(context):
    """A function making a path absolute: from the template context's request, else ``SITE_URL``."""
    request = context.get("request")
    if request is not None:
        return request.build_absolute_uri
    return lambda path: f"{settings.SITE_URL}{path}"


def canonical_url(context, obj=None):
    """The page's one address: the object's URL (or, for a page republishing a whole piece, the
    original's: its ``canonical_elsewhere``), else this path with only a page number kept."""
    absolute = absolute_for(context)
    if obj is not None:
        return getattr(obj, "canonical_elsewhere", "") or absolute(obj.get_absolute_url())
    request = context.get("request")
    if request is None:
        return absolute("/")
    page = request.GET.get("page", "")
    path = request.path + (f"?page={page}" if page.isdigit() and int(page) > 1 else "")
    return absolute(path)
