"""The standard article types and the "Editors" group with what editors need."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ARTICLE_TYPES = [
    # name, plural, slug, schema.org type
    ("Analysis", "Analyses", "analysis", "AnalysisNewsArticle"),
    ("Op-ed", "Op-eds", "op-ed", "OpinionNewsArticle"),
    ("Special report", "Special reports", "special-report", "Report"),
    ("Exclusive report", "Exclusive reports", "exclusive-report", "Report"),
    ("Interview", "Interviews", "interview", "NewsArticle"),
    ("News brief", "News briefs", "news-brief", "NewsArticle"),
]

EDITOR_PERMISSIONS = {
    "articles": {
        "article": ["add", "change", "delete", "view", "publish"],
        "author": ["add", "change", "delete", "view"],
        "series": ["add", "change", "delete", "view"],
        "outlet": ["add", "change", "delete", "view"],
        "articletype": ["add", "change", "view"],
        "authorship": ["add", "change", "delete", "view"],
    },
    "taggit": {
        "tag": ["add", "change", "delete", "view"],
        "taggeditem": ["add", "change", "delete", "view"],
    },
}


def permission_codenames(spec):
    for app_label, models in spec.items():
        for model, actions in models.items():
            for action in actions:
                codename = f"{action}_{model}" if action != "publish" else f"publish_{model}"
                yield app_label, codename


def ensure_permissions(apps):
    # Permissions are normally created after all migrations ran; create them now
    # so that a fresh database gets a complete group.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def forwards(apps, schema_editor):
    ArticleType = apps.get_model("articles", "ArticleType")
    for position, (name, plural, slug, schema_type) in enumerate(ARTICLE_TYPES):
        ArticleType.objects.update_or_create(
            slug=slug, defaults={"name": name, "plural": plural, "schema_type": schema_type, "position": position}
        )

    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    for app_label, codename in permission_codenames(EDITOR_PERMISSIONS):
        editors.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
