"""Dates printed only as far as they are known: every style of ``caucasuscenter.shared.dates`` at each
precision, and the template filter and tag that pages use."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template

from caucasuscenter.shared.dates import DateParts, Precision, format_date, iso_date, local_date

DAY, MONTH, YEAR = Precision.DAY, Precision.MONTH, Precision.YEAR
APRIL_7 = date(2021, 4, 7)
LATE_EVENING_UTC = datetime(2021, 4, 30, 22, 30, tzinfo=UTC)  # already 1 May 2021 in Baku (UTC+4)


@pytest.mark.parametrize(
    ("style", "day", "month", "year"),
    [
        ("long", "7 April 2021", "April 2021", "2021"),
        ("short", "7 Apr 2021", "Apr 2021", "2021"),
        ("us", "April 7, 2021", "April 2021", "2021"),
        ("apa", "2021, April 7", "2021, April", "2021"),
        ("iso", "2021-04-07", "2021-04", "2021"),
        ("slashes", "2021/04/07", "2021/04", "2021"),
    ],
)
def test_each_style_prints_the_day_the_month_or_only_the_year(style, day, month, year):
    assert [format_date(APRIL_7, precision, style) for precision in (DAY, MONTH, YEAR)] == [day, month, year]


def test_a_datetime_is_read_on_the_sites_calendar():
    assert local_date(LATE_EVENING_UTC) == date(2021, 5, 1)
    assert format_date(LATE_EVENING_UTC, MONTH) == "May 2021"


def test_iso_keeps_the_time_only_of_a_date_known_to_the_day():
    assert iso_date(LATE_EVENING_UTC, DAY) == "2021-05-01T02:30:00+04:00"
    assert iso_date(LATE_EVENING_UTC, MONTH) == "2021-05"
    assert iso_date(LATE_EVENING_UTC, YEAR) == "2021"
    assert iso_date(APRIL_7, DAY) == "2021-04-07"


def test_no_date_prints_nothing_and_an_unknown_precision_is_an_error():
    assert (format_date(None, MONTH), iso_date(None, YEAR)) == ("", "")
    assert format_date(APRIL_7, "") == "7 April 2021"  # an empty precision is the day
    with pytest.raises(ValueError, match="unknown date precision"):
        format_date(APRIL_7, "week")


@pytest.mark.parametrize(
    ("precision", "parts"), [(DAY, (2021, 4, 7)), (MONTH, (2021, 4, None)), (YEAR, (2021, None, None))]
)
def test_date_parts_leave_out_what_is_unknown(precision, parts):
    known = DateParts.of(APRIL_7, precision)
    assert (known.year, known.month, known.day) == parts


@pytest.mark.parametrize(
    ("precision", "html"),
    [
        (DAY, '<time datetime="2021-04-07">7 April 2021</time> · 7 April 2021'),
        (MONTH, '<time datetime="2021-04">April 2021</time> · April 2021'),
        (YEAR, '<time datetime="2021">2021</time> · 2021'),
    ],
)
def test_the_template_tag_and_filter_print_the_same_date(precision, html):
    template = Template("{% load site %}{% time_at_precision when precision %} · {{ when|at_precision:precision }}")
    assert template.render(Context({"when": APRIL_7, "precision": precision})) == html


@pytest.mark.parametrize("typed", ["30/06/2030", "2030-06-30", "30/06/30"])
def test_a_date_field_reads_british_day_first_dates_and_iso_dates(typed):
    """Pages are in British English (LANGUAGE_CODE en-gb): the admin's date fields show 30/06/2030
    and read it, and an ISO date typed or pasted is still understood."""
    from django import forms

    assert forms.DateField().clean(typed) == date(2030, 6, 30)


def test_a_date_field_shows_a_date_day_first():
    from django import forms

    assert forms.DateField().widget.format_value(date(2030, 6, 30)) == "30/06/2030"
