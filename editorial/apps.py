"""The editors' desk: revisions, audit log, share-preview links and slug redirects for any model."""

from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editors' desk"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import recording, slugs

        recording.connect_signals()
        slugs.connect_signals()
