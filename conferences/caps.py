"""Caps on the submissions one call (or one series) takes, whoever sends them: at most
``SUBMISSION_CAP_HOURLY`` in an hour and ``SUBMISSION_CAP_DAILY`` in a day. Beyond a cap a post is
refused with a message (429), everything typed stays in the form, nothing already stored is
touched, and the editors get one email per cap and window saying so. The per-address limit
(``ratelimit``) comes first; a repeat of a stored submission is never refused.
"""

from datetime import timedelta

from django.conf import settings

from caucasuscenter.shared.throttle import Counter

from .models import OutgoingEmail

CAP_REACHED = (
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


def tell_editors_once(what, where, until, now):
    """One email to the editors per form and cap window (counted across processes)."""
    seconds = max(60, int((until - now).total_seconds()))
    allowed, _wait = Counter("cap-mail", (what, where), 1, seconds).allow()
    if not allowed:
        return
    OutgoingEmail.objects.bulk_create(
        OutgoingEmail(
            to=address,
            subject=f"Submissions paused: {what} for {where}"[:300],
            body=(
                f"The {what} form for {where} reached its cap and refuses new submissions until "
                f"{until:%Y-%m-%d %H:%M} UTC. Nothing already received is affected.\n\n"
                f"The caps are SUBMISSION_CAP_HOURLY ({settings.SUBMISSION_CAP_HOURLY}) and "
                f"SUBMISSION_CAP_DAILY ({settings.SUBMISSION_CAP_DAILY})."
            ),
        )
        for address in settings.EDITORS_EMAIL
    )
