"""Where the time of a public page goes: each page type requested through Django's test client with
production settings (DEBUG off, the page cache and the kept page parts off so that every request
renders; ``--kept-parts`` keeps the parts, as a second visit finds them), profiled with
cProfile, on a throwaway database holding ``--articles`` generated articles (benchmarks/generate.py).

    .venv/bin/python benchmarks/profile_pages.py                     # SQLite file, 1,000 articles
    .venv/bin/python benchmarks/profile_pages.py --database postgres://postgres@127.0.0.1:5432/ccsis_bench_profile

For each page it prints the time per request (under the profiler, which slows pure Python code
more than the database), the number of queries, and the functions that take the most time: of our
own code by cumulative time (what to look at first), and of everything by own time (where the
interpreter really is). A PostgreSQL database's name must contain "bench"; it is created, migrated
and dropped at the end. Nothing is sent over the network.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OURS = ("/articles/", "/caucasuscenter/", "/conferences/", "/editorial/")


def pages():
    """One address of each public page type, from the generated corpus."""
    from articles.models import Article, Author, Series

    article = Article.objects.published().newest_first().first()
    author = Author.objects.filter(articles__in=Article.objects.published()).first()
    series = Series.objects.filter(articles__in=Article.objects.published()).first()
    word = article.title.split()[0]
    return {
        "home": "/",
        "list": "/articles/",
        "article": article.get_absolute_url(),
        "author": author.get_absolute_url(),
        "series": series.get_absolute_url(),
        "search": f"/search/?q={word}",
    }


def top(profile, *, ours, rows):
    """The ``rows`` heaviest functions (ours by cumulative time, or any by own time) as Markdown rows.
    Of our code, what wraps nearly the whole request (the middleware) is left out: it says nothing."""
    stats = pstats.Stats(profile, stream=io.StringIO())
    entries = []
    for (filename, line, name), (_calls, ncalls, own, cumulative, _callers) in stats.stats.items():
        if ours and (not any(part in filename for part in OURS) or cumulative > 0.9 * stats.total_tt):
            continue
        where = filename.split(str(ROOT) + "/")[-1].split("site-packages/")[-1]
        entries.append((cumulative if ours else own, ncalls, f"{where}:{line} {name}"))
    entries.sort(reverse=True)
    return entries[:rows]


def profile_page(client, path, repeat):
    from django.db import connection

    for _ in range(3):  # warm: templates compiled, caches of the content version filled
        assert client.get(path).status_code == 200, path
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
        client.get(path)
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for _ in range(repeat):
        client.get(path)
    profile.disable()
    return (time.perf_counter() - started) / repeat, len(queries), profile


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20, help="profiled requests per page")
    parser.add_argument("--rows", type=int, default=8, help="functions listed per page and kind")
    parser.add_argument("--kept-parts", action="store_true", help="profile visits whose page parts are kept")
    parser.add_argument("--database", help="postgres://…/<name with bench>; default: an SQLite file")
    args = parser.parse_args(argv)

    folder = tempfile.TemporaryDirectory(prefix="ccsis-profile-")
    url = args.database or f"sqlite:///{folder.name}/profile.sqlite3"
    name = None
    if url.startswith("postgres"):
        from benchmarks.desk_save import recreate

        name = recreate(url)
    for variable in ("DJANGO_DEBUG", "REDIS_URL"):
        os.environ.pop(variable, None)
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="caucasuscenter.settings",
        DJANGO_SECRET_KEY="profile-only-not-a-secret",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        PAGE_CACHE_SECONDS="0",
        # The parts kept for the content version (caucasuscenter/shared/fragments.py) off too, unless
        # --kept-parts: what a page costs to render, as on its first visit after a save.
        PARTS_CACHE_SECONDS="600" if args.kept_parts else "0",
        SEARCH_RATE_LIMIT="100000",
        MEDIA_ROOT=folder.name,
        THROTTLE_CACHE_DIR=folder.name,
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from benchmarks import generate

    try:
        call_command("migrate", verbosity=0)
        generate.generate(args.articles, **generate.proportions(args.articles), log=lambda *a: None)
        client = Client()
        vendor = "PostgreSQL" if name else "SQLite"
        print(f"## Where a page's time goes: {args.articles:,} articles, {vendor}, {args.repeat} requests each\n")
        for page, path in pages().items():
            seconds, queries, profile = profile_page(client, path, args.repeat)
            print(f"### {page} (`{path}`): {seconds * 1000:.1f} ms a request under the profiler, {queries} queries\n")
            print("| our code, by cumulative time | calls | ms a request |\n| --- | ---: | ---: |")
            for value, calls, where in top(profile, ours=True, rows=args.rows):
                print(f"| `{where}` | {calls // args.repeat} | {value * 1000 / args.repeat:.2f} |")
            print("\n| everything, by own time | calls | ms a request |\n| --- | ---: | ---: |")
            for value, calls, where in top(profile, ours=False, rows=args.rows):
                print(f"| `{where}` | {calls // args.repeat} | {value * 1000 / args.repeat:.2f} |")
            print()
    finally:
        from django.db import connections

        connections.close_all()
        if name:
            from benchmarks.desk_save import drop

            drop(url, name)
        folder.cleanup()


if __name__ == "__main__":
    main()
