"""Writes that touch several models: storing a submission with its authors and its emails,
changing or withdrawing it, assigning reviewers and sending decisions.

Each runs in one transaction, so an abstract, its authors, its rate-limit hit and the
emails it causes are stored together or not at all.
"""

import hashlib
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

import editorial
from caucasuscenter.shared.text import fold

from . import emails, ratelimit
from .models import Abstract, AbstractAuthor, LetterOfInterest, Review, SimulationSubmission, conflict_of_interest


def content_fingerprint(conference_id, contact_email, title, text):
    """One digest of what makes two abstracts the same submission, under the typed-text policy's
    ``fold`` (case, width and invisible characters do not count)."""
    parts = [str(conference_id), fold(contact_email), fold(title), fold(text)]
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def create_once(model, token, create, same_sender, fingerprint=""):
    """Run ``create(token)`` in a transaction unless this form was stored already.

    Returns ``(obj, created)``. A post whose form token names a stored row *from the same
    sender* (``same_sender(row)``) is a repeat — double click, back button, retry — and gets
    that row. Two such posts racing each other both reach the INSERT; the UNIQUE constraint
    on ``submission_token`` lets one through and the other finds that row here, so a
    submission is stored once and its emails are sent once. A token that comes back from a
    *different* sender (a page served from a shared cache) gets a fresh token instead: a real
    submission is never mistaken for a repeat and dropped.
    """
    for _attempt in range(2):
        existing = model.objects.filter(submission_token=token).first()
        if existing is not None:
            if same_sender(existing):
                return existing, False
            token = uuid.uuid4()
        try:
            with transaction.atomic():
                return create(token), True
        except IntegrityError:
            if fingerprint:  # the same content, stored by a post that raced this one
                twin = model.objects.filter(fingerprint=fingerprint).exclude(status="withdrawn").first()
                if twin is not None and same_sender(twin):
                    return twin, False
            if not model.objects.filter(submission_token=token).exists():
                raise
    raise IntegrityError(f"Could not store the {model._meta.verbose_name} under a unique token.")


def _abstract_sender(entry):
    email = next(row["email"].lower() for row in entry.author_rows() if row["is_contact"])
    return lambda abstract: abstract.authors.filter(is_contact=True, email__iexact=email).exists()


def _email_sender(form):
    email = form.cleaned_data["email"].lower()
    return lambda obj: obj.email.lower() == email


def find_repeat(model, token, same_sender):
    """The row a repeated post of this form stored before, if the same sender sent it."""
    existing = model.objects.filter(submission_token=token).first()
    return existing if existing is not None and same_sender(existing) else None


def repeated_abstract(entry):
    """A stored abstract this post repeats: same form token, or (a form shown again, with a new
    token) the same title and text from the same contact author to the same call."""
    data = entry.form.cleaned_data
    contact = next(row["email"] for row in entry.author_rows() if row["is_contact"])
    return find_repeat(Abstract, data["submission_token"], _abstract_sender(entry)) or (
        Abstract.objects.filter(
            conference=entry.conference,
            title=data["title"],
            text=data["text"],
            authors__is_contact=True,
            authors__email__iexact=contact,
        )
        .exclude(status=Abstract.Status.WITHDRAWN)
        .first()
    )


def repeated_letter(form, conference):
    data = form.cleaned_data
    return find_repeat(LetterOfInterest, data["submission_token"], _email_sender(form)) or (
        LetterOfInterest.objects.filter(
            conference=conference, email__iexact=data["email"], message=data["message"]
        ).first()
    )


def repeated_simulation(form, series):
    data = form.cleaned_data
    return find_repeat(SimulationSubmission, data["submission_token"], _email_sender(form)) or (
        SimulationSubmission.objects.filter(
            series=series, email__iexact=data["email"], title=data["title"], text=data["text"]
        ).first()
        if data["text"]
        else None
    )


def submit_abstract(conference, entry, client, now=None):
    """Store a valid ``AbstractEntry`` once; queue the emails to every author and the editors."""
    now = now or timezone.now()
    form = entry.form
    rows = entry.author_rows()

    contact = next(row["email"] for row in rows if row["is_contact"])
    fingerprint = content_fingerprint(conference.pk, contact, form.cleaned_data["title"], form.cleaned_data["text"])

    def create(token):
        abstract = form.save(commit=False)
        abstract.conference = conference
        abstract.submission_token = token
        abstract.fingerprint = fingerprint
        abstract.consent_given_at = now
        abstract.submitted_at = now
        abstract.save()
        authors = AbstractAuthor.objects.bulk_create(AbstractAuthor(abstract=abstract, **row) for row in rows)
        _prime_authors(abstract, authors)
        ratelimit.record("abstract", client, now)
        emails.queue_abstract_received(abstract)
        return abstract

    return create_once(
        Abstract, form.cleaned_data["submission_token"], create, _abstract_sender(entry), fingerprint=fingerprint
    )


