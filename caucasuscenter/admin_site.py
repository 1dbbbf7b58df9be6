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

Every form of every model registered here (and of its inlines) types its text under the one
policy of ``caucasuscenter.shared.text`` (``TypedTextMixin``), whoever wrote the admin class, and
every text column of its lists is isolated in a ``<bdi>`` (``IsolatedColumns``), so a
right-to-left name cannot reorder the columns or the words after it.
"""

import logging
import math

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.safestring import SafeData

from caucasuscenter.shared.requests import client_address
from caucasuscenter.shared.text import TypedTextMixin, email_html, isolated
from caucasuscenter.shared.throttle import Counter
from caucasuscenter.shared.uploads import OneFilePerField

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


def typed(form_class):
    """``form_class`` under the typed-text policy and one file per file field (itself when it already is)."""
    missing = tuple(mixin for mixin in (OneFilePerField, TypedTextMixin) if not issubclass(form_class, mixin))
    if not missing:
        return form_class
    options = {"describe_emails": True, "__module__": form_class.__module__}
    return type(form_class.__name__, (*missing, form_class), options)


class IsolatedColumns:
    """A ModelAdmin's list columns with their text in ``<bdi>``: text fields, and what methods return as text."""

    def get_list_display(self, request):
        editable = set(self.list_editable)
        return [item if item in editable else self._isolating(item) for item in super().get_list_display(request)]

    def _isolating(self, item):
        if item == "__str__":
            column = _isolate(str, "__str__")
            column.short_description = self.model._meta.verbose_name
            return column
        if isinstance(item, str):
            try:
                field = self.model._meta.get_field(item)
            except FieldDoesNotExist:
                method = getattr(self, item, None) or getattr(self.model, item, None)
                return self._isolating(method) if callable(method) else item
            if not isinstance(field, models.CharField) or field.choices:
                return item
            if isinstance(field, models.EmailField):
                column = _isolate(lambda obj: email_html(getattr(obj, item)), item)
            else:
                column = _isolate(lambda obj: getattr(obj, item), item)
            column.short_description, column.admin_order_field = field.verbose_name, item
            return column
        if not callable(item) or getattr(item, "boolean", False):
            return item
        column = _isolate(item, item.__name__)
        for name in ("admin_order_field", "empty_value_display"):
            if hasattr(item, name):
                setattr(column, name, getattr(item, name))
        column.short_description = getattr(item, "short_description", item.__name__.replace("_", " "))
        return column


def _isolate(get, name):
    def column(obj):
        value = get(obj)
        if isinstance(value, str) and not isinstance(value, SafeData):
            return isolated(value) if value else None
        return value

    column.__name__ = name
    return column


def _typed_options(admin_class):
    inlines = [type(i.__name__, (i,), {"form": typed(i.form)}) for i in getattr(admin_class, "inlines", [])]
    return {"form": typed(admin_class.form), "inlines": inlines, "__module__": admin_class.__module__}


class EditorsAdminSite(admin.AdminSite):
    login_form = ThrottledAuthenticationForm

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        admin_class = type(admin_class.__name__, (IsolatedColumns, admin_class), _typed_options(admin_class))
        super().register(model_or_iterable, admin_class, **options)

    def login(self, request, extra_context=None):
        response = super().login(request, extra_context)
        if getattr(request, "login_throttled", False):
            response.status_code = 429
        return response
