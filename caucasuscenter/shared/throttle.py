"""Counters that every process of the site shares, for limits that must not multiply with the number
of workers (failed admin logins, searches per address).

They live in the ``throttles`` cache: Redis when ``REDIS_URL`` is set (shared by every app server),
else files in ``THROTTLE_CACHE_DIR`` (shared by every process of one machine). A limit counts in a
fixed window that starts with the first hit; a cache that is down lets the request through, logged
(a throttle must never lock people out of the site).
"""

import contextlib
import fcntl
import logging
import math
import time
from pathlib import Path

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)


def store():
    return caches["throttles"]


@contextlib.contextmanager
def exclusive(cache):
    """An exclusive lock on the folder of a file cache, held by one process of the machine at a time."""
    folder = Path(cache._dir)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".counting.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class Counter:
    """Hits of one ``scope`` by one ``who`` (an address, a username …), at most ``limit`` per ``window`` s."""

    def __init__(self, scope, who, limit, window):
        digest = salted_hmac(f"throttle:{scope}", "\x00".join(who), algorithm="sha256").hexdigest()
        self.key, self.limit, self.window = f"{scope}:{digest}", limit, window

    def retry_after(self):
        """Seconds until the next hit is allowed (0: now)."""
        try:
            values = store().get_many([self.key, f"{self.key}:until"])
        except Exception:
            logger.exception("Throttle unavailable")
            return 0
        if values.get(self.key, 0) < self.limit:
            return 0
        return max(0, values.get(f"{self.key}:until", 0) - time.time())

    def hit(self):
        """Count one hit (the window starts with the first one)."""
        try:
            cache = store()
            if isinstance(cache, RedisCache):
                self._count(cache, atomic_incr=True)  # Redis's INCR is atomic
            else:
                with exclusive(cache):  # the processes of the machine count one after another
                    self._count(cache)
        except Exception:
            logger.exception("Throttle unavailable")

    def _count(self, cache, atomic_incr=False):
        now = time.time()
        until = cache.get(f"{self.key}:until")
        if until is None or until <= now:
            until = now + self.window
            cache.set(f"{self.key}:until", until, self.window)
            cache.set(self.key, 0, self.window)
        if atomic_incr:
            cache.incr(self.key)  # and keeps the key's expiry
        else:  # set, not incr(): BaseCache.incr() would give the key the default timeout
            cache.set(self.key, cache.get(self.key, 0) + 1, max(1, math.ceil(until - now)))

    def allow(self):
        """Count a hit and say whether it is within the limit: ``(allowed, seconds to wait)``."""
        wait = self.retry_after()
        if wait:
            return False, wait
        self.hit()
        return True, 0

    def clear(self):
        try:
            store().delete_many([self.key, f"{self.key}:until"])
        except Exception:
            logger.exception("Throttle unavailable")
