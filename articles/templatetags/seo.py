"""Page metadata in templates: ``{% load seo %}``.

``{% canonical_url %}`` (or ``{% canonical_url article %}``) in ``base.html``; in each page's
``{% block meta %}`` one of ``article_meta``, ``listing_meta``, ``author_meta``, ``series_meta``,
``tag_meta``, ``outlet_meta``, ``conference_meta`` or ``site_meta``, which render
``includes/_meta.html``. JSON-LD is printed with the ``json_ld`` filter, escaped like
``json_script``.
"""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import metadata
from articles.citations import apa, chicago

register = template.Library()

RSS, ATOM = "application/rss+xml", "application/atom+xml"


def _absolute(context):
    request = context.get("request")
    if request is not None:
        return request.build_absolute_uri
    return lambda path: f"{settings.SITE_URL}{path}"


@register.simple_tag(takes_context=True)
def canonical_url(context, obj=None):
    """The page's one address: the object's URL, else this path with only a page number kept."""
    absolute = _absolute(context)
    if obj is not None:
        return absolute(obj.get_absolute_url())
    request = context.get("request")
    if request is None:
        return absolute("/")
    page = request.GET.get("page", "")
    path = request.path + (f"?page={page}" if page.isdigit() and int(page) > 1 else "")
    return absolute(path)


@register.filter
def json_ld(data):
    """``<script type="application/ld+json">`` with ``data``; data, not code, so a strict CSP allows it."""
    if not data:
        return ""
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(metadata.json_ld_text(data)))  # noqa: S308


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


@register.inclusion_tag("includes/_meta.html", takes_context=True)
def listing_meta(context, title, description="", noindex=False, page_type="CollectionPage"):
    """A list of pieces (the article list, a search): a CollectionPage of the pieces on this page.

    Filtered views and searches are not for indexing: links to them are for readers.
    """
    url = canonical_url(context)
    absolute = _absolute(context)
    return {
        "meta": metadata.PageMeta(
            title=title,
            description=metadata.shorten(description),
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
        "meta": metadata.PageMeta(
            title=author.name,
            description=metadata.shorten(author.short_bio or author.bio),
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
            "headline": metadata.shorten(article.title, 110),
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
        "publisher": metadata.organisation(),
        "hasPart": parts,
    }
    description = metadata.shorten(series.description)
    if description:
        data["description"] = description
    return {
        "meta": metadata.PageMeta(
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
        "meta": metadata.PageMeta(
            title=title,
            description=f"Analysis and commentary on {tag.name} from {metadata.ORGANISATION_NAME}.",
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
        "meta": metadata.PageMeta(
            title=outlet.name,
            description=metadata.shorten(outlet.description)
            or f"Pieces by Caucasus Center authors first published in {outlet.name}.",
            url=url,
            noindex=_is_filtered(context),
            json_ld=metadata.collection_json_ld(outlet.name, url, _page_articles(context), absolute, about=about),
        )
    }


@register.inclusion_tag("includes/_meta.html", takes_context=True)
def conference_meta(context, conference):
    absolute = _absolute(context)
    return {
        "meta": metadata.PageMeta(
            title=conference.title,
            description=metadata.shorten(getattr(conference, "summary", "")),
            url=canonical_url(context, conference),
            json_ld=metadata.conference_json_ld(conference, absolute),
        )
    }


@register.inclusion_tag("includes/_meta.html", takes_context=True)
def site_meta(context):
    """The home page: the site, its organisation, and how to search it."""
    absolute = _absolute(context)
    url = absolute("/")
    search = absolute(reverse("articles:search"))
    return {
        "meta": metadata.PageMeta(
            title=metadata.ORGANISATION_NAME,
            description=(
                "Independent analysis of Azerbaijan, Armenia, Georgia, Russia, Iran, Turkey and the wider region."
            ),
            url=url,
            json_ld={
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": metadata.ORGANISATION_NAME,
                "url": url,
                "publisher": metadata.organisation(),
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
                    "query-input": "required name=search_term_string",
                },
            },
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
