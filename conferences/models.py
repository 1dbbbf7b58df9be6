"""Conferences and their calls for papers.

The life of a call: a ``Conference`` with its ordered ``Topic``s and ``ProgrammeFeature``s
opens, authors send an ``Abstract`` (with ordered ``AbstractAuthor``s) without an account,
``Review``ers score it, editors decide, and accepted abstracts make the proceedings.
Partner organisations send a ``LetterOfInterest``; readers of a series send a
``SimulationSubmission``. Every email goes through the ``OutgoingEmail`` outbox, its text
from an ``EmailTemplate``; ``RateLimitHit`` remembers recent submissions per address.
"""

import secrets
import uuid
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from articles.interface import SERIES
from caucasuscenter.shared.languages import Language

from .wordcount import character_limit, count_words


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


def new_secret_key():
    """An unguessable key for private links (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def absolute_url(path):
    """Links in emails are absolute: ``SITE_URL`` + path."""
    return f"{settings.SITE_URL}{path}"


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
    organiser = models.CharField(
        max_length=300, default="The Caucasus Center for Strategic and International Studies (CCSIS)"
    )
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
    # (Named after the module it shadows in this class body: keep it below every use of timezone.now.)
    timezone = models.CharField(
        max_length=64,
        default="Asia/Baku",
        validators=[validate_timezone],
        help_text="The call's opening time and deadline are shown, and entered here, in this time zone.",
    )
    word_limit = models.PositiveSmallIntegerField(
        default=300, validators=[MinValueValidator(50), MaxValueValidator(5000)], help_text="Words per abstract."
    )
    allow_other_topics = models.BooleanField(
        default=True, help_text="Authors may choose “Another relevant issue” besides the listed topics."
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
    contact_email = models.EmailField(default="info@thecaucasuscenter.org")
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
        return zoneinfo.ZoneInfo(self.timezone)

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


class AbstractQuerySet(models.QuerySet):
    def with_authors(self):
        return self.select_related("conference", "topic").prefetch_related("authors")

    def accepted(self):
        return self.filter(status=Abstract.Status.ACCEPTED)

    def in_proceedings(self, conference):
        """What the public proceedings page lists: accepted abstracts of a conference whose proceedings are out."""
        if not conference.proceedings_published:
            return self.none()
        return (
            self.accepted()
            .filter(conference=conference)
            .select_related("topic")
            .prefetch_related("authors")
            .order_by(models.F("topic__position").asc(nulls_last=True), "topic_id", "title", "pk")
        )


class Abstract(models.Model):
    """A paper abstract sent in answer to a call, by authors without an account."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        UNDER_REVIEW = "under_review", "Under review"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        WAITLISTED = "waitlisted", "Waitlisted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    DECISIONS = (Status.ACCEPTED, Status.REJECTED, Status.WAITLISTED)
    EDITABLE = (Status.SUBMITTED, Status.UNDER_REVIEW)

    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="abstracts")
    topic = models.ForeignKey(
        Topic,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="abstracts",
        help_text="Empty means “Another relevant issue”.",
    )
    title = models.CharField(max_length=300)
    text = models.TextField("abstract")
    word_count = models.PositiveIntegerField(default=0, editable=False)
    phone = models.CharField("contact phone", max_length=40, blank=True)
    consent_given_at = models.DateTimeField(
        "consent given", help_text="When the author agreed to the processing of the data for the conference."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True)

    submission_token = models.UUIDField(
        unique=True, default=uuid.uuid4, editable=False, help_text="Sent with the form: a repeated post finds it."
    )
    manage_key = models.CharField(max_length=64, unique=True, default=new_secret_key, editable=False)
    status_key = models.CharField(max_length=64, unique=True, default=new_secret_key, editable=False)

    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    decision_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the authors were told the decision; until then they see “under review”."
    )

    objects = AbstractQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        permissions = [("decide_abstract", "Can decide on abstracts and email the decision")]
        indexes = [
            models.Index(fields=["conference", "status"], name="abstract_conference_status_idx"),
            # A repeated post is found by its title (services.repeated_abstract), among thousands.
            models.Index(fields=["conference", "title"], name="abstract_conference_title_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.word_count = count_words(self.text)
        if kwargs.get("update_fields") is not None and "text" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "word_count"}
        super().save(*args, **kwargs)

    def clean(self):
        if self.topic_id and self.conference_id and self.topic.conference_id != self.conference_id:
            raise ValidationError({"topic": "Choose a topic of this abstract's conference."})

    @property
    def ordered_authors(self):
        """Authors in order; uses the prefetch of ``with_authors()``."""
        return sorted(self.authors.all(), key=lambda author: author.position)

    @property
    def contact_author(self):
        return next((author for author in self.ordered_authors if author.is_contact), None)

    @property
    def topic_title(self):
        return self.topic.title if self.topic_id else "Another relevant issue"

    @property
    def author_emails(self):
        return {author.email.lower() for author in self.authors.all()}

    def get_manage_url(self):
        return reverse("conferences:abstract_manage", kwargs={"key": self.manage_key})

    def get_status_url(self):
        return reverse("conferences:abstract_status", kwargs={"key": self.status_key})

    def can_be_changed(self, at=None):
        """The contact author may edit or withdraw until the deadline, before any decision."""
        return self.status in self.EDITABLE and not self.conference.has_closed(at)

    @property
    def status_for_authors(self):
        """What the authors see: a decision only once it has been sent to them."""
        if self.status == self.Status.WITHDRAWN:
            return self.Status.WITHDRAWN.label
        if self.status in self.DECISIONS and self.decision_sent_at:
            return self.get_status_display()
        if self.status == self.Status.SUBMITTED:
            return "Received"
        return self.Status.UNDER_REVIEW.label


class AbstractAuthor(models.Model):
    """One author of an abstract, in order, with the affiliation printed in the proceedings."""

    abstract = models.ForeignKey(Abstract, on_delete=models.CASCADE, related_name="authors")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    affiliation = models.CharField(max_length=300)
    email = models.EmailField(max_length=254)
    is_contact = models.BooleanField("contact author", default=False)

    class Meta:
        ordering = ["position"]
        verbose_name = "author"
        constraints = [
            models.UniqueConstraint(fields=["abstract", "position"], name="author_position_once_per_abstract"),
            models.UniqueConstraint(
                "abstract",
                Lower("email"),
                name="author_email_once_per_abstract",
                violation_error_message="Each author needs their own email address.",
            ),
            models.UniqueConstraint(
                fields=["abstract"],
                condition=Q(is_contact=True),
                name="one_contact_author_per_abstract",
                violation_error_message="An abstract has one contact author.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.affiliation})"


class ReviewQuerySet(models.QuerySet):
    def conflicted(self):
        """Reviews whose reviewer's email is among the abstract's authors: never shown or allowed."""
        return self.filter(
            models.Exists(
                AbstractAuthor.objects.filter(
                    abstract=models.OuterRef("abstract"), email__iexact=models.OuterRef("reviewer__email")
                )
            )
        )

    def without_conflicts(self):
        return self.exclude(pk__in=self.conflicted().values("pk"))


class Review(models.Model):
    """A reviewer's assignment to an abstract, and then their score and comment."""

    class Score(models.IntegerChoices):
        STRONG_REJECT = 1, "1 – reject"
        WEAK_REJECT = 2, "2 – weak reject"
        BORDERLINE = 3, "3 – borderline"
        WEAK_ACCEPT = 4, "4 – accept"
        STRONG_ACCEPT = 5, "5 – strong accept"

    abstract = models.ForeignKey(Abstract, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conference_reviews",
        limit_choices_to={"is_staff": True, "is_active": True, "groups__name": "Reviewers"},
    )
    score = models.PositiveSmallIntegerField(choices=Score.choices, null=True, blank=True)
    comment = models.TextField(blank=True, help_text="For the editors; authors never see it.")
    assigned_at = models.DateTimeField(default=timezone.now)
    scored_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["abstract", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["abstract", "reviewer"], name="one_review_per_reviewer_and_abstract"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5), name="review_score_1_to_5"
            ),
        ]

    def __str__(self):
        return f"Review of “{self.abstract}” by {self.reviewer}"

    def save(self, *args, **kwargs):
        if self.score is not None and self.scored_at is None:
            self.scored_at = timezone.now()
        super().save(*args, **kwargs)

    def clean(self):
        if not (self.abstract_id and self.reviewer_id):
            return
        conflict = conflict_of_interest(self.reviewer, self.abstract)
        if conflict:
            raise ValidationError({"reviewer": conflict})


def conflict_of_interest(reviewer, abstract):
    """Why ``reviewer`` may not review ``abstract``, or ``""``: their own email is among its authors."""
    email = (reviewer.email or "").strip().lower()
    if not email:
        return f"{reviewer.get_username()} has no email address, so we cannot check that they are not an author."
    if abstract.authors.filter(email__iexact=email).exists():
        return f"{reviewer.get_username()} is an author of this abstract ({email}) and cannot review it."
    return ""


class LetterOfInterest(models.Model):
    """A partner organisation's offer to join a conference."""

    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="letters_of_interest")
    organisation = models.CharField(max_length=300)
    contact_person = models.CharField(max_length=200)
    email = models.EmailField()
    website = models.URLField(blank=True)
    message = models.TextField()
    submission_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    handled = models.BooleanField(default=False, help_text="Tick when an editor has answered.")
    notes = models.TextField(blank=True, help_text="For the editors.")

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "letter of interest"
        verbose_name_plural = "letters of interest"

    def __str__(self):
        return f"{self.organisation} – {self.conference.title}"


