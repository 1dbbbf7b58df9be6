"""Fixtures shared by the whole suite."""

import importlib
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command


@pytest.fixture(scope="session", autouse=True)
def _collected_static(django_db_blocker):
    """Production settings serve hashed static files: collect them once if needed."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not settings.DEBUG and not manifest.exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    elif manifest.exists():
        json.loads(manifest.read_text())  # a broken manifest should fail loudly here


@pytest.fixture(scope="session", autouse=True)
def _no_stray_connections_at_teardown(django_db_setup, django_db_blocker):
    """Before the test database is dropped, close the connections that threads left open to it (a live
    server's request threads, thread pools in the concurrency tests). PostgreSQL refuses to drop a
    database that another session still uses, and with warnings as errors that refusal fails the run."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        connections.close_all()
        for connection in connections.all():
            if connection.vendor != "postgresql":
                continue
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            connection.close()


@pytest.fixture(autouse=True)
def _default_interface_language():
    """Each test starts in English: a test client's request to /ru/… leaves Russian active in the
    thread (LocaleMiddleware activates a request's language and nothing deactivates it), and a later
    test's ``get_absolute_url()`` would give /ru/ addresses."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """``with commit(): …``: run a write as if its transaction committed (tests run inside one that
    never does), so what waits for the commit (a new content version, mails) happens."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache(settings, tmp_path):
    """Each test starts with an empty local cache (login throttle counts, cached pages) and the page,
    facet and parts caches off, so tests of views see what their view does; tests/test_cache.py turns it on. (A shared
    Redis named by REDIS_URL is never flushed: the Redis tests use keys of their own.)"""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    settings.PAGE_CACHE_SECONDS = 0
    settings.FACET_CACHE_SECONDS = 0
    settings.PARTS_CACHE_SECONDS = 0
    settings.SETTLED_COUNTS_SECONDS = 0
    # The shared counters (failed logins, searches) in a folder of this test's own.
    settings.CACHES = {
        **settings.CACHES,
        "throttles": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "throttles"),
        },
    }
    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()


DATA_MIGRATIONS = [
    importlib.import_module("articles.migrations.0002_article_types_and_editors_group"),
    importlib.import_module("conferences.migrations.0002_reviewers_editors_and_email_templates"),
    importlib.import_module("editorial.migrations.0002_editors_group"),
    importlib.import_module("articles.migrations.0008_front_page"),  # the Editors arrange the front page
    importlib.import_module("alerts.migrations.0002_editors_group"),  # the Editors see the subscriptions
]


@pytest.fixture(autouse=True)
def _migration_data(request):
    """A transactional test (live server, browser, concurrency) ends by emptying every table, the rows
    the data migrations made included (article types, the Editors and Reviewers groups, the email
    templates), and a test that runs after it on the same worker would find them gone. Every database
    test therefore starts by putting them back when they are missing; the migrations are idempotent."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if not (transactional or marker is not None or "db" in request.fixturenames):
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    from articles.models import ArticleType

    if not ArticleType.objects.exists():
        for migration in DATA_MIGRATIONS:
            migration.forwards(apps, None)
