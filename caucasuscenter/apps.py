from django.contrib.admin.apps import AdminConfig


class EditorsAdminConfig(AdminConfig):
    """Django's admin, with the site in ``admin_site.py`` (its login is throttled)."""

    default_site = "caucasuscenter.admin_site.EditorsAdminSite"