def simulation_upload_path(instance, filename):
    # A random folder keeps uploads unguessable even where media files are served.
    return f"simulations/{uuid.uuid4().hex}/{filename}"


class SimulationSubmission(models.Model):
    """A reader's simulation sent in answer to a series' invitation."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        ACCEPTED = "accepted", "Accepted for publication"
        DECLINED = "declined", "Declined"

    series = models.ForeignKey(SERIES, on_delete=models.PROTECT, related_name="simulations")
    full_name = models.CharField(max_length=200)
    position = models.CharField("title or position", max_length=200, help_text="As it should be published.")
    email = models.EmailField()
    phone = models.CharField(max_length=40)
    title = models.CharField("title of the simulation", max_length=300)
    text = models.TextField(blank=True)
    file = models.FileField(upload_to=simulation_upload_path, blank=True, max_length=300)
    submission_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    notes = models.TextField(blank=True, help_text="For the editors.")

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "simulation"
        constraints = [
            models.CheckConstraint(
                condition=~Q(text="") | ~Q(file=""),
                name="simulation_has_text_or_file",
                violation_error_message="A simulation needs its text or a file.",
            )
        ]

    def __str__(self):
        return f"{self.title} – {self.full_name}"


class EmailTemplateQuerySet(models.QuerySet):
    def for_kind(self, kind, conference=None):
        """The conference's own template for ``kind`` if it has one, else the site-wide one (or None)."""
        candidates = self.filter(kind=kind).filter(Q(conference=conference) | Q(conference__isnull=True))
        return candidates.order_by(models.F("conference").desc(nulls_last=True)).first()


