"""Small template helpers for the public reading site."""

from django import template
from django.utils.html import format_html

from articles import renditions
from caucasuscenter.shared.languages import interface_content_language, interface_language_tag

register = template.Library()

RIGHT_TO_LEFT = {"fa", "ar", "he", "ur"}


def _language_attributes(language):
    if not language or language == interface_content_language():
        return ""
    direction = "rtl" if language in RIGHT_TO_LEFT else "ltr"
    return format_html(' lang="{}" dir="{}"', language, direction)


@register.simple_tag
def lang_attrs(article):
    """` lang="az" dir="ltr"` for text in the article's language, when it is not the page's (the interface's)."""
    return _language_attributes(getattr(article, "language", ""))


@register.simple_tag
def site_lang_attrs(article):
    """` lang="en-GB" dir="ltr"` (the interface's language) for the site's own words inside a piece
    written in another language."""
    language = getattr(article, "language", "")
    if not language or language == interface_content_language():
        return ""
    return format_html(' lang="{}" dir="ltr"', interface_language_tag())


@register.inclusion_tag("includes/_portrait.html")
def portrait(author, sizes="6rem", shown_at=160, css_class="portrait", alt="", lazy=True):
    """An author's portrait through its renditions (as ``photo``), or, without a portrait, their
    initials set in type: never an empty frame. ``alt`` is empty where the name is printed beside it."""
    return {
        "author": author,
        "picture": renditions.picture(author.photo, author.photo_width, author.photo_height, shown_at),
        "sizes": sizes,
        "css_class": css_class,
        "alt": alt,
        "lazy": lazy,
    }


@register.inclusion_tag("includes/_picture.html")
def photo(article, sizes, shown_at=800, lazy=True, css_class=""):
    """An article's photo as ``<picture>``: its renditions in WebP and its own format, ``srcset`` and
    ``sizes``, the width and height that keep the layout still, lazy unless it is above the fold.
    A photo whose size is unknown (stored before renditions; ``manage.py make_renditions``) is
    shown as stored."""
    return {
        "article": article,
        "picture": renditions.picture(article.photo, article.photo_width, article.photo_height, shown_at),
        "sizes": sizes,
        "lazy": lazy,
        "css_class": css_class,
    }
