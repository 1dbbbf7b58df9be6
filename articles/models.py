"""The editorial content: articles, their authors, series, outlets and types."""

import html

from django.conf import settings
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext
from taggit.managers import TaggableManager

from caucasuscenter.shared.dates import Precision, format_date
from caucasuscenter.shared.languages import Language
from caucasuscenter.shared.links import slug_url

from .fields import SanitizedHTMLField
from .images import ReencodedImageField
from .people import (  # noqa: F401  (authors and bylines, defined beside the pieces)
    Author,
    AuthorQuerySet,
    BylineRole,
    SlugNaturalKeyManager,
    byline_clauses,
    byline_text,
    first_sentence,
    names_in_text,
)
from .translations import TranslationQuerySet, validate_translation


class ArticleType(models.Model):
    """Analysis, op-ed, special report, … — editors can add more in the admin."""

    name = models.CharField(max_length=60, unique=True)
    plural = models.CharField(max_length=60, help_text="Used in headings, e.g. “Special reports”.")
    slug = models.SlugField(max_length=60, unique=True)
    schema_type = models.CharField(
        max_length=40,
        default="AnalysisNewsArticle",
        help_text="The schema.org type used in page metadata.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in menus and filters.")

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "article type"

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class SeriesQuerySet(models.QuerySet):
    def with_published_counts(self):
        """Each series with ``published_count``, counted for the series returned only (a correlated
        subquery, so ``[:4]`` counts four series, not every piece)."""
        parts = (
            Article.objects.published()
            .filter(series=models.OuterRef("pk"))
            .order_by()
            .values("series")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(published_count=Coalesce(models.Subquery(parts), 0))

    def worth_a_visit(self):
        """Series with a published part, or inviting contributions."""
        published_parts = Article.objects.published().filter(series=models.OuterRef("pk"))
        return self.filter(models.Exists(published_parts) | ~Q(invitation=""))


class Series(models.Model):
    """A run of analyses on one theme, read in order."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    description = SanitizedHTMLField(blank=True)
    invitation = SanitizedHTMLField(
        blank=True,
        help_text="An open call for contributions shown on the series page (leave empty if there is none).",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = SeriesQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "title"]
        verbose_name_plural = "series"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("articles:series", self.slug)


class Outlet(models.Model):
    """An outside publication where a piece first appeared."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("articles:outlet", self.slug)

    def natural_key(self):
        return (self.slug,)


SPECIAL_REPORT_TYPES = ["special-report", "exclusive-report"]  # the article types of the Center's reports
LEAD_TYPES = ["analysis", *SPECIAL_REPORT_TYPES]  # what leads the front page when editors choose nothing
NEWS_BRIEF_TYPE = "news-brief"  # news briefs have their own strip on the front page and never lead


class ArticleQuerySet(TranslationQuerySet):
    def published(self):
        """What the public may see: published, and not scheduled for later."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def public_users_of(self, queryset, lookup):
        """The objects of ``queryset`` (authors, tags, outlets …) that a published piece uses through
        ``lookup`` (``"tags"``): one used only by drafts is as unknown to readers as one that never was."""
        return queryset.filter(models.Exists(self.published().filter(**{lookup: models.OuterRef("pk")})))

    def for_listing(self):
        """What a card in a list shows (type, series, outlet, authors in byline order), loaded so
        that templates never query. The body, which no card shows, is left in the database."""
        return self.for_cards().prefetch_related(byline())

    def for_cards(self):
        """``for_listing()`` without the byline, for pages that load the bylines of several lists in
        one query (``prefetch_related_objects(pieces, byline())``)."""
        return self.select_related("kind", "series", "outlet").defer("body")

    def with_body(self):
        """``for_listing()`` pieces with their body after all (a search's snippets come from it)."""
        return self.defer(None)

    def for_reading(self):
        """Whole pieces, as their page, feeds and citations show them: ``for_listing()``, the body
        and the topics."""
        return self.for_listing().with_body().prefetch_related("tags")

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def special_reports(self):
        """The Center's special and exclusive reports."""
        return self.filter(kind__slug__in=SPECIAL_REPORT_TYPES)

    def news_briefs(self):
        return self.filter(kind__slug=NEWS_BRIEF_TYPE)

    def without_news_briefs(self):
        return self.exclude(kind__slug=NEWS_BRIEF_TYPE)

    def photo_needed(self):
        """Pieces without a photo (the admin's "needs a photo" filter)."""
        return self.filter(photo="")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.ForeignKey(ArticleType, on_delete=models.PROTECT, related_name="articles", verbose_name="type")
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.ENGLISH)
    translation_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        verbose_name="translation of",
        help_text="For a translation: the piece it translates (the original, never another translation). "
        "Leave empty on the original.",
    )
    summary = models.TextField(blank=True, help_text="The lede: one paragraph shown in lists, feeds and previews.")
    body = SanitizedHTMLField(blank=True)

    photo = ReencodedImageField(upload_to="photos/%Y/%m/", blank=True, size_fields=("photo_width", "photo_height"))
    photo_alt = models.CharField(
        "photo description", max_length=300, blank=True, help_text="What the photo shows, for screen readers."
    )
    photo_caption = models.CharField(max_length=500, blank=True)
    photo_credit = models.CharField(max_length=200, blank=True)
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)

    authors = models.ManyToManyField(Author, through="Authorship", related_name="articles", blank=True)
    series = models.ForeignKey(Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    series_part = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Part number within the series.")
    tags = TaggableManager(blank=True)

    outlet = models.ForeignKey(
        Outlet,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name="first published in",
    )
    original_volume = models.CharField("volume", max_length=20, blank=True)
    original_issue = models.CharField("issue", max_length=40, blank=True)
    original_date = models.DateField("date of original publication", null=True, blank=True)
    original_date_precision = models.CharField(
        "date precision",
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text="How much of the original date is known: the day, only the month, or only the year.",
    )
    original_url = models.URLField("link to the original", max_length=500, blank=True)
    republished_whole = models.BooleanField(
        "this page republishes the whole piece",
        default=False,
        help_text="Tick when the text here is the whole of what the outlet published: search engines are "
        "then sent to the original (its link, above). Unticked, the text is an excerpt, which ends with "
        "“Read the full article at …”.",
    )

    republishing_notice = models.TextField(
        blank=True, help_text="E.g. “Any form of its republishing needs credit of the CCSIS.”"
    )

    # No index of its own: article_public_idx (status, publication time) serves every filter on it.
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publication time",
        null=True,
        blank=True,
        db_index=True,
        help_text="A time in the future schedules the piece: it goes live by itself then.",
    )
    published_precision = models.CharField(
        "date precision",
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text="For an old piece whose date was inferred: pages and citations print only the month "
        "or the year. Lists still sort by the full time.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField("last updated", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_article_has_publication_time",
                violation_error_message="A published article needs a publication time.",
            ),
            models.UniqueConstraint(
                fields=["series", "series_part"],
                name="unique_part_in_series",
                violation_error_message="Another article already is this part of the series.",
            ),
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                name="one_translation_per_language",
                violation_error_message="The original already has a translation in this language.",
            ),
        ]
        indexes = [models.Index(fields=["status", "-published_at"], name="article_public_idx")]
        permissions = [("publish_article", "Can publish and unpublish articles")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("articles:detail", self.slug)

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        article = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        if "translation_of_id" in article.__dict__:  # which group it was in, for ``articles.settled``
            article._stored_original_id = article.translation_of_id
        return article

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.published_at and self.published_at > timezone.now()

    @property
    def summary_opens_body(self):
        """True when the body already starts with the summary (so pages need not repeat it)."""
        summary = " ".join(self.summary.split())
        text = " ".join(html.unescape(strip_tags(self.body)).split())
        return bool(summary) and text.startswith(summary)

    @property
    def ordered_authors(self):
        """Everyone credited, in byline order (whatever their role); uses the prefetch from ``for_listing()``."""
        return [authorship.author for authorship in self.authorships.all()]

    def credited(self, *roles):
        """The authors credited in ``roles`` (``Authorship.Role``), in byline order."""
        return [authorship.author for authorship in self.authorships.all() if authorship.role in roles]

    @property
    def writers(self):
        """Who wrote the piece: its authors (“by”) and interviewers. JSON-LD ``author``, the feeds'
        authors, the first names of a citation."""
        return self.credited(Authorship.Role.BY, Authorship.Role.INTERVIEW_BY)

    @property
    def contributors(self):
        """Who wrote with them (“with”): JSON-LD ``contributor``, the feeds' contributors."""
        return self.credited(Authorship.Role.WITH)

    @property
    def translators(self):
        return self.credited(Authorship.Role.TRANSLATED_BY)

    @property
    def cited_authors(self):
        """The names a citation gives as its authors: the writers, then the co-writers (as Chicago's
        “…, with C” has them). Translators have their own place in each format, or none."""
        return self.writers + self.contributors

    @property
    def byline_clauses(self):
        """The byline, in clauses of ``(words, authors)`` parts: “By A and B, with C · Interview by D ·
        Translated by E”. Each role's authors keep their byline order."""
        return byline_clauses(self.authorships.all())

    @property
    def is_excerpt(self):
        """An excerpt of a piece first published elsewhere (which ends with a way to the full text)."""
        return bool(self.outlet_id) and not self.republished_whole

    @property
    def canonical_elsewhere(self):
        """The original's address, when this page republishes the whole piece and the address is known:
        the page's ``rel=canonical`` (``caucasuscenter.shared.metadata.canonical_url``)."""
        return self.original_url if self.outlet_id and self.republished_whole else ""

    @property
    def original_publication_line(self):
        """E.g. “First published in Eurasia Daily Monitor, Volume 20, Issue 14”."""
        if not self.outlet_id:
            return ""
        return f"First published in {self.outlet.name}{self.original_publication_details}"

    @property
    def original_publication_details(self):
        """What follows the outlet's name in that line: “, Volume 20, Issue 14, 27 January 2023” (or "")."""
        parts = []
        if self.original_volume:
            parts.append(gettext("Volume %(volume)s") % {"volume": self.original_volume})
        if self.original_issue:
            parts.append(gettext("Issue %(issue)s") % {"issue": self.original_issue})
        if self.original_date:
            parts.append(format_date(self.original_date, self.original_date_precision))
        return "".join(f", {part}" for part in parts)

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        if self.series_part and not self.series_id:
            errors["series_part"] = "A part number needs a series."
        first_published = (self.original_volume, self.original_issue, self.original_url, self.original_date)
        if (any(first_published) or self.republished_whole) and not (self.outlet_id):
            errors["outlet"] = "Choose the outlet that first published the piece."
        errors.update(validate_translation(self))
        if errors:
            raise ValidationError(errors)


class Authorship(models.Model):
    """An author's place in an article's byline, and what they did."""

    Role = BylineRole

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="authorships")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="authorships")
    position = models.PositiveSmallIntegerField(default=0)
    role = models.CharField(
        max_length=16,
        choices=Role.choices,
        default=Role.BY,
        help_text="How the byline credits them: “By A and B, with C · Interview by D · Translated by E”.",
    )

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="author_once_per_article"),
        ]

    def __str__(self):
        return f"{self.author} on {self.article}"


def byline():
    """The prefetch of a piece's authors in byline order (``ordered_authors``)."""
    return Prefetch("authorships", queryset=Authorship.objects.select_related("author").order_by("position"))


from .frontpage.models import FrontPage, Placement  # noqa: E402,F401  (what editors put on the front page)
from .wordpress.models import WordPressPost  # noqa: E402,F401  (the import of WordPress posts)
