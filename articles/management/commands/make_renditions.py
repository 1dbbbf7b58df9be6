"""``manage.py make_renditions``: the renditions and recorded size of photos stored before renditions
existed (or whose renditions were lost). A photo that cannot be read is reported and skipped."""

from django.core.management.base import BaseCommand

from articles.models import Article
from articles.renditions import make_renditions, stored_size


class Command(BaseCommand):
    help = "Make the missing renditions of article photos and record each photo's size."

    def handle(self, *args, **options):
        made = 0
        for article in Article.objects.exclude(photo="").only("pk", "photo", "photo_width", "photo_height"):
            try:
                made += len(make_renditions(article.photo))
                width, height = stored_size(article.photo)
            except (OSError, ValueError) as error:
                self.stderr.write(f"{article.photo.name}: {error}")
                continue
            if (article.photo_width, article.photo_height) != (width, height):
                Article.objects.filter(pk=article.pk).update(photo_width=width, photo_height=height)
        self.stdout.write(f"Made {made} rendition(s).")
