"""The Editors group may see the subscriptions and announcements, and delete a subscription."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = {"subscription": ["view", "delete"], "announcement": ["view"]}


def forwards(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now.
    app_config = apps.get_app_config("alerts")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    for model, actions in EDITOR_PERMISSIONS.items():
        for action in actions:
            editors.permissions.add(
                Permission.objects.get(content_type__app_label="alerts", codename=f"{action}_{model}")
            )


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
