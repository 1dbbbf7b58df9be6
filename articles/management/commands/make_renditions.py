"""``manage.py make_renditions``: the renditions and recorded size of photos (articles' photos and
authors' portraits) stored before renditions existed (or whose renditions were lost). A photo that
cannot be read is reported and skipped."""

from django.core.management.base import BaseCommand

from articles.models import Article, Author
from articles.renditions import make_renditions, stored_size


class Command(BaseCommand):
    help = "Make the missing renditions of article photos and author portraits and record each photo's size."

    def handle(self, *args, **options):
        made = 0
        for model in (Article, Author):
            for row in model.objects.exclude(photo="").only("pk", "photo", "photo_width", "photo_height"):
                try:
                    made += len(make_renditions(row.photo))
                    width, height = stored_size(row.photo)
                except (OSError, ValueError) as error:
                    self.stderr.write(f"{row.photo.name}: {error}")
                    continue
                if (row.photo_width, row.photo_height) != (width, height):
                    model.objects.filter(pk=row.pk).update(photo_width=width, photo_height=height)
        self.stdout.write(f"Made {made} rendition(s).")
