"""The site's template library, ``{% load site %}`` (registered in settings.TEMPLATES).

``{% canonical_url %}`` (or ``{% canonical_url article %}``) in ``base.html``; the ``json_ld`` filter
prints JSON-LD escaped like ``json_script``; ``{% site_meta %}`` is the home page's metadata;
``{{ value|at_precision:precision }}`` and ``{% time_at_precision value precision %}`` print a date
only as far as it is known (``caucasuscenter.shared.dates``); ``{% page_lang %}`` is the interface
language's tag for ``<html lang>``, ``{% language_switch %}`` the links to this page in each language;
``{% keep "name" %} … {% endkeep %}`` keeps a part of a page for the content version (``shared.fragments``).
"""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from caucasuscenter.shared import dates, fragments, metadata
from caucasuscenter.shared.languages import SITE_LANGUAGE_TAG, interface_language_tag
from caucasuscenter.shared.locale import language_choices

register = template.Library()
register.tag("keep", fragments.keep)


@register.simple_tag(takes_context=True)
def canonical_url(context, obj=None):
    """The page's one address: the object's URL, else this path with only a page number kept."""
    return metadata.canonical_url(context, obj)


@register.simple_tag
def page_lang():
    """The page's ``<html lang>``: the interface language (``en-GB``, ``az``, ``ru``, ``tr``)."""
    return interface_language_tag()


@register.inclusion_tag("includes/_language_switch.html", takes_context=True)
def language_switch(context):
    """Links to this page in each interface language (caucasuscenter.shared.locale)."""
    request = context.get("request")
    return {"languages": language_choices(request) if request is not None else []}


@register.filter
def at_precision(value, precision):
    """“27 April 2021”, “April 2021” or “2021”, as far as ``precision`` says the date is known."""
    return dates.format_date(value, precision)


@register.simple_tag
def time_at_precision(value, precision, css_class=""):
    """``<time datetime="2021-04">April 2021</time>``: the machine-readable date at the same precision."""
    if value is None:
        return ""
    return format_html(
        '<time datetime="{}"{}>{}</time>',
        dates.iso_date(value, precision),
        format_html(' class="{}"', css_class) if css_class else "",
        dates.format_date(value, precision),
    )


@register.filter
def json_ld(data):
    """``<script type="application/ld+json">`` with ``data``; data, not code, so a strict CSP allows it."""
    if not data:
        return ""
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(metadata.json_ld_text(data)))  # noqa: S308


@register.inclusion_tag("includes/_meta.html", takes_context=True)
def site_meta(context):
    """The home page: the organisation and the site with how to search it (one JSON-LD ``@graph``),
    and an OpenGraph/Twitter card showing the lead's photo when it has one."""
    absolute = metadata.absolute_for(context)
    url = absolute("/")
    search = absolute(reverse("articles:search"))
    organisation = metadata.organisation()
    organisation.update({"email": settings.SITE["email"], "description": settings.SITE["description"]})
    image, image_alt = getattr(context.get("front"), "share_image", ("", ""))
    return {
        "meta": metadata.PageMeta(
            title=settings.SITE["name"],
            description=settings.SITE["description"],
            url=url,
            image=absolute(image) if image else "",
            image_alt=image_alt,
            json_ld={
                "@context": "https://schema.org",
                "@graph": [
                    organisation,
                    {
                        "@type": "WebSite",
                        "@id": f"{url}#website",
                        "name": settings.SITE["name"],
                        "alternateName": settings.SITE["short_name"],
                        "url": url,
                        "inLanguage": SITE_LANGUAGE_TAG,
                        "publisher": {"@id": organisation["@id"]},
                        "potentialAction": {
                            "@type": "SearchAction",
                            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
                            "query-input": "required name=search_term_string",
                        },
                    },
                ],
            },
        )
    }
