"""Whose address a submission counts against, and how long it is remembered."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
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
def test_hits_older_than_the_window_no_longer_count_and_are_purged(settings):
    settings.SUBMISSION_RATE_LIMIT = 2
    settings.SUBMISSION_RATE_WINDOW = 3600
    ratelimit.record("abstract", "k", NOW - timedelta(minutes=90))
    ratelimit.record("abstract", "k", NOW - timedelta(minutes=30))
    ratelimit.record("letter", "k", NOW - timedelta(minutes=10))
    assert ratelimit.retry_after("abstract", "k", NOW) is None
    ratelimit.record("abstract", "k", NOW - timedelta(minutes=5))
    assert ratelimit.retry_after("abstract", "k", NOW) == NOW + timedelta(minutes=30)

    assert ratelimit.purge(NOW) == 1
    assert RateLimitHit.objects.count() == 3
