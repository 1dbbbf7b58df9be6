"""The per-address limit on public submissions (abstracts, letters of interest, simulations).

Each *stored* submission leaves a ``RateLimitHit`` holding a keyed hash of the sender's
address (an IPv6 address counts by its /64 network). A post that repeats a stored
submission (same form token: double click, back button, retry) finds that submission
first and is never counted. Once ``SUBMISSION_RATE_LIMIT`` submissions of one kind came
from one address within ``SUBMISSION_RATE_WINDOW`` seconds, the next is refused with
status 429, a "try again later" message with the time, and the form shown back as typed.

The hits live in the database, so the limit holds across processes and servers. A hit is
kept no longer than it counts: ``record()`` forgets the sender's expired hits of that kind
as it writes the new one (a few rows, found by the lookup index), and ``manage.py
purge_rate_limits`` forgets every expired hit, for addresses that never came back.
"""

import ipaddress
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from caucasuscenter.shared.requests import client_address

from .models import RateLimitHit

__all__ = ["client_address", "client_key", "purge", "record", "retry_after", "window"]


def client_key(request):
    """A keyed hash of the request's address (its /64 network for IPv6): what a hit stores."""
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        network = address
    else:
        network = str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)
    return salted_hmac("conferences.ratelimit", network, algorithm="sha256").hexdigest()


def window():
    return timedelta(seconds=settings.SUBMISSION_RATE_WINDOW)


def retry_after(scope, client, now=None):
    """``None`` if ``client`` may submit now, else the moment it may try again."""
    now = now or timezone.now()
    limit = settings.SUBMISSION_RATE_LIMIT
    recent = list(
        RateLimitHit.objects.filter(scope=scope, client=client, created_at__gt=now - window())
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return None
    return recent[-1] + window()


def record(scope, client, now=None):
    """Count a stored submission; forget this client's hits of ``scope`` that no longer count."""
    now = now or timezone.now()
    RateLimitHit.objects.filter(scope=scope, client=client, created_at__lte=now - window()).delete()
    RateLimitHit.objects.create(scope=scope, client=client, created_at=now)


def purge(now=None):
    """Forget every hit older than the window; returns how many (``manage.py purge_rate_limits``)."""
    return RateLimitHit.objects.filter(created_at__lte=(now or timezone.now()) - window()).delete()[0]
