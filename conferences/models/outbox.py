"""The outbox: the ``EmailTemplate``s editors edit, and every ``OutgoingEmail``, stored with the
submission that causes it and sent (and retried) by ``manage.py send_emails`` (conferences/delivery.py)."""

from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone

from .abstracts import Abstract
from .calls import Conference
from .contributions import LetterOfInterest, SimulationSubmission


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


#: The kinds of the outbox: the conference's (which editors edit as templates) and the email alerts'
#: (whose texts are files of the alerts app, queued through ``conferences.interface.queue_email``).
OUTGOING_KINDS = [
    *EmailTemplate.Kind.choices,
    ("alert_confirm", "Email alerts: confirm the subscription"),
    ("alert_already", "Email alerts: already subscribed"),
    ("alert_piece", "Email alerts: a new piece"),
    ("alert_digest", "Email alerts: the weekly digest"),
]


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

    kind = models.CharField(max_length=40, choices=OUTGOING_KINDS, blank=True)
    to = models.EmailField("recipient", max_length=254)
    reply_to = models.EmailField(max_length=254, blank=True)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    headers = models.JSONField(
        default=dict, blank=True, help_text="Headers of this message besides the usual ones (List-Unsubscribe …)."
    )
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
