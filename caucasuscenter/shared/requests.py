"""Request guards that belong to no view, and who sent a request."""

from django.conf import settings
from django.http import Http404


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
