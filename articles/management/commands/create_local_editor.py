"""Create the local editor account a newcomer logs in with (development only)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import BaseCommand, CommandError

USERNAME = "editor"
PASSWORD = "caucasus-editor"


class Command(BaseCommand):
    help = "Create (or reset) the local 'editor' account in the Editors group. Refuses to run with DEBUG off."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("create_local_editor is for local development (DJANGO_DEBUG=1) only.")
        user, created = get_user_model().objects.get_or_create(username=USERNAME, defaults={"is_staff": True})
        user.is_staff = True
        user.is_active = True
        user.set_password(PASSWORD)
        user.save()
        user.groups.add(Group.objects.get(name="Editors"))
        for group in ("Reviewers",):
            if extra := Group.objects.filter(name=group).first():
                user.groups.add(extra)
        verb = "Created" if created else "Reset"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} the local editor account. Log in at http://127.0.0.1:8000/admin/ "
                f"as '{USERNAME}' with password '{PASSWORD}'."
            )
        )
