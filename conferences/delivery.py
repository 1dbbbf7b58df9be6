"""Delivering the outbox: claim what is due, send it, and note each success or failure.

``send_due_emails()`` (run by ``manage.py send_emails``, in a loop beside the web server)
takes the due messages under a short lease, so that two workers never send one twice,
sends them outside any transaction, and retries failures with growing delays
(``OutgoingEmail.record_failure``); editors see what has not been sent in the admin.
Nothing one message or the mail server does stops the batch: a message that fails is logged
with its reason and released for a later try, the others are still sent. ``mailer_problem()``
says why the configured mailer cannot send at all (``send_emails`` then refuses to start).
What the emails say, and how they are queued, is conferences/emails.py's job.

Each round first sends ``outbox_round`` (``conferences.interface.OUTBOX_ROUND``), so that other apps
may queue what became due by itself since the last round (the email alerts of pieces that went
live) and have it sent in the same round. A receiver that fails is logged; the round goes on.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

#: Sent at the start of every round of ``send_due_emails``, with ``now``.
outbox_round = Signal()

#: How long a worker owns a message it is sending before another may retry it.
SENDING_LEASE = timedelta(minutes=10)


def claim_due(now, limit):
    """Take up to ``limit`` due messages for this worker: a short transaction, then send outside it."""
    with transaction.atomic():
        ids = list(
            OutgoingEmail.objects.due(now)
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        OutgoingEmail.objects.filter(pk__in=ids).update(next_attempt_at=now + SENDING_LEASE)
    return list(OutgoingEmail.objects.filter(pk__in=ids).order_by("pk"))


#: Backends that accept every message and deliver none.
SILENT_BACKENDS = {"django.core.mail.backends.dummy.EmailBackend"}


def mailer_problem():
    """Why the default mailer cannot send anything (a sentence), or ``""`` when it can try."""
    backend = (settings.MAILERS.get("default") or {}).get("BACKEND", "")
    if backend in SILENT_BACKENDS:
        return f"The mail backend {backend} sends nothing; set EMAIL_HOST (SMTP) or EMAIL_BACKEND."
    try:
        mail.mailers.default  # noqa: B018  (building it checks the backend and its options)
    except (ImproperlyConfigured, ImportError, ValueError, TypeError) as error:
        return f"The mail backend {backend or '(none)'} cannot be used: {error}"
    return ""


def _fail(message, error, now):
    message.record_failure(error, now)
    logger.warning(
        "Email %s to %s failed (attempt %d): %s", message.pk, message.to, message.attempts, message.last_error
    )


def send_due_emails(now=None, limit=100):
    """Send what is due; return ``(sent, failed)``. Failures are kept for a later retry."""
    for receiver, result in outbox_round.send_robust(sender=OutgoingEmail, now=now or timezone.now()):
        if isinstance(result, Exception):
            logger.error("Before sending, %s failed: %r", getattr(receiver, "__qualname__", receiver), result)
    now = now or timezone.now()  # after the round, so that what it queued is due
    batch = claim_due(now, limit)
    if not batch:
        return 0, 0
    sent = failed = 0
    try:
        connection = mail.mailers.default
        connection.open()
    except Exception as error:  # the mail server is down: every message waits for the next try
        for message in batch:
            _fail(message, error, now)
            message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        logger.warning("Mail server unavailable (%s); %d message(s) will be retried.", error, len(batch))
        return 0, len(batch)
    try:
        for message in batch:
            try:
                email = mail.EmailMessage(
                    subject=message.subject,
                    body=message.body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[message.to],
                    reply_to=[message.reply_to] if message.reply_to else None,
                    headers={**message.headers, "Auto-Submitted": "auto-generated"},
                )
                if connection.send_messages([email]) != 1:
                    raise RuntimeError("the mail backend did not accept the message")
            except Exception as error:  # this message waits; the next ones are still sent
                _fail(message, error, now)
                failed += 1
            else:
                message.record_success(timezone.now())
                sent += 1
            message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at", "sent_at"])
    finally:
        try:
            connection.close()
        except Exception:  # closing a broken connection must not hide what was sent
            logger.warning("Could not close the mail connection cleanly.", exc_info=True)
    return sent, failed
