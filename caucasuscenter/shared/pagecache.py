"""The anonymous page cache: whole pages for readers who are not logged in, shared by every app server.

**What is cached.** A GET from a visitor who sends no session cookie (so is not logged in and has
no message waiting) is answered from the cache when it can be. A response is stored only if it is a
plain ``200`` that sets no cookie, does not vary on ``Cookie``, carries no CSRF token and no CSP
nonce, and does not forbid caching (``never_cache``, ``private``). So the conference forms (their
CSRF token), the admin, previews and private links always go to their view; nobody is ever served
another visitor's token.

**Invalidation.** Pages are stored under a *content version*. Saving or deleting anything readers
see starts a new version once the transaction commits (the apps list their models with
``invalidate_on_change()`` in ``AppConfig.ready()``), and so does any successful POST by a staff
user, because admin actions write with ``QuerySet.update()``, which sends no signal. Time changes
pages too: a scheduled article goes live, a call for papers opens or closes. The apps register
those moments with ``expire_at()``; the version ends at the earliest one and no page outlives it.

**Releases.** Every key holds a digest of the release (``release()``: the templates, code, compiled
translations and static manifest), so that during a deploy app servers of the old and the new
release, sharing one Redis, never serve each other's pages; a deploy needs no emptying of the cache.

**Where it lives.** In the ``default`` cache: Redis when ``REDIS_URL`` is set, so every app server
sees a new version at once; otherwise local memory, which is private to each process, so an edit
made through one process reaches the others' copies only when they expire (``PAGE_CACHE_SECONDS``,
60 by default without Redis). Run one process, or set ``REDIS_URL``. ``PAGE_CACHE_SECONDS=0``
turns the page cache off.
"""

import functools
import hashlib
import logging
import math
import secrets
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

logger = logging.getLogger(__name__)

STATE_KEY = "pagecache:state"
UNCACHEABLE_DIRECTIVES = {"private", "no-cache", "no-store"}

_expiry_functions = []


# --- The content version ---------------------------------------------------------------------


def expire_at(moment):
    """Register ``moment(now)``: the next time pages change by themselves (or ``None``)."""
    _expiry_functions.append(moment)
    return moment


def next_change(now):
    moments = [m for m in (moment(now) for moment in _expiry_functions) if m is not None and m > now]
    return min(moments, default=None)


def current_state(now):
    """``(version, until)``: the content version, and when it ends by itself (or ``None``)."""
    state = cache.get(STATE_KEY)
    if state is None or (state[1] is not None and state[1] <= now):
        until = next_change(now)
        state = (secrets.token_hex(8), until)
        cache.set(STATE_KEY, state, None if until is None else max(1, math.ceil((until - now).total_seconds())))
    return state


#: What renders the pages: the project's templates, code and compiled translations (``release()``).
RELEASE_SOURCES = ("templates", "locale", "caucasuscenter", "articles", "conferences", "editorial", "alerts")
RELEASE_SUFFIXES = (".html", ".txt", ".xml", ".py", ".mo")


