"""Time searches of realistic queries and print p50 / p95 in milliseconds.

    DATABASE_URL=postgres://… python benchmarks/generate.py 100000
    DATABASE_URL=postgres://… python manage.py bench_search --repeat 2

Two measures per query: "search" is what the database and Python do for a result page (count,
the 20 best pieces with their authors and topics, highlighted snippets); "page" is the whole
search page through Django (search, seven facet counts, template) as a reader gets it.
"""

import statistics
import time

from django.core.management import BaseCommand
from django.db import connection
from django.test import Client, override_settings

from articles.models import Article
from articles.search import search

# Realistic queries for the generated corpus (benchmarks/generate.py, with benchmarks/words.py):
# topical names and phrases matching a few percent of the pieces, Azerbaijani and Russian words,
# prefixes, and a few very common words (Baku, Astana: about two thirds of the corpus) for the worst case.
QUERIES = [
    "Lachin corridor",
    "Shah Deniz",
    '"Middle Corridor"',
    "Zangezur",
    "Nakhchivan rail",
    "Gazprom sanctions",
    "Southern Gas Corridor",
    "Aras river",
    "offshore wind",
    "foreign agents law",
    "Section 907",
    "Chabahar",
    "political prisoners",
    '"peace treaty"',
    "geopolit*",
    "pipel*",
    "Bakı",
    "muharibe",
    "Qarabağ bərpası",
    "Zəngəzur",
    "Москва санкции",
    "energy security Europe",
    "Baku",
    "Astana",
    "landmine clearance Aghdam",
]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Time realistic searches (the query and the whole page) and print p50/p95 in ms."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=2, help="Runs of the whole query list (default 2).")

    def handle(self, *args, repeat, **options):
        with override_settings(SEARCH_RATE_LIMIT=10**9):  # hundreds of searches from one address, on purpose
            self.run(repeat)

    def run(self, repeat):
        total = Article.objects.published().count()
        self.stdout.write(f"{connection.vendor}: {total} published articles, {len(QUERIES)} queries × {repeat}")
        client = Client(HTTP_HOST="localhost")
        self.search(QUERIES[0])  # warm up connections and caches once
        client.get("/search/", {"q": QUERIES[0]})

        timings = {"search": [], "page": []}
        matches = {}
        for _ in range(repeat):
            for query in QUERIES:
                started = time.perf_counter()
                matches[query] = self.search(query)
                timings["search"].append((time.perf_counter() - started) * 1000)

                started = time.perf_counter()
                response = client.get("/search/", {"q": query})
                timings["page"].append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.status_code

        for query, count in matches.items():
            self.stdout.write(f"  {count:>7} matches  {query}")
        for name, values in timings.items():
            self.stdout.write(
                f"{name:>6}: n={len(values)}  p50={percentile(values, 0.5):.1f} ms  "
                f"p95={percentile(values, 0.95):.1f} ms  max={max(values):.1f} ms  "
                f"mean={statistics.mean(values):.1f} ms"
            )

    def search(self, query):
        found = search(Article.objects.published().for_listing().with_body(), query)
        results = found.ranked()
        found.highlighted(results[:20])
        return results.count()
