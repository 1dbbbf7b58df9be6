"""The interface language comes from the URL alone, and responses say so.

Django's ``LocaleMiddleware``, with ``i18n_patterns(prefix_default_language=False)``, already gives
every unprefixed address ``settings.LANGUAGE_CODE`` (British English) whatever the browser's
``Accept-Language`` or a language cookie says, and never redirects. It still adds
``Vary: Accept-Language`` to those responses, which tells shared caches (a CDN, nginx) to keep a copy
per browser language of a page that is the same for all of them. ``UrlLanguageMiddleware`` takes that
word back out: here the URL alone decides the language, so the URL alone keys a cached page
(caucasuscenter/shared/pagecache.py keys on the absolute URL).
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import get_script_prefix
from django.utils.translation import get_language_from_path

from caucasuscenter.shared.languages import INTERFACE_LANGUAGES, interface_language


class UrlLanguageMiddleware(LocaleMiddleware):
    """``LocaleMiddleware`` without ``Vary: Accept-Language`` (the language never depends on it)."""

    def process_response(self, request, response):
        varied_before = "accept-language" in response.get("Vary", "").lower()
        response = super().process_response(request, response)
        if not varied_before and response.has_header("Vary"):
            kept = [v.strip() for v in response["Vary"].split(",") if v.strip().lower() != "accept-language"]
            if kept:
                response.headers["Vary"] = ", ".join(kept)
            else:
                del response.headers["Vary"]
        return response


def language_choices(request):
    """The same page in each interface language: dicts of ``code``, ``tag``, ``name``, ``url`` and
    ``current``. The URL is this one with its language prefix swapped (none for English) and its
    query kept, so a filtered list stays filtered; it needs no URL to resolve, so a "not found"
    page links to the same address in the other languages too."""
    current = interface_language()
    path = request.path_info
    prefix = get_language_from_path(path)
    if prefix:
        path = path[len(prefix) + 1 :] or "/"
    query = request.META.get("QUERY_STRING", "")
    script_prefix = get_script_prefix().rstrip("/")
    choices = []
    for code, tag, name in INTERFACE_LANGUAGES:
        url = script_prefix + (path if code == settings.LANGUAGE_CODE else f"/{code}{path}")
        choices.append(
            {
                "code": code,
                "tag": tag,
                "name": name,
                "url": f"{url}?{query}" if query else url,
                "current": code == current,
            }
        )
    return choices
