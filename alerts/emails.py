"""The emails of alerts: their texts (template files under templates/alerts/emails/, plain text,
in the subscriber's language) and their queueing in the outbox (``conferences.interface.queue_email``).

Every email names one subscription and carries its one-click unsubscribe (RFC 8058):
``List-Unsubscribe`` with the link, ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``, and the
same link in the text.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from caucasuscenter.shared.links import absolute_url
from conferences.interface import queue_email

from . import tokens

CONFIRM, ALREADY, PIECE, DIGEST = "alert_confirm", "alert_already", "alert_piece", "alert_digest"
TEXT_FILES = {CONFIRM: "confirm", ALREADY: "already", PIECE: "piece", DIGEST: "digest"}


def unsubscribe_url(subscription):
    return absolute_url(reverse("alerts:unsubscribe", args=[tokens.make(subscription, tokens.UNSUBSCRIBE)]))


def confirm_url(subscription):
    return absolute_url(reverse("alerts:confirm", args=[tokens.make(subscription, tokens.CONFIRM)]))


def render(kind, subscription, **context):
    """``(subject, body)`` of ``kind`` for ``subscription``, in its language."""
    context = {
        "site": settings.SITE,
        "subscription": subscription,
        "followed": subscription.followed,
        "subscribe_url": absolute_url(reverse("alerts:subscribe")),
        **context,
    }
    with translation.override(subscription.language or settings.LANGUAGE_CODE):
        context["followed"] = str(subscription.followed)
        name = TEXT_FILES[kind]
        subject = render_to_string(f"alerts/emails/{name}.subject.txt", context)
        body = render_to_string(f"alerts/emails/{name}.body.txt", context)
    return " ".join(subject.split()), body


def queue(kind, subscription, **context):
    url = unsubscribe_url(subscription)  # the same link in the text and in the header
    subject, body = render(kind, subscription, unsubscribe_url=url, **context)
    headers = {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return queue_email(subscription.email, subject, body, headers=headers, kind=kind)


def queue_confirmation(subscription):
    return queue(CONFIRM, subscription, confirm_url=confirm_url(subscription), max_age_days=tokens.CONFIRM_MAX_AGE.days)


def queue_already_subscribed(subscription):
    return queue(ALREADY, subscription)


def queue_piece(subscription, piece):
    return queue(PIECE, subscription, piece=piece, piece_url=absolute_url(piece.url))


def queue_digest(subscription, pieces):
    listed = [{"piece": piece, "url": absolute_url(piece.url)} for piece in pieces]
    return queue(DIGEST, subscription, pieces=listed, count=len(listed))
