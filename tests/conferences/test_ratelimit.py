"""Whose address a submission counts against, and how long it is remembered (never longer than it counts)."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import RequestFactory

from conferences import ratelimit
from conferences.models import RateLimitHit

NOW = datetime(2030, 1, 10, 12, 0, tzinfo=ZoneInfo("Asia/Baku"))


def request(remote="192.0.2.1", forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().post("/", REMOTE_ADDR=remote, **headers)


def test_the_address_is_the_peers_unless_proxies_are_trusted(settings):
    assert ratelimit.client_address(request(forwarded="203.0.113.9")) == "192.0.2.1"
    settings.SUBMISSION_RATE_LIMIT_PROXIES = 1
    assert ratelimit.client_address(request(forwarded="198.51.100.1, 203.0.113.9")) == "203.0.113.9"
    settings.SUBMISSION_RATE_LIMIT_PROXIES = 2
    assert ratelimit.client_address(request(forwarded="198.51.100.1, 203.0.113.9")) == "198.51.100.1"


def test_an_ipv6_network_counts_as_one_address_and_addresses_are_never_stored_in_clear():
    a = ratelimit.client_key(request("2001:db8:1:2::1"))
    b = ratelimit.client_key(request("2001:db8:1:2:ffff::9"))
    c = ratelimit.client_key(request("2001:db8:1:3::1"))
    assert a == b != c
    assert "2001" not in a
    assert len(a) == 64


@pytest.mark.django_db
def test_hits_older_than_the_window_no_longer_count(settings):
    settings.SUBMISSION_RATE_LIMIT = 2
    settings.SUBMISSION_RATE_WINDOW = 3600
    RateLimitHit.objects.create(scope="abstract", client="k", created_at=NOW - timedelta(minutes=90))
    ratelimit.record("abstract", "k", NOW - timedelta(minutes=30))
    ratelimit.record("letter", "k", NOW - timedelta(minutes=10))
    assert ratelimit.retry_after("abstract", "k", NOW) is None
    ratelimit.record("abstract", "k", NOW - timedelta(minutes=5))
    assert ratelimit.retry_after("abstract", "k", NOW) == NOW + timedelta(minutes=30)


def hits():
    return sorted(RateLimitHit.objects.values_list("scope", "client", "created_at"))


@pytest.mark.django_db
def test_a_new_hit_forgets_the_senders_expired_hits_of_that_kind_and_nobody_elses(settings):
    settings.SUBMISSION_RATE_WINDOW = 3600
    old = NOW - timedelta(hours=2)
    for scope, client in [("abstract", "k"), ("letter", "k"), ("abstract", "other")]:
        RateLimitHit.objects.create(scope=scope, client=client, created_at=old)
    RateLimitHit.objects.create(scope="abstract", client="k", created_at=NOW - timedelta(minutes=59))

    ratelimit.record("abstract", "k", NOW)

    assert hits() == [
        ("abstract", "k", NOW - timedelta(minutes=59)),
        ("abstract", "k", NOW),
        ("abstract", "other", old),
        ("letter", "k", old),
    ]


@pytest.mark.django_db
def test_purge_rate_limits_forgets_every_expired_hit_and_says_how_many(settings):
    settings.SUBMISSION_RATE_WINDOW = 3600
    RateLimitHit.objects.create(scope="abstract", client="gone", created_at=NOW - timedelta(hours=2))
    RateLimitHit.objects.create(scope="letter", client="gone", created_at=NOW - timedelta(minutes=60))
    RateLimitHit.objects.create(scope="abstract", client="recent", created_at=NOW - timedelta(minutes=59))
    out = StringIO()

    with time_machine.travel(NOW, tick=False):
        call_command("purge_rate_limits", stdout=out)

    assert out.getvalue() == "Forgot 2 rate-limit hit(s) older than the window.\n"
    assert hits() == [("abstract", "recent", NOW - timedelta(minutes=59))]


@pytest.mark.django_db
def test_the_mail_worker_only_sends_mail_and_leaves_rate_limit_hits_alone(settings):
    settings.SUBMISSION_RATE_WINDOW = 3600
    RateLimitHit.objects.create(scope="abstract", client="gone", created_at=NOW - timedelta(hours=2))

    with time_machine.travel(NOW, tick=False):
        call_command("send_emails", stdout=StringIO())

    assert hits() == [("abstract", "gone", NOW - timedelta(hours=2))]
