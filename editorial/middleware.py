"""Two middlewares: the desk context around editors' admin POSTs, and redirects of old addresses."""

from urllib.parse import unquote

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse

from . import recording
from .models import Redirect


class DeskMiddleware:
    """Runs each POST a staff user makes in the admin inside a desk context (see ``recording``):
    revisions and audit entries are written when the response is not an error. Place it after
    the authentication middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if request.method != "POST" or user is None or not user.is_staff:
            return self.get_response(request)
        if not request.path.startswith(reverse("admin:index")):
            return self.get_response(request)
        with recording.desk(user) as state:
            response = self.get_response(request)
            if response.status_code >= 400:
                recording.discard(state)
        return response


def normalise_path(path):
    """The stored form of an old path: decoded, with a leading and a trailing slash."""
    path = unquote(path or "/")
    if not path.startswith("/"):
        path = "/" + path
    return path if path.endswith("/") else path + "/"


def address_by_id(path, key, value):
    """An address that names a piece by a number in its query, as WordPress's ``/?p=123`` does."""
    return f"{normalise_path(path)}?{key}={value}"


class RedirectFallbackMiddleware:
    """Old addresses (``editorial.Redirect``) answer 301 to where their content is now.

    One indexed query, and only where no page of ours answers: a 404, or a request whose query names a
    piece by number (``settings.REDIRECT_QUERY_KEYS``, WordPress's ``/?p=123``), which is looked up before
    the page (``/`` would answer it with the home page). Place it before the page cache. A redirect to a
    piece costs one query more, to check the piece is public."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.query_keys = tuple(getattr(settings, "REDIRECT_QUERY_KEYS", ()))

    def skipped(self, request):
        path = request.path
        prefixes = tuple(p for p in (reverse("admin:index"), settings.STATIC_URL, settings.MEDIA_URL) if p)
        return request.method not in ("GET", "HEAD") or len(path) > 500 or path.startswith(prefixes)

    def __call__(self, request):
        if self.skipped(request):
            return self.get_response(request)
        by_id = next(
            (
                address_by_id(request.path, key, value)
                for key in self.query_keys
                if (value := request.GET.get(key, "")).isdigit() and len(value) < 20
            ),
            None,
        )
        if by_id:
            target = Redirect.objects.target_of(by_id)
            if target:
                return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code != 404 or by_id:
            return response
        target = Redirect.objects.target_of(request.path, normalise_path(request.path))
        if target is None:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
