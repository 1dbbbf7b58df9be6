"""Open a new demo call, copied from the latest real one, so that anyone can try a submission.

The seed's calls are never changed: the demo is a new conference, marked as a demo on
every page, whose deadline is ``--days`` days ahead (23:59:59 in its time zone).
"""

from datetime import datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError, call_command
from django.db import transaction
from django.utils import timezone

from caucasuscenter.shared.links import absolute_url
from conferences.models import Conference, ProgrammeFeature, Topic
from conferences.times import format_deadline

SEED = Path(settings.BASE_DIR) / "fixtures" / "conference.json"


class Command(BaseCommand):
    help = "Open a new demo call for papers (copied from the latest call) to try a submission. Changes no other call."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=14, help="Days until the deadline (default 14).")

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        if not Conference.objects.filter(is_demo=False).exists():
            if not SEED.exists():
                raise CommandError("There is no conference to copy; load one first (fixtures/conference.json).")
            call_command("loaddata", str(SEED), verbosity=0)
        model = Conference.objects.filter(is_demo=False).order_by("-deadline").first()
        demo = self.open_demo(model, days)
        self.stdout.write(
            self.style.SUCCESS(f"Opened the demo call “{demo.title}”; abstracts until {format_deadline(demo)}.")
        )
        self.stdout.write(f"Call:   {absolute_url(demo.get_absolute_url())}")
        self.stdout.write(f"Submit: {absolute_url(demo.get_absolute_url())}submit/")

    @transaction.atomic
    def open_demo(self, model, days):
        now = timezone.now()
        local_deadline = timezone.localtime(now, model.tzinfo).date() + timedelta(days=days)
        deadline = datetime.combine(local_deadline, time(23, 59, 59), tzinfo=model.tzinfo)
        stamp = timezone.localtime(now, model.tzinfo).strftime("%Y%m%d-%H%M%S")
        topics = list(model.topics.all())
        features = list(model.features.all())

        demo = model
        demo.pk = None
        demo._state.adding = True
        demo.title = f"{model.title} (demo call)"
        demo.slug = f"demo-{stamp}"
        demo.year = timezone.localtime(now, model.tzinfo).year
        demo.opens_at = now
        demo.deadline = deadline
        demo.is_demo = True
        demo.proceedings_published = False
        demo.save()
        Topic.objects.bulk_create(Topic(conference=demo, title=t.title, position=t.position) for t in topics)
        ProgrammeFeature.objects.bulk_create(
            ProgrammeFeature(conference=demo, kind=f.kind, title=f.title, position=f.position) for f in features
        )
        return demo
