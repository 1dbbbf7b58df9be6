"""How long an editor's save of an article takes with its history kept: the admin change form posted
through Django's test client (form, inlines, sanitising, the conflict check, the revision and the audit
entry), against a throwaway database, after 50 revisions of the piece are stored.

    .venv/bin/python benchmarks/desk_save.py                       # PostgreSQL ccsis_bench_desk on 127.0.0.1
    .venv/bin/python benchmarks/desk_save.py --database postgres://postgres@127.0.0.1:5432/ccsis_bench_x

The database (its name must contain "bench") is created, migrated and dropped at the end.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def recreate(url):
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to drop {name!r}: the database name must contain 'bench'")
    with psycopg.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


def drop(url, name):
    import psycopg

    with psycopg.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def summary(times):
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    return (
        f"median {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {times[-1] * 1000:.0f} ms ({len(times)} saves; PostgreSQL)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/ccsis_bench_desk")
    parser.add_argument("--revisions", type=int, default=50)
    parser.add_argument("--saves", type=int, default=30)
    parser.add_argument("--profile", action="store_true", help="print where the time of 5 saves goes")
    args = parser.parse_args()

    name = recreate(args.database)
    os.environ.update(
        DATABASE_URL=args.database,
        DJANGO_SECRET_KEY="benchmark-only",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SETTINGS_MODULE="caucasuscenter.settings",
    )
    os.environ.pop("DJANGO_DEBUG", None)
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from editorial.models import Revision
    from tests.editorial.conftest import form_data
    from tests.factories import ArticleFactory, AuthorFactory

    try:
        call_command("migrate", verbosity=0)
        setup_test_environment()  # response.context for form_data()
        editor = User.objects.create_user("bench-editor", is_staff=True)
        editor.groups.add(Group.objects.get(name="Editors"))
        client = Client()
        client.force_login(editor)
        article = ArticleFactory(
            body="<p>" + "The Kura and the Araz carry most of the water. " * 200 + "</p>",
            authors=AuthorFactory.create_batch(3),
            tags=["Water", "Energy", "Azerbaijan"],
        )
        url = reverse("admin:articles_article_change", args=[article.pk])

        def save(n, client=client):
            data = form_data(client.get(url), summary=f"Summary number {n}.")
            start = time.perf_counter()
            response = client.post(url, data)
            elapsed = time.perf_counter() - start
            assert response.status_code == 302, response.status_code
            return elapsed

        for n in range(args.revisions):
            save(n)
        stored = Revision.objects.for_object(article).count()
        if args.profile:
            import cProfile
            import pstats

            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as queries:
                save(-1)
            print(f"{len(queries)} queries in one save (the form's GET and its POST):")
            for query in queries:
                print("   ", query["sql"][:150])
            profiler = cProfile.Profile()
            profiler.runcall(lambda: [save(-2 - n) for n in range(5)])
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        times = sorted(save(args.revisions + n) for n in range(args.saves))
        print(f"Saving an article in the admin with {stored} revisions stored: {summary(times)}")

        # The same saves without the desk's middleware (no revision, no audit entry; the form's
        # conflict check stays): what the admin itself costs on this machine.
        from django.conf import settings

        settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("DeskMiddleware")]
        plain = Client()
        plain.force_login(editor)
        times = sorted(save(10_000 + n, client=plain) for n in range(args.saves))
        print(f"The same saves without revisions or audit entries: {summary(times)}")
    finally:
        from django.db import connections

        connections.close_all()
        drop(args.database, name)


if __name__ == "__main__":
    main()