@functools.cache
def release():
    """A digest of what renders the pages (the project's templates, Python code, compiled
    translations and static files' manifest), read once per process. It is part of every key, so
    that app servers of two releases sharing one Redis during a deploy never serve each other's
    pages or parts, and a deploy needs no emptying of the cache."""
    root = Path(settings.BASE_DIR)
    paths = [
        path
        for source in RELEASE_SOURCES
        for path in (root / source).rglob("*")
        if path.suffix in RELEASE_SUFFIXES and path.is_file()
    ]
    if settings.STATIC_ROOT and (manifest := Path(settings.STATIC_ROOT) / "staticfiles.json").is_file():
        paths.append(manifest)
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(f"{path.name}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def timeout_for(seconds, until, now):
    """How long an entry of this content version may be kept: ``seconds``, but not past ``until``."""
    return seconds if until is None else min(seconds, math.floor((until - now).total_seconds()))


def kept(key, timeout, compute, may_keep=None):
    """``compute()``, read from the cache under ``key``, or computed and stored there for ``timeout``
    seconds (not at all under 1 s, or when ``may_keep(value)`` is false). A cache that is down means
    computing afresh, never an error."""
    try:
        value = cache.get(key)
    except Exception:
        logger.exception("Cache unavailable; computing %s afresh", key)
        return compute()
    if value is None:
        value = compute()
        if timeout >= 1 and (may_keep is None or may_keep(value)):
            try:
                cache.set(key, value, timeout)
            except Exception:
                logger.exception("Cache unavailable; %s not stored", key)
    return value


def remember(name, seconds, compute, may_keep=None):
    """``compute()``, kept in the cache under ``name`` for the current content version, for at most
    ``seconds`` (and not at all when ``may_keep(value)`` is false); see ``kept()``."""
    now = timezone.now()
    try:
        version, until = current_state(now)
    except Exception:
        logger.exception("Cache unavailable; computing %s afresh", name)
        return compute()
    return kept(f"{version}:{release()}:{name}", timeout_for(seconds, until, now), compute, may_keep)


#: Sent by ``invalidate()``, with what is known of the change: ``instance`` (the object saved or
#: deleted, ``created``, ``raw``) when a model's signal started it, ``staff_request`` when a staff
#: POST did; neither when the caller knows nothing more. What is kept longer than a content
#: version (``articles.settled``) listens.
content_changed = Signal()


def invalidate(instance=None, *, created=False, raw=False, staff_request=None):
    """Start a new content version once the current transaction (if any) commits."""
    # robust: a cache that is down must not turn an editor's committed save into an error page.
    transaction.on_commit(lambda: cache.delete(STATE_KEY), robust=True)
    content_changed.send(None, instance=instance, created=created, raw=raw, staff_request=staff_request)


def _invalidate_on_signal(sender, instance, when=None, **kwargs):
    # loaddata saves raw, possibly before the rows ``when`` would look at: invalidate anyway.
    if kwargs.get("raw") or when is None or when(instance):
        invalidate(instance, created=kwargs.get("created", False), raw=kwargs.get("raw", False))


def invalidate_on_change(*models, when=None):
    """A save or delete of any of ``models`` (for which ``when(instance)``, if given) starts a new version."""
    for model in models:
        uid = f"pagecache:{model._meta.label}"

        def receiver(sender, instance, _when=when, **kwargs):
            _invalidate_on_signal(sender, instance, when=_when, **kwargs)

        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}:save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}:delete")


# --- The middleware ----------------------------------------------------------------------------


def page_key(request, version):
    url = request.build_absolute_uri()
    return f"pagecache:{version}:{release()}:{hashlib.sha256(url.encode()).hexdigest()}"


def request_may_use_cache(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def response_may_be_cached(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    vary = {value.strip().lower() for value in response.get("Vary", "").split(",")}
    if "cookie" in vary or "*" in vary:
        return False
    directives = {part.split("=")[0].strip().lower() for part in response.get("Cache-Control", "").split(",")}
    if directives & UNCACHEABLE_DIRECTIVES or "max-age=0" in response.get("Cache-Control", "").replace(" ", ""):
        return False
    if "'nonce-" in response.get("Content-Security-Policy", ""):
        return False
    return b"csrfmiddlewaretoken" not in response.content


def freeze(response):
    return response.status_code, list(response.headers.items()), response.content


def thaw(entry, request):
    status, headers, content = entry
    response = HttpResponse(b"" if request.method == "HEAD" else content, status=status)
    for name, value in headers:
        response.headers[name] = value
    if request.method == "HEAD":
        response.headers["Content-Length"] = str(len(content))
    etag, last_modified = response.get("ETag"), parse_http_date_safe(response.get("Last-Modified", ""))
    if etag or last_modified:
        return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
    return response


class AnonymousPageCacheMiddleware:
    """Place it after WhiteNoise and before the session middleware (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not request_may_use_cache(request):
            response = self.get_response(request)
            if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE") and response.status_code < 400:
                user = getattr(request, "user", None)
                if user is not None and user.is_staff:
                    # admin actions write with QuerySet.update(), which sends no signal
                    invalidate(staff_request=request)
            return response

        now = timezone.now()
        try:
            version, until = current_state(now)
            key = page_key(request, version)
            entry = cache.get(key)
        except Exception:  # a cache that is down means slower pages, not failing ones
            logger.exception("Page cache unavailable; serving %s uncached", request.path)
            return self.get_response(request)
        if entry is not None:
            return thaw(entry, request)
        response = self.get_response(request)
        if request.method == "GET" and response_may_be_cached(response):
            timeout = timeout_for(seconds, until, now)
            if timeout >= 1:
                try:
                    cache.set(key, freeze(response), timeout)
                except Exception:
                    logger.exception("Page cache unavailable; %s not stored", request.path)
        return response
