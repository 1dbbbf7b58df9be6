"""Report, and remove, uploaded simulation files that no submission refers to.

A file comes to storage with a submission, or earlier: a file sent with a form shown back with errors
is kept so the reader need not attach it again (``kept_file``), and stays an orphan if the form is
never sent. Files younger than ``--hours`` (default 24, the life of a kept file) are left alone.

    manage.py purge_orphan_uploads --dry-run     # list them
    manage.py purge_orphan_uploads               # remove them
"""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management import BaseCommand
from django.utils import timezone

from conferences.models import SimulationSubmission

FOLDER = "simulations"


def stored_files(storage, folder):
    """Every file under ``folder`` in ``storage`` (recursively)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from stored_files(storage, f"{folder}/{sub}")


def orphans(storage=default_storage, hours=24, now=None):
    """The names of stored simulation files no submission refers to, older than ``hours``."""
    referred = set(SimulationSubmission.objects.exclude(file="").values_list("file", flat=True))
    cutoff = (now or timezone.now()) - timedelta(hours=hours)
    found = []
    for name in stored_files(storage, FOLDER):
        if name in referred:
            continue
        try:
            modified = storage.get_modified_time(name)
        except (NotImplementedError, OSError):
            modified = None
        if modified is None or modified <= cutoff:
            found.append(name)
    return found


class Command(BaseCommand):
    help = "Remove uploaded simulation files that no submission refers to (older than --hours)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=float, default=24, help="Leave files younger than this (default 24).")
        parser.add_argument("--dry-run", action="store_true", help="List them; remove nothing.")

    def handle(self, *args, hours, dry_run, **options):
        found = orphans(hours=hours)
        for name in found:
            self.stdout.write(f"  {name}")
            if not dry_run:
                default_storage.delete(name)
        verb = "would remove" if dry_run else "removed"
        self.stdout.write(f"{len(found)} orphan file(s) {verb}; {len(orphans(hours=hours))} left.")
