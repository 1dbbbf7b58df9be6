"""Caps on the submissions one call (or one series) takes, whoever sends them: at most
``SUBMISSION_CAP_HOURLY`` in an hour and ``SUBMISSION_CAP_DAILY`` in a day. Beyond a cap a post is
refused with a message (429), everything typed stays in the form, nothing already stored is
touched, and the editors get one email per cap and window saying so. The per-address limit
(``ratelimit``) comes first; a repeat of a stored submission is never refused.

The files that come with simulations (the only attachments) share a storage quota,
``ATTACHMENT_QUOTA_MB``: the sizes of the stored files, recorded as each arrived
(``SimulationSubmission.file_size``), are summed in one query. A file that would take the total
beyond it is refused (``507 Insufficient Storage``: the site is out of the room it allows for
files, which no waiting by this sender frees, so not 429), with everything else typed kept and
the advice to send again later or send the text without the file; nothing is stored, and the
editors get one email a day while it lasts. A simulation without a file is still accepted.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from caucasuscenter.shared.throttle import Counter

from .models import OutgoingEmail, SimulationSubmission

CAP_REACHED = _(
    "This form is receiving an unusual number of submissions, so it is paused for a while. "
    "Please send yours again after {time}: everything you typed is still below."
)


def cap_ends(stored, time_field, now):
    """When the caps let ``stored`` (this call's or series' submissions) grow again, or ``None``
    while it is under both (at most four small counting queries, by the time index)."""
    for window, cap in (
        (timedelta(hours=1), settings.SUBMISSION_CAP_HOURLY),
        (timedelta(days=1), settings.SUBMISSION_CAP_DAILY),
    ):
        recent = stored.filter(**{f"{time_field}__gt": now - window})
        if recent.count() >= cap:
            oldest = recent.order_by(time_field).values_list(time_field, flat=True)[recent.count() - cap]
            return oldest + window
    return None


def tell_editors_once(what, where, until, now, subject=None, body=None):
    """One email to the editors per form and cap window (counted across processes); ``subject`` and
    ``body`` replace those of a cap's email."""
    seconds = max(60, int((until - now).total_seconds()))
    allowed, _wait = Counter("cap-mail", (what, where), 1, seconds).allow()
    if not allowed:
        return
    OutgoingEmail.objects.bulk_create(
        OutgoingEmail(
            to=address,
            subject=(subject or f"Submissions paused: {what} for {where}")[:300],
            body=body
            or (
                f"The {what} form for {where} reached its cap and refuses new submissions until "
                f"{until:%Y-%m-%d %H:%M} UTC. Nothing already received is affected.\n\n"
                f"The caps are SUBMISSION_CAP_HOURLY ({settings.SUBMISSION_CAP_HOURLY}) and "
                f"SUBMISSION_CAP_DAILY ({settings.SUBMISSION_CAP_DAILY})."
            ),
        )
        for address in settings.EDITORS_EMAIL
    )


ATTACHMENT_QUOTA_REACHED = (
    "We cannot take attached files just now: the space we keep for them is full, so nothing was sent "
    "and nothing was stored. Please send your simulation again later, or send it now without the file, "
    "with its text pasted in the box below. Everything else you typed is still here; attach the file "
    "again when you send it later."
)
#: While the quota stays full, the editors are reminded once in this window.
QUOTA_MAIL_WINDOW = timedelta(days=1)


def attachment_quota():
    return settings.ATTACHMENT_QUOTA_MB * 1024 * 1024


def attachments_stored():
    """The bytes of every simulation file stored (one aggregate query)."""
    return SimulationSubmission.objects.aggregate(total=Sum("file_size"))["total"] or 0


def attachment_fits(size):
    """Whether a file of ``size`` bytes fits in the attachment quota beside the files stored."""
    return attachments_stored() + size <= attachment_quota()


def tell_editors_quota_full(size, now):
    """One email to the editors per ``QUOTA_MAIL_WINDOW`` while files are refused for the quota."""
    mb = 1024 * 1024
    tell_editors_once(
        "simulation files",
        "every series",
        now + QUOTA_MAIL_WINDOW,
        now,
        subject="Simulation files refused: the attachment quota is full",
        body=(
            f"A simulation came with a file of {size / mb:.1f} MB, and the files stored already take "
            f"{attachments_stored() / mb:.1f} MB of the {settings.ATTACHMENT_QUOTA_MB} MB allowed "
            f"(ATTACHMENT_QUOTA_MB). Its sender was asked to send it again later or without the file; "
            f"simulations without a file are still accepted, and nothing already received is affected.\n\n"
            f"To take files again, raise ATTACHMENT_QUOTA_MB (if the storage has room), or delete simulations "
            f"that are no longer needed (manage.py purge_orphan_uploads then removes their files). "
            f"You will be told again in a day if it is still full."
        ),
    )
