"""How a call's moments read: in the conference's own time zone, with the place and the UTC offset,
e.g. “31 October 2023, 23:59 Baku time (UTC+04:00)”. Pages, emails and commands all say it this way."""

from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from caucasuscenter.shared.dates import format_date

# The places of the time zones calls are held in, as each interface language names them.
PLACES = {
    name: name
    for name in (
        gettext_noop("Baku"),
        gettext_noop("Tbilisi"),
        gettext_noop("Yerevan"),
        gettext_noop("Istanbul"),
        gettext_noop("Moscow"),
        gettext_noop("London"),
    )
}


def place_name(tz_name):
    """“Asia/Baku” → “Baku” (“Баку” in Russian; a place we have no name for is written as in the zone)."""
    place = tz_name.rsplit("/", 1)[-1].replace("_", " ")
    return gettext(place) if place in PLACES else place


def utc_offset(aware):
    """“UTC+04:00” for an aware datetime."""
    offset = aware.strftime("%z") or "+0000"
    return f"UTC{offset[:3]}:{offset[3:]}"


def format_deadline(conference):
    """“31 October 2023, 23:59 Baku time (UTC+04:00)”: the call's deadline in its time zone."""
    local = timezone.localtime(conference.deadline, conference.tzinfo)
    return f"{format_date(local.date())}, {local_time_display(conference, conference.deadline)}"


def time_of_day(local, place):
    """“23:59 Baku time (UTC+04:00)”, in the interface language."""
    return gettext("%(time)s %(place)s time (%(offset)s)") % {
        "time": f"{local:%H:%M}",
        "place": place,
        "offset": utc_offset(local),
    }


def local_time_display(conference, moment):
    """“23:59 Baku time (UTC+04:00)”: a moment of the day in the conference's time zone."""
    local = timezone.localtime(moment, conference.tzinfo)
    return time_of_day(local, place_name(conference.time_zone))


def site_time_display(moment):
    """“23:59 Baku time (UTC+04:00)”: a moment of the day in the site's own time zone (``TIME_ZONE``)."""
    local = timezone.localtime(moment)
    return time_of_day(local, place_name(str(local.tzinfo)))
