"""When alerts look for pieces gone live, without cron: each round of ``manage.py send_emails``
(``on_outbox_round``) and the first request that ends in a new content version of the page cache
(``on_request_finished``: publishing a piece starts a new version, and a scheduled piece's time
ends one, caucasuscenter/shared/pagecache.py).

The request check runs after the response is sent (``request_finished``), at most once per content
version in each cache (``cache.add`` of a marker), and only once some subscription was confirmed
(the ``ARMED`` marker, set by a confirmation and again by every round of ``send_emails``): so it adds
no query to a page. The weekly digests are looked at after a request at most once an hour.
Whatever fails is logged: a reader's page, or the outbox, never fails because of alerts.
"""

import logging

from django.core.cache import cache
from django.utils import timezone

from caucasuscenter.shared import pagecache

logger = logging.getLogger(__name__)

ARMED = "alerts:armed"
DIGEST_CHECK = "alerts:digests-checked"
MARKER_SECONDS = 24 * 3600


def arm():
    try:
        cache.set(ARMED, True, None)
    except Exception:
        logger.exception("Cache unavailable; alerts will be noticed by send_emails")


def on_request_finished(sender=None, **kwargs):
    try:
        if not cache.get(ARMED):
            return
        from .announce import announce_new_pieces, send_due_digests

        now = timezone.now()
        version, _until = pagecache.current_state(now)
        if cache.add(f"alerts:noticed:{version}", True, MARKER_SECONDS):
            announce_new_pieces(now)
        elif cache.add(DIGEST_CHECK, True, 3600):
            send_due_digests(now)
    except Exception:
        logger.exception("Looking for pieces to announce failed; send_emails will look again")


def on_outbox_round(sender=None, now=None, **kwargs):
    from .announce import announce_new_pieces
    from .models import Subscription

    if Subscription.objects.confirmed().exists():
        arm()
    return announce_new_pieces()
