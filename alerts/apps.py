from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Email alerts")

    def ready(self):
        from django.core.signals import request_finished
        from django.db import close_old_connections

        from conferences.interface import OUTBOX_ROUND

        from . import trigger

        OUTBOX_ROUND.connect(trigger.on_outbox_round, dispatch_uid="alerts.on_outbox_round")
        request_finished.connect(trigger.on_request_finished, dispatch_uid="alerts.on_request_finished")
        # The check after a request may query: let it run before the request's connections are
        # closed, not after (which would open a connection that stays open until the next request).
        if request_finished.disconnect(close_old_connections):
            request_finished.connect(close_old_connections)
