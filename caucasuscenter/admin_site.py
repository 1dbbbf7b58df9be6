"""The editors' admin site: Django's, with failed logins throttled.

Failures are counted in the cache, per address and username (``ADMIN_LOGIN_FAILURE_LIMIT``) and
per address whatever the username (``ADMIN_LOGIN_FAILURE_LIMIT_PER_ADDRESS``), in a window of
``ADMIN_LOGIN_FAILURE_WINDOW`` seconds from the first failure. Once a limit is reached, logging in
from that address is refused (status 429, "Too many failed login attempts; try again in N
minutes.") without checking the password, until the window ends. A successful login clears the
count for that username. The address is the one the submission rate limit uses (trusted proxies
included, see ``conferences.ratelimit.client_address``). The counts are shared by every process
(``caucasuscenter.shared.throttle``): with Redis by every app server, without it by every process of
the machine.
"""

import logging
import math

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from caucasuscenter.shared.requests import client_address
from caucasuscenter.shared.throttle import Counter

logger = logging.getLogger(__name__)


class LoginThrottle:
    def __init__(self, request, username):
        address = client_address(request)
        username = (username or "").strip().lower()[:150]
        window = settings.ADMIN_LOGIN_FAILURE_WINDOW
        self.counters = [
            Counter("login-failures", (address, username), settings.ADMIN_LOGIN_FAILURE_LIMIT, window),
            Counter("login-failures", (address,), settings.ADMIN_LOGIN_FAILURE_LIMIT_PER_ADDRESS, window),
        ]

    def retry_after(self):
        """Seconds until this address may try this username again (0: now)."""
        return max(counter.retry_after() for counter in self.counters)

    def failed(self):
        for counter in self.counters:
            counter.hit()

    def succeeded(self):
        self.counters[0].clear()


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
