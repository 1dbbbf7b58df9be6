"""The call: a ``Conference`` with its ordered ``Topic``s and ``ProgrammeFeature``s, open from
``opens_at`` up to and including the ``deadline`` second, in the call's own time zone."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from caucasuscenter.shared.languages import Language

from ..wordcount import character_limit

#: What an abstract on none of the listed topics is filed under, wherever it is shown.
OTHER_TOPIC_TITLE = gettext_noop("Another relevant issue")  # English here; gettext() it where readers see it


def validate_timezone(value):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            "“%(value)s” is not a time zone name; use one like Asia/Baku or Europe/Paris.",
            code="invalid_timezone",
            params={"value": value},
        ) from error


RESERVED_SLUGS = {"abstracts", "abstract-status", "simulations"}


def validate_conference_slug(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(
            "“%(value)s” is used by the site's own pages; choose another slug.", params={"value": value}
        )


def default_organiser():
    """The organisation as a call names its organiser: “<name> (<short name>)”, from ``settings.SITE``."""
    return f"{settings.SITE['name']} ({settings.SITE['short_name']})"


def default_contact_email():
    """The organisation's address (``settings.SITE``), where a call's questions go unless it names another."""
    return settings.SITE["email"]


class ConferenceQuerySet(models.QuerySet):
    def open(self, at=None):
        at = at or timezone.now()
        return self.filter(opens_at__lte=at, deadline__gte=at)

    def closed(self, at=None):
        """The archive: calls whose deadline has passed."""
        return self.filter(deadline__lt=at or timezone.now())

    def featured(self):
        """The conference to show on the home page: the open call closing first, else the latest (≤ 2 queries)."""
        return self.open().order_by("deadline").first() or self.order_by("-deadline").first()

    def for_page(self):
        """What a call's public page shows, in three queries whatever the number of topics."""
        return self.prefetch_related("topics", "features")


class ConferenceManager(models.Manager.from_queryset(ConferenceQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Conference(models.Model):
    """A conference and its call for papers."""

    title = models.CharField(max_length=300)
    subtitle = models.CharField(max_length=300, blank=True)
    slug = models.SlugField(max_length=200, unique=True, validators=[validate_conference_slug])
    organiser = models.CharField(max_length=300, default=default_organiser)
    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    summary = models.TextField(blank=True, help_text="One paragraph for lists, previews and the home page.")
    description = models.TextField(help_text="The call itself. Separate paragraphs with an empty line.")
    submission_guidelines = models.TextField(
        blank=True, help_text="What an abstract must contain, as the call says it. Shown above the form."
    )

    working_language = models.CharField(max_length=5, choices=Language.choices, default=Language.ENGLISH)
    interpretation_languages = models.JSONField(
        default=list, blank=True, help_text="Languages with simultaneous interpretation."
    )
    is_live_streamed = models.BooleanField("live-streamed", default=False)
    live_stream_details = models.CharField(
        max_length=300, blank=True, help_text="E.g. “On our website and social media platforms.”"
    )
    live_stream_url = models.URLField(blank=True)

    venue = models.CharField(max_length=300, blank=True, help_text="Leave empty while the venue is to be announced.")
    starts_on = models.DateField(null=True, blank=True, help_text="Leave empty while the dates are to be announced.")
    ends_on = models.DateField(null=True, blank=True)

    opens_at = models.DateTimeField("call opens", default=timezone.now)
    deadline = models.DateTimeField(help_text="The last moment a submission is accepted, e.g. 23:59:59.")
    time_zone = models.CharField(
        max_length=64,
        default="Asia/Baku",
        validators=[validate_timezone],
        help_text="The call's opening time and deadline are shown, and entered here, in this time zone.",
    )
    word_limit = models.PositiveSmallIntegerField(
        default=300, validators=[MinValueValidator(50), MaxValueValidator(5000)], help_text="Words per abstract."
    )
    allow_other_topics = models.BooleanField(
        default=True, help_text=f"Authors may choose “{OTHER_TOPIC_TITLE}” besides the listed topics."
    )
    blind_review = models.BooleanField(
        default=False, help_text="Reviewers do not see the authors' names, affiliations or emails."
    )

    proceedings_info = models.TextField(
        blank=True, help_text="What happens to accepted papers, e.g. “published in the conference proceedings”."
    )
    proceedings_published = models.BooleanField(
        default=False, help_text="Show the accepted abstracts on the public proceedings page."
    )
    partner_info = models.TextField(blank=True, help_text="The invitation to partner organisations.")
    contact_email = models.EmailField(default=default_contact_email)
    is_demo = models.BooleanField(
        "demo call", default=False, help_text="A call opened to try the site; its page says so."
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConferenceManager()

    class Meta:
        ordering = ["-deadline"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gt=models.F("opens_at")),
                name="conference_deadline_after_opening",
                violation_error_message="The deadline must come after the call opens.",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="conference_ends_after_it_starts",
                violation_error_message="The conference cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"

    def get_absolute_url(self):
        return reverse("conferences:detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    def is_open(self, at=None):
        """Open from ``opens_at`` up to and including the ``deadline`` second."""
        at = at or timezone.now()
        return self.opens_at <= at <= self.deadline

    def has_closed(self, at=None):
        return (at or timezone.now()) > self.deadline

    def is_upcoming(self, at=None):
        return (at or timezone.now()) < self.opens_at

    @property
    def character_limit(self):
        return character_limit(self.word_limit)

    @property
    def interpretation_language_names(self):
        names = dict(Language.choices)
        return [names.get(code, code) for code in self.interpretation_languages]

    @property
    def venue_is_announced(self):
        return bool(self.venue.strip())

    def clean(self):
        if self.opens_at and self.deadline and self.deadline <= self.opens_at:
            raise ValidationError({"deadline": "The deadline must come after the call opens."})
        unknown = set(self.interpretation_languages or []) - set(Language.values)
        if unknown:
            raise ValidationError(
                {"interpretation_languages": f"Unknown language codes: {', '.join(sorted(unknown))}."}
            )


class TopicManager(models.Manager):
    def get_by_natural_key(self, conference_slug, title):
        return self.get(conference__slug=conference_slug, title=title)


class Topic(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    objects = TopicManager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["conference", "title"], name="topic_once_per_conference")]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (*self.conference.natural_key(), self.title)

    natural_key.dependencies = ["conferences.conference"]


class ProgrammeFeatureManager(models.Manager):
    def get_by_natural_key(self, conference_slug, title):
        return self.get(conference__slug=conference_slug, title=title)


class ProgrammeFeature(models.Model):
    """Keynotes, panels, workshops, a roundtable, a final declaration: what the programme offers."""

    class Kind(models.TextChoices):
        KEYNOTE = "keynote", "Keynote speeches"
        PANEL = "panel", "Panel discussions"
        WORKSHOP = "workshop", "Workshops"
        ROUNDTABLE = "roundtable", "Roundtable"
        DECLARATION = "declaration", "Final declaration and policy brief"
        OTHER = "other", "Other"

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="features")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(max_length=300, help_text="As readers will see it.")
    position = models.PositiveSmallIntegerField(default=0)

    objects = ProgrammeFeatureManager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "programme feature"
        constraints = [models.UniqueConstraint(fields=["conference", "title"], name="feature_once_per_conference")]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (*self.conference.natural_key(), self.title)

    natural_key.dependencies = ["conferences.conference"]
