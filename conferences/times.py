"""How a call's moments read: in the conference's own time zone, with the place and the UTC offset,
e.g. “31 October 2023, 23:59 Baku time (UTC+04:00)”. Pages, emails and commands all say it this way."""

from django.utils import timezone


def place_name(tz_name):
    """“Asia/Baku” → “Baku”."""
    return tz_name.rsplit("/", 1)[-1].replace("_", " ")


def utc_offset(aware):
    """“UTC+04:00” for an aware datetime."""
    offset = aware.strftime("%z") or "+0000"
    return f"UTC{offset[:3]}:{offset[3:]}"


def format_deadline(conference):
    """“31 October 2023, 23:59 Baku time (UTC+04:00)”: the call's deadline in its time zone."""
    local = timezone.localtime(conference.deadline, conference.tzinfo)
    return f"{local.day} {local:%B %Y, %H:%M} {place_name(conference.time_zone)} time ({utc_offset(local)})"


def local_time_display(conference, moment):
    """“23:59 Baku time (UTC+04:00)”: a moment of the day in the conference's time zone."""
    local = timezone.localtime(moment, conference.tzinfo)
    return f"{local:%H:%M} {place_name(conference.time_zone)} time ({utc_offset(local)})"


def site_time_display(moment):
    """“23:59 Baku time (UTC+04:00)”: a moment of the day in the site's own time zone (``TIME_ZONE``)."""
    local = timezone.localtime(moment)
    return f"{local:%H:%M} {place_name(str(local.tzinfo))} time ({utc_offset(local)})"
