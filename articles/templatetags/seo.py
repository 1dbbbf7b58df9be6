"""The metadata of article pages in templates: ``{% load seo %}``.

In each page's ``{% block meta %}`` one of ``article_meta``, ``listing_meta``, ``author_meta``,
``series_meta``, ``tag_meta`` or ``outlet_meta``, which render ``includes/_meta.html``; and
``{% cite_this article %}``. (``canonical_url`` and the ``json_ld`` filter are the site's, in
``{% load site %}``; a conference's metadata is ``conferences``' own.)
"""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html_join

from articles import metadata, translations
from articles.citations import apa, chicago
from caucasuscenter.shared.metadata import PageMeta, canonical_url, organisation, shorten
from caucasuscenter.shared.metadata import absolute_for as _absolute

register = template.Library()

RSS, ATOM = "application/rss+xml", "application/atom+xml"


def _feeds(context, name, label, slug):
    absolute = _absolute(context)
    return [
        (RSS, f"{label} (RSS)", absolute(reverse(f"articles:{name}_feed", kwargs={"slug": slug}))),
        (ATOM, f"{label} (Atom)", absolute(reverse(f"articles:{name}_feed_atom", kwargs={"slug": slug}))),
    ]


def _is_filtered(context):
    filterset = context.get("filter")
    return bool(filterset is not None and filterset.is_filtered)


def _page_articles(context):
    return list(context.get("object_list") or context.get("article_list") or [])


@register.inclusion_tag("includes/_meta.html", takes_context=True)
def article_meta(context, article):
    absolute = _absolute(context)
    return {"meta": metadata.article_meta(article, absolute, canonical_url(context, article))}


@register.simple_tag(takes_context=True)
def hreflang_links(context, group):
    """``<link rel="alternate" hreflang>`` for every published piece of a translation group (the
    page's own included) and ``x-default`` (its original): nothing for a piece without translations."""
    links = translations.alternates(group, _absolute(context))
    return format_html_join("\n  ", '<link rel="alternate" hreflang="{}" href="{}">', links)


@register.inclusion_tag("includes/_meta.html", takes_context=True)
def listing_meta(context, title, description="", noindex=False, page_type="CollectionPage"):
    """A list of pieces (the article list, a search): a CollectionPage of the pieces on this page.

    Filtered views and searches are not for indexing: links to them are for readers.
    """
    url = canonical_url(context)
    absolute = _absolute(context)
    return {
        "meta": PageMeta(
            title=title,
            description=shorten(description),
            url=url,
            noindex=noindex or _is_filtered(context),
            json_ld=metadata.collection_json_ld(title, url, _page_articles(context), absolute, page_type=page_type),
        )
    }


@register.inclusion_tag("includes/_meta.html", takes_context=True)
def author_meta(context, author):
    absolute = _absolute(context)
    url = canonical_url(context)
    person = metadata.person(author, absolute)
    if author.short_bio:
        person["description"] = author.short_bio
    if author.photo:
        person["image"] = absolute(author.photo.url)
    return {
        "meta": PageMeta(
            title=author.name,
            description=shorten(author.short_bio or author.bio),
            url=url,
            og_type="profile",
            image=absolute(author.photo.url) if author.photo else "",
            image_alt=f"Portrait of {author.name}" if author.photo else "",
            twitter_creator=f"@{author.twitter}" if author.twitter else "",
            feeds=_feeds(context, "author", author.name, author.slug),
            noindex=_is_filtered(context),
            json_ld={
                "@context": "https://schema.org",
                "@type": "ProfilePage",
                "url": url,
                "mainEntity": person,
                "hasPart": metadata.collection_json_ld(
                    f"Pieces by {author.name}", url, _page_articles(context), absolute
                )["mainEntity"],
            },
        )
    }


@register.inclusion_tag("includes/_meta.html", takes_context=True)
def series_meta(context, series):
    absolute = _absolute(context)
    url = canonical_url(context)
    parts = [
        {
            "@type": article.kind.schema_type or "Article",
            "headline": shorten(article.title, 110),
            "url": absolute(article.get_absolute_url()),
            **({"position": article.series_part} if article.series_part else {}),
        }
        for article in _page_articles(context)
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWorkSeries",
        "name": series.title,
        "url": url,
        "publisher": organisation(),
        "hasPart": parts,
    }
    description = shorten(series.description)
    if description:
        data["description"] = description
    return {
        "meta": PageMeta(
            title=series.title,
            description=description,
            url=url,
            feeds=_feeds(context, "series", series.title, series.slug),
            noindex=_is_filtered(context),
            json_ld=data,
        )
    }


@register.inclusion_tag("includes/_meta.html", takes_context=True)
def tag_meta(context, tag):
    absolute = _absolute(context)
    url = canonical_url(context)
    title = tag.name
    return {
        "meta": PageMeta(
            title=title,
            description=f"Analysis and commentary on {tag.name} from {settings.SITE['name_in_text']}.",
            url=url,
            feeds=_feeds(context, "tag", tag.name, tag.slug),
            noindex=_is_filtered(context),
            json_ld=metadata.collection_json_ld(
                title, url, _page_articles(context), absolute, about={"@type": "Thing", "name": tag.name}
            ),
        )
    }


@register.inclusion_tag("includes/_meta.html", takes_context=True)
def outlet_meta(context, outlet):
    absolute = _absolute(context)
    url = canonical_url(context)
    about = {"@type": "Periodical", "name": outlet.name}
    if outlet.website:
        about["url"] = outlet.website
    return {
        "meta": PageMeta(
            title=outlet.name,
            description=shorten(outlet.description)
            or f"Pieces by authors of {settings.SITE['brand_in_text']} first published in {outlet.name}.",
            url=url,
            noindex=_is_filtered(context),
            json_ld=metadata.collection_json_ld(outlet.name, url, _page_articles(context), absolute, about=about),
        )
    }


@register.inclusion_tag("includes/_cite.html", takes_context=True)
def cite_this(context, article):
    """The “Cite this” box: Chicago and APA to copy, BibTeX and RIS to download."""
    url = canonical_url(context, article)
    return {
        "article": article,
        "chicago": chicago(article, url),
        "apa": apa(article, url),
    }