def update_abstract(abstract, entry):
    """Save the contact author's changes; tell every author (as they are now) what it reads like."""
    if not (entry.form.has_changed() or _authors_changed(abstract, entry)):
        return False
    with transaction.atomic():
        abstract = entry.form.save(commit=False)
        contact = next(row["email"] for row in entry.author_rows() if row["is_contact"])
        fingerprint = content_fingerprint(abstract.conference_id, contact, abstract.title, abstract.text)
        twin = Abstract.objects.filter(fingerprint=fingerprint).exclude(pk=abstract.pk).exclude(status="withdrawn")
        abstract.fingerprint = "" if twin.exists() else fingerprint  # an edit never collides with another
        abstract.save()
        abstract.authors.all().delete()
        authors = AbstractAuthor.objects.bulk_create(
            AbstractAuthor(abstract=abstract, **row) for row in entry.author_rows()
        )
        _prime_authors(abstract, authors)
        emails.queue_to_authors(abstract, emails.Kind.ABSTRACT_UPDATED)
    return True


def withdraw_abstract(abstract, now=None):
    with transaction.atomic():
        abstract.status = Abstract.Status.WITHDRAWN
        abstract.withdrawn_at = now or timezone.now()
        abstract.save(update_fields=["status", "withdrawn_at", "updated_at"])
        emails.queue_to_authors(abstract, emails.Kind.ABSTRACT_WITHDRAWN, also_editors=True)


def _authors_changed(abstract, entry):
    before = [(a.name, a.affiliation, a.email.lower(), a.is_contact) for a in abstract.ordered_authors]
    after = [(r["name"], r["affiliation"], r["email"].lower(), r["is_contact"]) for r in entry.author_rows()]
    return before != after


def _prime_authors(abstract, authors):
    """Let ``abstract.authors.all()`` return the rows just written, without a query."""
    abstract._prefetched_objects_cache = {"authors": sorted(authors, key=lambda a: a.position)}


def _submit_once(form, client, kind, queue_email, now, **owner):
    """Store ``form``'s letter or simulation once per submission token, then queue its emails."""
    now = now or timezone.now()

    stored = []  # files this post wrote to storage: removed if the submission is not stored after all

    def create(token):
        item = form.save(commit=False)
        for name, value in owner.items():
            setattr(item, name, value)
        item.submission_token = token
        item.received_at = now
        upload = form.cleaned_data.get("file")
        try:
            item.save()  # the file is written to storage first, then the row
        finally:
            if upload and getattr(item, "file", None) and item.file._committed and item.file.name:
                stored.append((item.file.storage, item.file.name))
        ratelimit.record(kind, client, now)
        queue_email(item)
        return item

    kept = None
    try:
        item, created = create_once(
            form._meta.model, form.cleaned_data["submission_token"], create, _email_sender(form)
        )
        if created and getattr(item, "file", None):
            kept = item.file.name
        return item, created
    finally:  # an attempt whose transaction rolled back took its row with it; the file it wrote goes too
        for storage, name in stored:
            if name != kept:
                storage.delete(name)


def submit_letter(conference, form, client, now=None):
    return _submit_once(form, client, "letter", emails.queue_letter_received, now, conference=conference)


def submit_simulation(series, form, client, now=None):
    return _submit_once(form, client, "simulation", emails.queue_simulation_received, now, series=series)


def assign_reviewer(abstracts, reviewer):
    """Assign ``reviewer`` to each abstract they may review. Returns ``(assigned, already, conflicts)``.

    Withdrawn abstracts are not reviewed: they are left out (the admin says which).
    """
    assigned, already, conflicts = [], [], []
    for abstract in abstracts.exclude(status=Abstract.Status.WITHDRAWN).prefetch_related("authors"):
        if conflict_of_interest(reviewer, abstract):
            conflicts.append(abstract)
            continue
        _review, created = Review.objects.get_or_create(abstract=abstract, reviewer=reviewer)
        (assigned if created else already).append(abstract)
    return assigned, already, conflicts


def decide(abstracts, status, now=None):
    """Set the decision on each abstract (withdrawn ones are skipped) and email every author.

    Returns ``(decided, emails_queued, skipped)``.
    """
    if status not in Abstract.DECISIONS:
        raise ValueError(f"{status!r} is not a decision")
    now = now or timezone.now()
    kind = emails.DECISION_KINDS[status]
    decided, queued, skipped = [], 0, []
    with transaction.atomic():
        for abstract in abstracts.select_related("conference", "topic").prefetch_related("authors"):
            if abstract.status == Abstract.Status.WITHDRAWN:
                skipped.append(abstract)
                continue
            abstract.status = status
            abstract.decision_sent_at = now
            abstract.save(update_fields=["status", "decision_sent_at", "updated_at"])
            queued += len(emails.queue_to_authors(abstract, kind))
            decided.append(abstract)
        editorial.log_many(decided, "decide", message=f"Decision: {status}")  # the audit log
    return decided, queued, skipped
