"""The "Reviewers" group, the conference permissions of the "Editors" group, and the
site-wide email templates editors edit (their first text is read from the files in
templates/conferences/emails/, see conferences/emails.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEWER_PERMISSIONS = {"review": ["view", "change"]}

EDITOR_PERMISSIONS = {
    "conference": ["add", "change", "delete", "view"],
    "topic": ["add", "change", "delete", "view"],
    "programmefeature": ["add", "change", "delete", "view"],
    "abstract": ["add", "change", "delete", "view", "decide"],
    "abstractauthor": ["add", "change", "delete", "view"],
    "review": ["add", "change", "delete", "view"],
    "emailtemplate": ["add", "change", "delete", "view"],
    "outgoingemail": ["change", "view"],
    "letterofinterest": ["change", "delete", "view"],
    "simulationsubmission": ["change", "delete", "view"],
}


def ensure_permissions(apps):
    # Permissions are normally created after all migrations ran; create them now
    # so that a fresh database gets complete groups.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(group, spec, Permission):
    for model, actions in spec.items():
        for action in actions:
            group.permissions.add(
                Permission.objects.get(content_type__app_label="conferences", codename=f"{action}_{model}")
            )


def forwards(apps, schema_editor):
    from conferences.emails import default_text

    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    grant(reviewers, REVIEWER_PERMISSIONS, Permission)
    editors, _ = Group.objects.get_or_create(name="Editors")
    grant(editors, EDITOR_PERMISSIONS, Permission)

    EmailTemplate = apps.get_model("conferences", "EmailTemplate")
    for kind, _label in EmailTemplate._meta.get_field("kind").choices:
        subject, body = default_text(kind)
        EmailTemplate.objects.get_or_create(
            kind=kind, conference=None, defaults={"subject": subject, "body": body}
        )


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Reviewers").delete()
    apps.get_model("conferences", "EmailTemplate").objects.filter(conference=None).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0001_initial"),
        ("articles", "0002_article_types_and_editors_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
