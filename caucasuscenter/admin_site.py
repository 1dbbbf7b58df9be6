"""The editors' admin site: Django's, with failed logins throttled.

Failures are counted in the cache, per address and username (``ADMIN_LOGIN_FAILURE_LIMIT``) and
per address whatever the username (``ADMIN_LOGIN_FAILURE_LIMIT_PER_ADDRESS``), in a window of
``ADMIN_LOGIN_FAILURE_WINDOW`` seconds from the first failure. Once a limit is reached, logging in
from that address is refused (status 429, "Too many failed login attempts; try again in N
minutes.") without checking the password, until the window ends. A successful login clears the
count for that username. The address is the one the submission rate limit uses (trusted proxies
included, see ``conferences.ratelimit.client_address``); with Redis the counts are shared by
every app server, with local memory each process counts for itself.
"""

import logging
import math
import time

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.crypto import salted_hmac

from caucasuscenter.shared.requests import client_address

logger = logging.getLogger(__name__)


class LoginThrottle:
    def __init__(self, request, username):
        address = client_address(request)
        username = (username or "").strip().lower()[:150]
        self.keys = [
            (self._key(address, username), settings.ADMIN_LOGIN_FAILURE_LIMIT),
            (self._key(address), settings.ADMIN_LOGIN_FAILURE_LIMIT_PER_ADDRESS),
        ]
        self.window = settings.ADMIN_LOGIN_FAILURE_WINDOW

    @staticmethod
    def _key(*parts):
        return (
            "login-failures:"
            + salted_hmac("caucasuscenter.login-throttle", "\x00".join(parts), algorithm="sha256").hexdigest()
        )

    def retry_after(self):
        """Seconds until this address may try this username again (0: now)."""
        try:
            counts = cache.get_many([key for key, _limit in self.keys] + [f"{key}:until" for key, _ in self.keys])
        except Exception:  # a cache that is down must not lock the editors out
            logger.exception("Login throttle unavailable")
            return 0
        waits = [counts.get(f"{key}:until", 0) - time.time() for key, limit in self.keys if counts.get(key, 0) >= limit]
        return max([0, *waits])

    def failed(self):
        try:
            for key, _limit in self.keys:
                cache.add(f"{key}:until", time.time() + self.window, self.window)
                cache.add(key, 0, self.window)
                try:
                    cache.incr(key)
                except ValueError:  # expired between add() and incr()
                    cache.set(key, 1, self.window)
        except Exception:
            logger.exception("Login throttle unavailable")

    def succeeded(self):
        key, _limit = self.keys[0]
        try:
            cache.delete_many([key, f"{key}:until"])
        except Exception:
            logger.exception("Login throttle unavailable")


class ThrottledAuthenticationForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": "Too many failed login attempts; try again in %(wait)s.",
    }

    def clean(self):
        throttle = LoginThrottle(self.request, self.cleaned_data.get("username"))
        if seconds := throttle.retry_after():
            self.request.login_throttled = True
            minutes = max(1, math.ceil(seconds / 60))
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"wait": f"{minutes} minute" if minutes == 1 else f"{minutes} minutes"},
            )
        try:
            cleaned_data = super().clean()
        except ValidationError:
            throttle.failed()
            raise
        throttle.succeeded()
        return cleaned_data


class EditorsAdminSite(admin.AdminSite):
    login_form = ThrottledAuthenticationForm

    def login(self, request, extra_context=None):
        response = super().login(request, extra_context)
        if getattr(request, "login_throttled", False):
            response.status_code = 429
        return response
