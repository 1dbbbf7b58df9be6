"""What the rest of the site may ask of conferences; nothing else of this app is imported outside it.

The home page asks for the open call (``open_call()``), the site's sitemap for the conference section.

Email alerts (``alerts``) send through the outbox: ``queue_email()`` stores one message in the
current transaction (sent, and retried, by ``manage.py send_emails``), and ``OUTBOX_ROUND`` is the
signal each round of sending starts with, so that alerts of pieces gone live go out in that round.
"""

from .delivery import outbox_round as OUTBOX_ROUND
from .models import Conference, OutgoingEmail
from .sitemaps import ConferenceSitemap

__all__ = ["OUTBOX_ROUND", "SITEMAPS", "open_call", "queue_email"]

SITEMAPS = {"conferences": ConferenceSitemap}


def open_call():
    """The call the home page announces: the open call closing first, or ``None`` (one query).
    A closed call is not announced: the home page's box appears only while a call is open."""
    return Conference.objects.open().order_by("deadline").first()


def queue_email(to, subject, body, headers=None, kind=""):
    """Store one plain-text message for ``to`` in the outbox (in the caller's transaction, so it
    exists only if what caused it was stored). The subject is kept to one line of 300 characters;
    ``headers`` are added to the message as sent (``List-Unsubscribe`` …). Returns the message."""
    subject = " ".join(str(subject).split())[:300]
    return OutgoingEmail.objects.create(to=to, subject=subject, body=body, headers=dict(headers or {}), kind=kind)
