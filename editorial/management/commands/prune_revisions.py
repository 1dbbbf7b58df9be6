"""``manage.py prune_revisions --keep N``: delete all but the N newest revisions of each object.

Revisions are kept forever unless this is run. The newest revision of an object (what is stored now)
is never deleted, whatever ``--keep`` says.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from editorial.models import Revision


class Command(BaseCommand):
    help = "Delete all but the N newest revisions of each object (never the newest one)."

    def add_arguments(self, parser):
        parser.add_argument("--keep", type=int, required=True, help="Revisions to keep per object (at least 1).")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be deleted; delete nothing.")

    def handle(self, keep, dry_run, **options):
        if keep < 1:
            raise CommandError("--keep must be at least 1: the newest revision is always kept.")
        crowded = (
            Revision.objects.values("content_type", "object_id").annotate(n=Count("pk")).filter(n__gt=keep).order_by()
        )
        deleted = 0
        for row in crowded:
            revisions = Revision.objects.filter(content_type=row["content_type"], object_id=row["object_id"])
            old = list(revisions.order_by("-pk").values_list("pk", flat=True)[keep:])
            deleted += len(old)
            if not dry_run:
                Revision.objects.filter(pk__in=old).delete()
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {deleted} revision(s); kept the {keep} newest of each object.")