class EmailTemplate(models.Model):
    """The subject and text of an email, editable by editors; Django template syntax."""

    class Kind(models.TextChoices):
        ABSTRACT_RECEIVED_CONTACT = "abstract_received_contact", "Abstract received – to the contact author"
        ABSTRACT_RECEIVED_COAUTHOR = "abstract_received_coauthor", "Abstract received – to each co-author"
        ABSTRACT_RECEIVED_EDITORS = "abstract_received_editors", "New abstract – to the editors"
        ABSTRACT_UPDATED = "abstract_updated", "Abstract changed – to every author"
        ABSTRACT_WITHDRAWN = "abstract_withdrawn", "Abstract withdrawn – to every author"
        DECISION_ACCEPTED = "decision_accepted", "Decision: accepted – to every author"
        DECISION_REJECTED = "decision_rejected", "Decision: rejected – to every author"
        DECISION_WAITLISTED = "decision_waitlisted", "Decision: waitlisted – to every author"
        LETTER_RECEIVED = "letter_received", "Letter of interest received – to the sender"
        LETTER_EDITORS = "letter_editors", "New letter of interest – to the editors"
        SIMULATION_RECEIVED = "simulation_received", "Simulation received – to the sender"
        SIMULATION_EDITORS = "simulation_editors", "New simulation – to the editors"

    kind = models.CharField(max_length=40, choices=Kind.choices)
    conference = models.ForeignKey(
        Conference,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="email_templates",
        help_text="Empty: used for every conference that has no template of its own for this kind.",
    )
    subject = models.CharField(max_length=300)
    body = models.TextField(help_text="Plain text. Placeholders such as {{ author.name }} are listed below.")
    updated_at = models.DateTimeField(auto_now=True)

    objects = EmailTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "conference"]
        verbose_name = "email template"
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=Q(conference__isnull=True), name="one_sitewide_template_per_kind"
            ),
            models.UniqueConstraint(fields=["conference", "kind"], name="one_template_per_kind_and_conference"),
        ]

    def __str__(self):
        scope = self.conference.title if self.conference_id else "all conferences"
        return f"{self.get_kind_display()} ({scope})"


