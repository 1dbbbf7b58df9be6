"""Abstracts and their review: an ``Abstract`` with its ordered ``AbstractAuthor``s, sent without an
account; ``Review``ers score it (never their own); editors decide, and authors see a decision once sent."""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext

from caucasuscenter.shared.languages import submission_language_field

from ..wordcount import count_words
from .calls import OTHER_TOPIC_TITLE, Conference, Topic


def new_secret_key():
    """An unguessable key for private links (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


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
        help_text=f"Empty means “{OTHER_TOPIC_TITLE}”.",
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
    fingerprint = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="The submitted content (call, contact address, title, text) as one digest: "
        "the database stores one abstract that is not withdrawn per fingerprint (services.content_fingerprint).",
    )
    language = submission_language_field()
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
        constraints = [
            # The same abstract sent from two form loads at the same moment is stored once.
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=~models.Q(fingerprint="") & ~models.Q(status="withdrawn"),
                name="abstract_content_once",
            )
        ]
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
        return self.topic.title if self.topic_id else gettext(OTHER_TOPIC_TITLE)

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
            return pgettext("abstract status", "Withdrawn")
        if self.status in self.DECISIONS and self.decision_sent_at:
            return {
                self.Status.ACCEPTED: pgettext("abstract status", "Accepted"),
                self.Status.REJECTED: pgettext("abstract status", "Rejected"),
                self.Status.WAITLISTED: pgettext("abstract status", "Waitlisted"),
            }[self.status]
        if self.status == self.Status.SUBMITTED:
            return pgettext("abstract status", "Received")
        return pgettext("abstract status", "Under review")


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
        if self.abstract.status == Abstract.Status.WITHDRAWN and self._changes_review():
            raise ValidationError(WITHDRAWN_NOT_REVIEWED, code="withdrawn")
        conflict = conflict_of_interest(self.reviewer, self.abstract)
        if conflict:
            raise ValidationError({"reviewer": conflict})

    def _changes_review(self):
        """A new assignment, or a score or comment other than the stored ones."""
        if self._state.adding:
            return True
        stored = Review.objects.filter(pk=self.pk).values("score", "comment", "reviewer_id").first() or {}
        return stored != {"score": self.score, "comment": self.comment, "reviewer_id": self.reviewer_id}


WITHDRAWN_NOT_REVIEWED = (
    "This abstract was withdrawn by its authors and is not reviewed: it cannot be assigned or scored."
)


def conflict_of_interest(reviewer, abstract):
    """Why ``reviewer`` may not review ``abstract``, or ``""``: their own email is among its authors."""
    email = (reviewer.email or "").strip().lower()
    if not email:
        return f"{reviewer.get_username()} has no email address, so we cannot check that they are not an author."
    if abstract.authors.filter(email__iexact=email).exists():
        return f"{reviewer.get_username()} is an author of this abstract ({email}) and cannot review it."
    return ""
