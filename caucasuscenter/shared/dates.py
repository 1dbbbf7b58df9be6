"""Dates printed only as far as they are known: the day, only the month, or only the year.

An old piece whose date was inferred (“written in the spring of 2021”) is stored with a full
datetime, so that lists sort as before, and a ``Precision`` that says how much of it is a fact.
Everything that prints such a date asks this module: pages (the ``at_precision`` filter and the
``{% time_at_precision %}`` tag of ``{% load site %}``), JSON-LD and OpenGraph (``iso_date``),
feeds, and every citation format (``DateParts``).

    >>> format_date(datetime.date(2021, 4, 27), Precision.MONTH)
    'April 2021'
    >>> iso_date(datetime.date(2021, 4, 27), Precision.YEAR)
    '2021'

The ``long`` style (pages) reads in the interface language: Django's own formats for the day and
the month where they serve (Azerbaijani “3 dekabr 2026”, its month in lower case; Russian
“3 декабря 2026 г.”: the month in the genitive), ours for British English (Django's abbreviates the
month) and Turkish (without Django's leading zero: “3 Aralık 2026”). The other styles are references
and machine dates: always in English, whatever the page's language, as a citation is in the language
of its format.
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import dateformat, timezone, translation
from django.utils.formats import get_format


class Precision(models.TextChoices):
    DAY = "day", "Exact day"
    MONTH = "month", "Month only"
    YEAR = "year", "Year only"


# (day, month, year) patterns of each style; ``dateformat`` letters.
STYLES = {
    "long": ("j F Y", "F Y", "Y"),  # pages: 27 April 2021 / April 2021 / 2021
    "short": ("j M Y", "M Y", "Y"),  # the admin's lists
    "us": ("F j, Y", "F Y", "Y"),  # Chicago: April 27, 2021 / April 2021 / 2021
    "apa": ("Y, F j", "Y, F", "Y"),  # APA, inside its brackets: 2021, April 27 / 2021, April / 2021
    "iso": ("Y-m-d", "Y-m", "Y"),  # ISO 8601 / schema.org / <time datetime>: 2021-04-27 / 2021-04 / 2021
    "slashes": ("Y/m/d", "Y/m", "Y"),  # Highwire citation_* tags
}


# The long style where Django's formats do not serve: (day, month, year) patterns per interface language.
LONG_BY_LANGUAGE = {"en": STYLES["long"], "tr": ("j F Y", "F Y", "Y")}
YEAR_BY_LANGUAGE = {"ru": "Y г."}  # a year alone, as Django's formats write it after a month
# Azerbaijani writes its months in lower case (“3 dekabr 2026”); Django's names are capitalised.
LOWER_CASE_MONTHS = {"az"}


def long_patterns():
    """The ``long`` style's (day, month, year) patterns in the active interface language."""
    language = (translation.get_language() or "en").split("-")[0]
    if language in LONG_BY_LANGUAGE:
        return LONG_BY_LANGUAGE[language]
    return (get_format("DATE_FORMAT"), get_format("YEAR_MONTH_FORMAT"), YEAR_BY_LANGUAGE.get(language, "Y"))


def local_date(value):
    """The calendar day of ``value`` (a date, or an aware datetime read in the site's time zone)."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _level(precision):
    precision = precision or Precision.DAY
    if precision not in Precision.values:
        raise ValueError(f"unknown date precision: {precision!r}")
    return Precision.values.index(precision)


def format_date(value, precision=Precision.DAY, style="long"):
    """``value`` as far as ``precision`` says it is known, in one of ``STYLES``; "" for no date."""
    if value is None:
        return ""
    if style == "long":
        text = dateformat.format(local_date(value), long_patterns()[_level(precision)])
        return text.lower() if (translation.get_language() or "").split("-")[0] in LOWER_CASE_MONTHS else text
    with translation.override("en-gb"):
        return dateformat.format(local_date(value), STYLES[style][_level(precision)])


def iso_date(value, precision=Precision.DAY):
    """ISO 8601 at the date's precision. A datetime known to the day keeps its time
    (``2021-04-27T12:00:00+04:00``); otherwise ``2021-04-27``, ``2021-04`` or ``2021``."""
    if value is None:
        return ""
    if _level(precision) == 0 and isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).isoformat()
    return format_date(value, precision, "iso")


def is_exact(precision):
    return _level(precision) == 0


@dataclass(frozen=True)
class DateParts:
    """A date split as reference formats want it: ``month`` and ``day`` are None where unknown."""

    year: int
    month: int | None
    day: int | None

    @classmethod
    def of(cls, value, precision=Precision.DAY):
        value, level = local_date(value), _level(precision)
        return cls(value.year, value.month if level <= 1 else None, value.day if level == 0 else None)