class OutgoingEmailQuerySet(models.QuerySet):
    def due(self, at=None):
        return self.filter(status=OutgoingEmail.Status.QUEUED, next_attempt_at__lte=at or timezone.now())

    def unsent(self):
        return self.exclude(status=OutgoingEmail.Status.SENT)


class OutgoingEmail(models.Model):
    """One message to one recipient: stored with the submission, sent (and retried) by ``send_emails``."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed – gave up"

    MAX_ATTEMPTS = 10

    kind = models.CharField(max_length=40, choices=EmailTemplate.Kind.choices, blank=True)
    to = models.EmailField("recipient", max_length=254)
    reply_to = models.EmailField(max_length=254, blank=True)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    abstract = models.ForeignKey(Abstract, null=True, blank=True, on_delete=models.SET_NULL, related_name="emails")
    letter = models.ForeignKey(
        LetterOfInterest, null=True, blank=True, on_delete=models.SET_NULL, related_name="emails"
    )
    simulation = models.ForeignKey(
        SimulationSubmission, null=True, blank=True, on_delete=models.SET_NULL, related_name="emails"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "outgoing email"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outgoing_email_due_idx")]

    def __str__(self):
        return f"{self.subject} → {self.to}"

    def record_failure(self, error, at=None):
        """Note a failed attempt and when to try again: 1, 2, 4 … minutes, at most an hour apart."""
        at = at or timezone.now()
        self.attempts += 1
        self.last_error = f"{type(error).__name__}: {error}"[:2000]
        if self.attempts >= self.MAX_ATTEMPTS:
            self.status = self.Status.FAILED
        else:
            self.next_attempt_at = at + timedelta(minutes=min(2 ** (self.attempts - 1), 60))

    def record_success(self, at=None):
        self.attempts += 1
        self.status = self.Status.SENT
        self.sent_at = at or timezone.now()


class RateLimitHit(models.Model):
    """One stored submission from one client address (kept hashed), for the per-address rate limit."""

    scope = models.CharField(max_length=30)
    client = models.CharField(max_length=64, help_text="A keyed hash of the address, never the address itself.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["scope", "client", "created_at"], name="rate_limit_lookup_idx")]

    def __str__(self):
        return f"{self.scope} from {self.client[:8]}… at {self.created_at:%Y-%m-%d %H:%M}"
