"""Writes that touch several models: storing a submission with its authors and its emails,
changing or withdrawing it, assigning reviewers and sending decisions.

Each runs in one transaction, so an abstract, its authors, its rate-limit hit and the
emails it causes are stored together or not at all.
"""

import hashlib
import uuid

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

import editorial
from caucasuscenter.shared.text import fold

from . import emails, ratelimit
from .models import Abstract, AbstractAuthor, LetterOfInterest, Review, SimulationSubmission, conflict_of_interest


def _digest(parts):
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def content_fingerprint(conference_id, contact_email, title, text):
    """One digest of what makes two abstracts the same submission, under the typed-text policy's
    ``fold`` (case, width and invisible characters do not count)."""
    return _digest([str(conference_id), fold(contact_email), fold(title), fold(text)])


def letter_fingerprint(conference_id, email, organisation, message):
    """What makes two letters of interest the same (as ``content_fingerprint``; migration 0006 repeats it)."""
    return _digest([str(conference_id), fold(email), fold(organisation), fold(message)])


def simulation_fingerprint(series_id, email, title, text, file_digest=""):
    """What makes two simulations the same: ``file_digest`` is ``file_digest(the file)``, or ``""`` without one."""
    return _digest([str(series_id), fold(email), fold(title), fold(text), file_digest])


def file_digest(file):
    """The SHA-256 of a file's bytes (an upload, or a stored file), read in chunks; the file is left at its start."""
    content = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        content.update(chunk)
    file.seek(0)
    return content.hexdigest()


def _kept_file(form):
    """The stored file a simulation form brings back from an earlier showing (``kept_file``), or ``""``."""
    return (getattr(form, "cleaned_data", None) or {}).get("kept_file") or ""


def attachment(form):
    """``(digest, size)`` of the file a valid simulation form carries (sent now, or kept from an earlier
    showing), or ``("", 0)`` without one. Worked out once per form."""
    if not hasattr(form, "_attachment"):
        upload, kept = form.cleaned_data.get("file"), _kept_file(form)
        if upload:
            form._attachment = file_digest(upload), upload.size
        elif kept:
            with default_storage.open(kept, "rb") as stored:
                form._attachment = file_digest(stored), default_storage.size(kept)
        else:
            form._attachment = "", 0
    return form._attachment


def letter_fingerprint_of(form, conference):
    data = form.cleaned_data
    return letter_fingerprint(conference.pk, data["email"], data["organisation"], data["message"])


def simulation_fingerprint_of(form, series):
    data = form.cleaned_data
    return simulation_fingerprint(series.pk, data["email"], data["title"], data["text"], attachment(form)[0])


def create_once(model, token, create, same_sender, fingerprint="", twins=None):
    """Run ``create(token)`` in a transaction unless this form was stored already.

    Returns ``(obj, created)``. A post whose form token names a stored row *from the same
    sender* (``same_sender(row)``) is a repeat — double click, back button, retry — and gets
    that row. Two such posts racing each other both reach the INSERT; the UNIQUE constraint
    on ``submission_token`` lets one through and the other finds that row here, so a
    submission is stored once and its emails are sent once. The same holds for posts from
    separate form loads (two tokens) with the same content: the UNIQUE constraint on
    ``fingerprint`` lets one through, and the other gets the row stored under it (among
    ``twins``, the rows whose fingerprint counts: every row unless told). A token that comes back from a
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
                twin = (model.objects.all() if twins is None else twins).filter(fingerprint=fingerprint).first()
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
    """A stored letter this post repeats: same form token, or (a form shown again, with a new token) the
    same content (its fingerprint), or the same letter from the same organisation and address to the same call."""
    data = form.cleaned_data
    return find_repeat(LetterOfInterest, data["submission_token"], _email_sender(form)) or (
        LetterOfInterest.objects.filter(
            Q(fingerprint=letter_fingerprint_of(form, conference))
            | Q(
                conference=conference,
                email__iexact=data["email"],
                organisation=data["organisation"],
                message=data["message"],
            )
        )
        .order_by("pk")
        .first()
    )


def repeated_simulation(form, series):
    """A stored simulation this post repeats: same form token, or the same content (its fingerprint:
    the file's bytes included), or the same title and text from the same address, neither with a file
    (a post that brings a file is never taken for a stored one without it: the file would be lost)."""
    data = form.cleaned_data
    same = Q(fingerprint=simulation_fingerprint_of(form, series))
    if data["text"] and not attachment(form)[1]:
        same |= Q(series=series, email__iexact=data["email"], title=data["title"], text=data["text"], file="")
    return find_repeat(SimulationSubmission, data["submission_token"], _email_sender(form)) or (
        SimulationSubmission.objects.filter(same).order_by("pk").first()
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
        Abstract,
        form.cleaned_data["submission_token"],
        create,
        _abstract_sender(entry),
        fingerprint=fingerprint,
        twins=Abstract.objects.exclude(status=Abstract.Status.WITHDRAWN),
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


def _submit_once(form, client, kind, queue_email, now, fingerprint, **values):
    """Store ``form``'s letter or simulation once per submission token and per content (``fingerprint``),
    then queue its emails. A post that finds its twin stored (a repeat, or an identical post that raced
    it) stores nothing: no row, no email, and no file (one it wrote, or one kept for it, is removed)."""
    now = now or timezone.now()

    stored = []  # files this post wrote to storage: removed if the submission is not stored after all

    def create(token):
        item = form.save(commit=False)
        for name, value in values.items():
            setattr(item, name, value)
        item.submission_token = token
        item.fingerprint = fingerprint
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
            form._meta.model, form.cleaned_data["submission_token"], create, _email_sender(form), fingerprint
        )
        kept = item.file.name if getattr(item, "file", None) else ""
        if not created and _kept_file(form) and _kept_file(form) != kept:
            stored.append((default_storage, _kept_file(form)))  # kept for this post, which its twin made needless
        return item, created
    finally:  # an attempt whose transaction rolled back took its row with it; the file it wrote goes too
        for storage, name in stored:
            if name != kept:
                storage.delete(name)


def submit_letter(conference, form, client, now=None):
    fingerprint = letter_fingerprint_of(form, conference)
    return _submit_once(form, client, "letter", emails.queue_letter_received, now, fingerprint, conference=conference)


def submit_simulation(series, form, client, now=None):
    fingerprint = simulation_fingerprint_of(form, series)
    values = {"series": series, "file_size": attachment(form)[1]}
    return _submit_once(form, client, "simulation", emails.queue_simulation_received, now, fingerprint, **values)


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
