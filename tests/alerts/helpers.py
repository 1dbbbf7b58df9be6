"""What the alerts tests share: subscribing through the form, and the links an email carries."""

import re

from conferences.models import OutgoingEmail

LINK = re.compile(r"https?://[^/\s]+(/alerts/(?:confirm|unsubscribe)/[^/\s]+/)")


def subscribe(client, email="reader@example.org", frequency="immediate", query="", **headers):
    return client.post(f"/alerts/{query}", {"email": email, "frequency": frequency}, **headers)


def outbox(kind=None):
    messages = OutgoingEmail.objects.order_by("pk")
    return list(messages.filter(kind=kind) if kind else messages)


def link(message, which):
    """The path of the ``which`` ("confirm", "unsubscribe") link in an outbox message's text."""
    return next(path for path in LINK.findall(message.body) if path.startswith(f"/alerts/{which}/"))


def confirmed(client, email="reader@example.org", frequency="immediate", query=""):
    """Subscribe ``email`` and confirm it by its link, as a reader does; returns the confirmation email."""
    before = {m.pk for m in outbox("alert_confirm")}
    assert subscribe(client, email, frequency, query).status_code == 302
    message = next(m for m in outbox("alert_confirm") if m.pk not in before)
    assert client.post(link(message, "confirm")).status_code == 200
    return message
