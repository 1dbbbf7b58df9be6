"""The signed tokens in the links of alert emails (django.core.signing, keyed by SECRET_KEY).

A token names a subscription and its ``secret``: a new subscription of the same address and
scope (after unsubscribing) gets a new secret, which voids every older link. A confirmation
link lasts ``CONFIRM_MAX_AGE``; an unsubscribe link lasts as long as its subscription, so that
the link in an old email still works. Nothing in a token is the address.
"""

from datetime import timedelta

from django.core import signing

from .models import Subscription

CONFIRM = "alerts.confirm"
UNSUBSCRIBE = "alerts.unsubscribe"
CONFIRM_MAX_AGE = timedelta(days=3)


class TokenProblem(Exception):
    """Why a token opens nothing: ``"expired"`` or ``"invalid"`` (forged, damaged, or replaced)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def make(subscription, purpose):
    return signing.dumps([subscription.pk, subscription.secret], salt=purpose)


def read(token, purpose):
    """The subscription the token names (its emails' related objects loaded), or ``TokenProblem``."""
    max_age = CONFIRM_MAX_AGE if purpose == CONFIRM else None
    try:
        pk, secret = signing.loads(token, salt=purpose, max_age=max_age)
    except signing.SignatureExpired:
        raise TokenProblem("expired") from None
    except (signing.BadSignature, ValueError, TypeError):
        raise TokenProblem("invalid") from None
    if not isinstance(pk, int) or not isinstance(secret, str):
        raise TokenProblem("invalid")
    subscription = Subscription.objects.for_emails().filter(pk=pk, secret=secret).first()
    if subscription is None:
        raise TokenProblem("invalid")
    return subscription
