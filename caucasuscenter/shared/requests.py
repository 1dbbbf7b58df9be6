"""Request guards that belong to no view, and who sent a request; which methods a view serves."""

import functools

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.urls import URLResolver


def client_address(request):
    """The sender's address: ``REMOTE_ADDR``, or the one the trusted proxies forwarded.

    ``SUBMISSION_RATE_LIMIT_PROXIES`` says how many proxies in front of the site append to
    ``X-Forwarded-For``; the address the outermost trusted one saw is taken, so a client cannot
    choose its own by sending the header."""
    proxies = settings.SUBMISSION_RATE_LIMIT_PROXIES
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


class RejectNulInPathMiddleware:
    """A path with a NUL byte names no page: 404 before any view or query sees it.

    ``<str:…>`` URL parts (tags, feeds, private links) accept any character but ``/``, and PostgreSQL
    refuses NUL in text, so without this a ``%00`` in such a part would be a 500. (Form fields reject
    NUL themselves, with a message, and the filters drop it.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise Http404("No such page.")
        return self.get_response(request)


READING_METHODS = ("GET", "HEAD")


def serves(*methods):
    """Mark a function view that serves more than GET and HEAD: ``@serves("POST")``."""

    def mark(view):
        view.served_methods = (*READING_METHODS, *methods)
        return view

    return mark


def served_methods(view):
    """The methods ``view`` answers: GET and HEAD, and POST where a class view has ``post`` (or
    a function view says so with ``serves``). PUT, PATCH, DELETE, TRACE … are never served."""
    if hasattr(view, "served_methods"):
        return view.served_methods
    view_class = getattr(view, "view_class", None)
    posts = view_class is not None and callable(getattr(view_class, "post", None))
    return (*READING_METHODS, "POST") if posts else READING_METHODS


def only_served_methods(view):
    """``view``, answering 405 (with ``Allow``) to a method it does not serve, and OPTIONS with ``Allow``."""
    allowed = served_methods(view)

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return HttpResponse(headers={"Allow": ", ".join((*allowed, "OPTIONS"))})
        if request.method not in allowed:
            return HttpResponseNotAllowed(allowed)
        return view(request, *args, **kwargs)

    return guarded


def guard_methods(patterns):
    """Put every view under ``patterns`` (included ones too) under ``only_served_methods``."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            guard_methods(pattern.url_patterns)
        else:
            pattern.callback = only_served_methods(pattern.callback)


def body_arrived_whole(request):
    """Whether the request's body arrived whole: a sender who went away mid-upload leaves it short of
    its Content-Length, and Django's parser then takes what came as if it were all (a file cut off,
    parsed as complete). Call it after the body was read (``request.POST`` or ``request.FILES``)."""
    from django.core.handlers.wsgi import LimitedStream

    if request.content_type not in ("multipart/form-data", "application/x-www-form-urlencoded"):
        return True  # a body Django does not parse as a form is not read at all
    stream = getattr(request, "_stream", None)
    if not isinstance(stream, LimitedStream):
        return True
    return stream._pos >= stream.limit
