"""Contributions besides abstracts: a partner organisation's ``LetterOfInterest`` for a conference,
and a reader's ``SimulationSubmission`` for a series that invites them."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.interface import SERIES
from caucasuscenter.shared.languages import submission_language_field
from caucasuscenter.shared.uploads import safe_file_name

from .calls import Conference


class LetterOfInterest(models.Model):
    """A partner organisation's offer to join a conference."""

    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="letters_of_interest")
    organisation = models.CharField(max_length=300)
    contact_person = models.CharField(max_length=200)
    email = models.EmailField()
    website = models.URLField(blank=True)
    message = models.TextField()
    submission_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    fingerprint = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="The submitted content (call, address, organisation, letter) as one digest: "
        "the database stores one letter per fingerprint (services.letter_fingerprint).",
    )
    language = submission_language_field()
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    handled = models.BooleanField(default=False, help_text="Tick when an editor has answered.")
    notes = models.TextField(blank=True, help_text="For the editors.")

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "letter of interest"
        verbose_name_plural = "letters of interest"
        constraints = [
            # The same letter sent from two form loads at the same moment is stored once.
            models.UniqueConstraint(fields=["fingerprint"], condition=~Q(fingerprint=""), name="letter_content_once")
        ]

    def __str__(self):
        return f"{self.organisation} – {self.conference.title}"


def simulation_upload_path(instance, filename):
    # A random folder keeps uploads unguessable even where media files are served.
    return f"simulations/{uuid.uuid4().hex}/{safe_file_name(filename)}"


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
    file_size = models.PositiveBigIntegerField(
        default=0, editable=False, help_text="The file's bytes when it was received: the attachment quota sums them."
    )
    submission_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    fingerprint = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="The submitted content (series, address, title, text, the file's bytes) as one digest: "
        "the database stores one simulation per fingerprint (services.simulation_fingerprint).",
    )
    language = submission_language_field()
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
            ),
            # The same simulation sent from two form loads at the same moment is stored once.
            models.UniqueConstraint(
                fields=["fingerprint"], condition=~Q(fingerprint=""), name="simulation_content_once"
            ),
        ]

    def __str__(self):
        return f"{self.title} – {self.full_name}"
