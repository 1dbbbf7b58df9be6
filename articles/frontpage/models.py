"""What editors put on the front page: one ``FrontPage`` (there is only one) and its ``Placement``s.

A placement puts a piece in a place (the lead, a feature, a pinned report) at a position. Editors
may place any piece, a scheduled one too: the home page shows only what ``published()`` lets
through, so a scheduled piece takes its place when it goes live and a draft never shows.
``articles/models.py`` imports these so that Django finds them.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

MAX_PLACED = {"lead": 1, "feature": 6, "report": 3}


class FrontPage(models.Model):
    """The one front page (``FrontPage.current()``): a parent for its placements, so that editors
    arrange the lead, the features and the pinned reports on one screen."""

    updated_at = models.DateTimeField("last arranged", auto_now=True)

    class Meta:
        verbose_name = "front page"
        verbose_name_plural = "front page"

    def __str__(self):
        return "The front page"

    def save(self, *args, **kwargs):
        self.pk = 1  # there is one front page
        super().save(*args, **kwargs)

    @classmethod
    def current(cls):
        front_page, _ = cls.objects.get_or_create(pk=1)
        return front_page


class Placement(models.Model):
    class Place(models.TextChoices):
        LEAD = "lead", "Lead story"
        FEATURE = "feature", "Feature"
        REPORT = "report", "Pinned report"

    front_page = models.ForeignKey(FrontPage, on_delete=models.CASCADE, related_name="placements")
    place = models.CharField(max_length=10, choices=Place.choices)
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="front_page_placements",
        verbose_name="piece",
        help_text="A scheduled piece appears when it goes live; a draft never appears.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["place", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["front_page", "place", "article"], name="front_page_piece_once_per_place"),
            models.UniqueConstraint(
                fields=["front_page"],
                condition=Q(place="lead"),
                name="front_page_has_one_lead",
                violation_error_message="The front page has one lead story.",
            ),
        ]

    def __str__(self):
        return f"{self.get_place_display()}: {self.article}"

    def clean(self):
        from ..models import NEWS_BRIEF_TYPE

        place = getattr(self, "PLACE", None) or self.place
        if place == self.Place.LEAD and self.article_id and self.article.kind.slug == NEWS_BRIEF_TYPE:
            raise ValidationError({"article": "A news brief does not lead the front page; choose another piece."})


class PlaceManager(models.Manager):
    """The placements of one place."""

    def __init__(self, place):
        super().__init__()
        self.place = place

    def get_queryset(self):
        return super().get_queryset().filter(place=self.place)


class InOnePlace:
    """A proxy of ``Placement`` for one place (one inline each on the front page's screen)."""

    PLACE = None

    def save(self, *args, **kwargs):
        self.place = self.PLACE
        super().save(*args, **kwargs)


class LeadPlacement(InOnePlace, Placement):
    PLACE = Placement.Place.LEAD
    objects = PlaceManager(PLACE)

    class Meta:
        proxy = True
        verbose_name = "lead story"
        verbose_name_plural = "lead story"


class FeaturePlacement(InOnePlace, Placement):
    PLACE = Placement.Place.FEATURE
    objects = PlaceManager(PLACE)

    class Meta:
        proxy = True
        verbose_name = "feature"
        verbose_name_plural = "features (in order, at most six)"


class ReportPlacement(InOnePlace, Placement):
    PLACE = Placement.Place.REPORT
    objects = PlaceManager(PLACE)

    class Meta:
        proxy = True
        verbose_name = "pinned report"
        verbose_name_plural = "pinned reports (in order, at most three)"
