"""The emails of alerts: their texts (template files under templates/alerts/emails/, plain text,
in the subscriber's language) and their queueing in the outbox (``conferences.interface.queue_email``).

Every email names one subscription and carries its one-click unsubscribe (RFC 8058):
``List-Unsubscribe`` with the link, ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``, and the
same link in the text.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language_from_path

from caucasuscenter.shared.links import absolute_url
from conferences.interface import queue_email

from . import tokens

CONFIRM, ALREADY, PIECE, DIGEST = "alert_confirm", "alert_already", "alert_piece", "alert_digest"
TEXT_FILES = {CONFIRM: "confirm", ALREADY: "already", PIECE: "piece", DIGEST: "digest"}


def language_of(subscription):
    return subscription.language or settings.LANGUAGE_CODE


def in_language(path, language):
    """``path`` (a page's address, in whatever interface language was active when it was made) in
    ``language``: a Russian subscriber's links open the Russian pages, however the send was started."""
    with translation.override(get_language_from_path(path) or settings.LANGUAGE_CODE):
        return translate_url(path, language)


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
    with translation.override(language_of(subscription)):
        context["followed"] = str(subscription.followed)
        name = TEXT_FILES[kind]
        subject = render_to_string(f"alerts/emails/{name}.subject.txt", context)
        body = render_to_string(f"alerts/emails/{name}.body.txt", context)
    return " ".join(subject.split()), body


def queue(kind, subscription, **context):
    """Queue ``kind`` for ``subscription``; its links are to the pages in the subscriber's language
    (``/ru/alerts/…``), whatever language the request or command that sends it is in."""
    with translation.override(language_of(subscription)):
        url = unsubscribe_url(subscription)  # the same link in the text and in the header
        if "confirm" in context:
            context["confirm_url"] = confirm_url(subscription)
        if "piece" in context:
            context["piece_url"] = absolute_url(in_language(context["piece"].url, language_of(subscription)))
        if "pieces" in context:
            context["pieces"] = [
                {"piece": piece, "url": absolute_url(in_language(piece.url, language_of(subscription)))}
                for piece in context["pieces"]
            ]
    subject, body = render(kind, subscription, unsubscribe_url=url, **context)
    headers = {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return queue_email(subscription.email, subject, body, headers=headers, kind=kind)


def queue_confirmation(subscription):
    return queue(CONFIRM, subscription, confirm=True, max_age_days=tokens.CONFIRM_MAX_AGE.days)


def queue_already_subscribed(subscription):
    return queue(ALREADY, subscription)


def queue_piece(subscription, piece):
    return queue(PIECE, subscription, piece=piece)


def queue_digest(subscription, pieces):
    return queue(DIGEST, subscription, pieces=pieces, count=len(pieces))
