"""Load the site's seed content (fixtures/*.json) into an empty database."""

from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, call_command

from articles.models import Article

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
# Order matters only for readability: loaddata resolves references in one transaction.
FIXTURES = ["articles.json", "conference.json"]


class Command(BaseCommand):
    help = "Load the seed content from fixtures/ unless the database already has articles (use --force to reload)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even if articles exist (overwrites seed rows).")

    def handle(self, *args, force=False, **options):
        if Article.objects.exists() and not force:
            self.stdout.write("Seed content already loaded (the database has articles); use --force to reload.")
            return
        paths = [str(FIXTURES_DIR / name) for name in FIXTURES if (FIXTURES_DIR / name).exists()]
        call_command("loaddata", *paths, verbosity=options["verbosity"])
        self.stdout.write(self.style.SUCCESS(f"Loaded the seed content from {', '.join(Path(p).name for p in paths)}."))
