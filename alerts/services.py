"""The writes of alerts: subscribing (the same work, and the same answer, whatever the address's
state), confirming and unsubscribing. Announcing pieces and sending digests: alerts/announce.py."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from caucasuscenter.shared import throttle

from . import emails, trigger
from .models import Subscription, new_secret

#: At most one confirmation (or "already subscribed") email per subscription in this time.
EMAIL_COOLDOWN = timedelta(minutes=10)
#: And at most this many such emails to one address an hour, whatever it was subscribed to.
EMAILS_PER_ADDRESS_PER_HOUR = 5
DIGEST_INTERVAL = timedelta(days=7)


def subscribe(email, kind, target_pk, frequency, language, now=None):
    """Ask ``email`` to confirm following the target (or, if it already does, tell it so).

    Whether the address is new, waiting, confirmed or unsubscribed, the same rows are read and
    locked and at most one email is queued; the caller answers the same page in every case.
    Returns the kind of email queued (or ``""``), for tests and logs, never for the answer."""
    now = now or timezone.now()
    email = email.lower()
    scope = Subscription.scope_of(kind, target_pk)
    target = {kind: target_pk} if kind != Subscription.Kind.EVERYTHING else {}
    fields = {f"{name}_id": pk for name, pk in target.items()}
    defaults = {"kind": kind, "frequency": frequency, "language": language, **fields}
    try:
        with transaction.atomic():
            Subscription.objects.get_or_create(email=email, scope=scope, defaults=defaults)
    except IntegrityError:  # the same address and scope, posted at the same moment: the other post made it
        pass
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update(of=("self",)).for_emails().get(email=email, scope=scope)
        if subscription.status == Subscription.Status.UNSUBSCRIBED:
            subscription.status = Subscription.Status.PENDING
            subscription.secret = new_secret()  # the old links open nothing any more
            subscription.unsubscribed_at = subscription.confirmed_at = None
        if subscription.status == Subscription.Status.PENDING:
            subscription.frequency, subscription.language = frequency, language
        cooling = subscription.emailed_at is not None and subscription.emailed_at > now - EMAIL_COOLDOWN
        allowed = (
            not cooling and throttle.Counter("alerts-address", (email,), EMAILS_PER_ADDRESS_PER_HOUR, 3600).allow()[0]
        )
        sent = ""
        if allowed:
            confirmed = subscription.status == Subscription.Status.CONFIRMED
            message = emails.queue_already_subscribed if confirmed else emails.queue_confirmation
            sent = message(subscription).kind
            subscription.emailed_at = now
        subscription.save()
    return sent


def confirm(subscription, now=None):
    """Confirm a waiting subscription; ``True`` if this call confirmed it (not already done)."""
    now = now or timezone.now()
    with transaction.atomic():
        updated = Subscription.objects.filter(pk=subscription.pk, status=Subscription.Status.PENDING).update(
            status=Subscription.Status.CONFIRMED,
            confirmed_at=now,
            next_digest_at=now + DIGEST_INTERVAL if subscription.frequency == Subscription.Frequency.WEEKLY else None,
        )
    if updated:
        trigger.arm()
    return bool(updated)


def unsubscribe(subscription, now=None):
    """Stop every email of this subscription (its waiting digest too); ``True`` if it was on."""
    now = now or timezone.now()
    with transaction.atomic():
        updated = (
            Subscription.objects.filter(pk=subscription.pk)
            .exclude(status=Subscription.Status.UNSUBSCRIBED)
            .update(status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at=now, next_digest_at=None)
        )
        subscription.digest_entries.all().delete()
    return bool(updated)
