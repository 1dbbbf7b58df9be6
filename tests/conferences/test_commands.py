"""The newcomer's demo call: a new open call, copied from the latest, that never touches the seed's."""

from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from conferences.models import Conference

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 22, 10, 30, tzinfo=ZoneInfo("Asia/Baku"))
SEED = str(Path(settings.BASE_DIR) / "fixtures" / "conference.json")


def open_demo(*args):
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("open_demo_call", *args, stdout=out)
    return out.getvalue()


def snapshot(conference):
    conference.refresh_from_db()
    return (
        model_to_dict(conference),
        list(conference.topics.values_list("title", "position")),
        list(conference.features.values_list("kind", "title", "position")),
    )


def test_open_demo_call_opens_a_new_call_copied_from_the_latest_and_leaves_the_seed_alone():
    call_command("loaddata", SEED, verbosity=0)
    seed = Conference.objects.get()
    before = snapshot(seed)

    output = open_demo("--days", "7")

    demo = Conference.objects.get(is_demo=True)
    assert snapshot(seed) == before
    assert (demo.title, demo.slug, demo.year) == (
        "International Conference on Peace in South Caucasus (demo call)",
        "demo-20261122-103000",
        2026,
    )
    assert (demo.opens_at, demo.deadline) == (NOW, datetime(2026, 11, 29, 23, 59, 59, tzinfo=ZoneInfo("Asia/Baku")))
    assert demo.is_open(NOW)
    assert list(demo.topics.values_list("title", flat=True)) == [t for t, _p in before[1]]
    assert demo.features.count() == 5
    assert output == (
        "Opened the demo call “International Conference on Peace in South Caucasus (demo call)”; abstracts until "
        "29 November 2026, 23:59 Baku time (UTC+04:00).\n"
        "Call:   https://ccsis.example/conference/demo-20261122-103000/\n"
        "Submit: https://ccsis.example/conference/demo-20261122-103000/submit/\n"
    )


def test_open_demo_call_on_an_empty_database_loads_the_seed_call_first():
    open_demo()
    assert sorted(Conference.objects.values_list("is_demo", "slug")) == [
        (False, "peace-in-south-caucasus-2023"),
        (True, "demo-20261122-103000"),
    ]


def test_open_demo_call_refuses_a_deadline_in_the_past():
    with pytest.raises(CommandError, match="--days must be at least 1."):
        open_demo("--days", "0")


def test_the_demo_deadline_is_in_the_future_whatever_the_hour():
    call_command("loaddata", SEED, verbosity=0)
    late = NOW.replace(hour=23, minute=59)
    with time_machine.travel(late, tick=False):
        call_command("open_demo_call", "--days", "1", stdout=StringIO())
    demo = Conference.objects.get(is_demo=True)
    assert demo.deadline - late > timedelta(hours=23)
