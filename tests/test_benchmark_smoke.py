"""The benchmark keeps working: the corpus generator and its removal, one bounded run of
benchmarks/run.py (gunicorn, wrk, the floors, query counts, worker memory, the report) and one of
benchmarks/search_flood.py (nginx in front, both floods, the answers by kind, the ordinary readers'
searches, the report) at a tiny size, on the database the suite runs on. The real runs, at 1,000 and
100,000 articles, stay outside the test command: benchmarks/RESULTS.md has their figures and the
command."""

import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection
from taggit.models import Tag

from articles.models import Article, Author, Series
from benchmarks import generate
from conferences.models import Abstract, AbstractAuthor, Conference

ROOT = Path(__file__).resolve().parent.parent


def counts():
    return {
        "articles": Article.objects.count(),
        "authors": Author.objects.count(),
        "series": Series.objects.count(),
        "tags": Tag.objects.count(),
        "conferences": Conference.objects.count(),
        "abstracts": Abstract.objects.count(),
    }


@pytest.mark.django_db
def test_the_generator_makes_a_proportionate_corpus_and_removes_it_again():
    assert generate.proportions(100_000) == {"authors": 2000, "series": 200, "tags": 5000, "abstracts": 20000}
    generate.generate(20, **generate.proportions(20), log=lambda *args: None)
    assert counts() == {"articles": 20, "authors": 2, "series": 1, "tags": 10, "conferences": 1, "abstracts": 4}
    assert Article.objects.published().count() == 20
    assert AbstractAuthor.objects.filter(is_contact=True).count() == 4
    generate.remove(log=lambda *args: None)
    assert counts() == dict.fromkeys(counts(), 0)


def throwaway_database_url(tmp_path):
    """A database of its own for the run: PostgreSQL on the suite's server, or an SQLite file."""
    if connection.vendor != "postgresql":
        return f"sqlite:///{tmp_path / 'bench-smoke.sqlite3'}"
    s = connection.settings_dict
    credentials = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{credentials}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/ccsis_smoke_{uuid.uuid4().hex[:8]}"


ROW = re.compile(
    r"^\| (?P<label>[^|]+?) \| (?P<rps>\d+) \| (?P<p50>[\d.]+) \| (?P<p99>[\d.]+) \| (?P<queries>[\d–]+) \|", re.M
)


@pytest.mark.django_db
def test_a_one_second_run_prints_every_figure_for_a_page_and_its_floors(tmp_path):
    command = [sys.executable, "benchmarks/run.py", "--sizes", "20", "--duration", "1", "--repeats", "1"]
    command += ["--pages", "article,form_post", "--workers", "1", "--connections", "1", "--search-repeat", "1"]
    command += ["--first-visits", "2", "--after-saves", "2", "--database", throwaway_database_url(tmp_path)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]

    rest, first_visits = result.stdout.split("**First visits**")
    first_visits, after_saves = first_visits.split("**First visits after a save**")
    uncached, cached = rest.split("**cached**")
    rows = {mode: {m["label"]: m for m in ROW.finditer(text)} for mode, text in [("u", uncached), ("c", cached)]}
    assert list(rows["u"]) == [
        "Floor: constant 10 KB page",
        "Floor: template with 20 rows, one query",
        "Article page",
        "Abstract form (POST)",  # no "(n failed)": every post was stored and redirected
    ]
    assert list(rows["c"]) == ["Floor: constant 10 KB page", "Floor: template with 20 rows, one query", "Article page"]
    assert all(float(row["rps"]) > 0 and float(row["p99"]) > 0 for mode in rows.values() for row in mode.values())
    assert int(rows["u"]["Article page"]["queries"]) > 0
    assert int(rows["c"]["Article page"]["queries"]) == 0  # served from the page cache
    assert re.search(r"\| 20: worker peak memory < 120 MB \| \d+ MB \|", result.stdout)
    visits = dict(
        re.findall(r"^\| (Home|Article list|Article page|Search) \| (\d+) \| [\d.]+ \| [\d.]+ \|", first_visits, re.M)
    )
    assert visits["Home"] == visits["Article list"] == visits["Article page"] == "2"
    assert int(visits["Search"]) >= 20  # each benchmark query once
    saves = re.findall(
        r"^\| (A new piece published|The newest piece edited|The oldest piece edited) \| ([\w ]+) \| (\d+) \|",
        after_saves,
        re.M,
    )
    assert saves == [
        ("A new piece published", "Home", "2"),
        ("A new piece published", "Article list", "2"),
        ("A new piece published", "Article page", "2"),
        ("The newest piece edited", "Home", "2"),
        ("The newest piece edited", "Article list", "2"),
        ("The newest piece edited", "Article page", "2"),
        ("The oldest piece edited", "Article list", "2"),
    ]
    assert re.search(
        r"\| 20: Article list, first visit after a new piece published, p95 < 60 ms \| [\d.]+ ms \|", result.stdout
    )


PAGE_ROW = re.compile(
    r"^\| (?P<run>alone|flood, one address|flood, many addresses) \| (?P<page>Article page|Article list) "
    r"\| (?P<requests>\d+) \| (?P<failed>[^|]+) \| (?P<p50>\d+) ms \| (?P<p95>\d+) ms \| (?P<p99>\d+) ms \|",
    re.M,
)
FLOOD_ROW = re.compile(r"^\| (?P<run>flood, [a-z ]+) \| (?P<searches>\d+) \| (?P<kinds>(?:\d+ \| ){6})", re.M)
SEARCHES_ROW = re.compile(
    r"^\| (?P<run>alone|flood, one address|flood, many addresses) \| (?P<searches>\d+) \| (?P<answered>\d+) "
    r"\| (?P<away>0|(?:[\w ]+: \d+(?:, )?)+) \| (?P<limits>–|(?:[\w ]+: \d+(?:, )?)+) "
    r"\| \d+ ms \| \d+ ms \| \d+ ms \|$",
    re.M,
)


@pytest.mark.django_db
def test_a_tiny_search_flood_measures_both_pages_alone_and_under_both_floods(tmp_path):
    command = [sys.executable, "benchmarks/search_flood.py", "--articles", "20", "--seconds", "1", "--rounds", "1"]
    command += ["--ramp", "0.5", "--clients", "2", "--workers", "2", "--database", throwaway_database_url(tmp_path)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]

    pages = [(m["run"], m["page"]) for m in PAGE_ROW.finditer(result.stdout)]
    runs = ["alone", "flood, one address", "flood, many addresses"]
    assert pages == [(run, page) for run in runs for page in ("Article page", "Article list")]
    assert all(int(m["requests"]) > 0 and int(m["p95"]) > 0 for m in PAGE_ROW.finditer(result.stdout))
    floods = {m["run"]: m for m in FLOOD_ROW.finditer(result.stdout)}
    assert list(floods) == runs[1:]
    for flood in floods.values():  # every search answered, and counted once by who answered it
        kinds = [int(n) for n in flood["kinds"].split("|") if n.strip()]
        assert int(flood["searches"]) > 0
        assert sum(kinds) == int(flood["searches"])
    searches = {m["run"]: m for m in SEARCHES_ROW.finditer(result.stdout)}  # the ordinary readers' searches
    assert list(searches) == runs
    for row in searches.values():
        away = sum(int(n) for n in re.findall(r": (\d+)", row["away"]))
        assert int(row["searches"]) > 0
        assert int(row["answered"]) + away == int(row["searches"])
        by_limit = sum(int(n) for n in re.findall(r": (\d+)", row["limits"]))  # nginx's, from its log
        assert by_limit == sum(int(n) for n in re.findall(r"503 nginx: (\d+)", row["away"]))
    assert re.search(r"^\| Ordinary searches, alone: every one answered 200 \| \d+ of \d+ \|", result.stdout, re.M)
    assert re.search(
        r"^\| Article list, flood, many addresses: p95 < 1 s and ≤ 2× alone \| \d+ ms", result.stdout, re.M
    )
    assert re.search(
        r"^\| flood, many addresses \| [\d.]+ s \| (?:[\d.]+ s|–) \| [\d.]+ s \| [\d.]+ s \|$", result.stdout, re.M
    )
    if connection.vendor == "postgresql":  # PostgreSQL sampled: searches holding a slot, statements running
        assert re.search(r"^\| flood, many addresses \| .* \| \d+ / [\d.]+ \| \d+ / [\d.]+ \|$", result.stdout, re.M)
    assert "Load average (1 min) before:" in result.stdout


@pytest.mark.django_db
def test_the_page_profile_lists_each_page_type_with_its_queries_and_heaviest_functions(tmp_path):
    command = [sys.executable, "benchmarks/profile_pages.py", "--articles", "20", "--repeat", "2", "--rows", "3"]
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        command += [
            "--database",
            f"postgres://{s['USER']}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/ccsis_bench_{uuid.uuid4().hex[:8]}",
        ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    pages = re.findall(
        r"^### (\w+) \(`([^`]+)`\): ([\d.]+) ms a request under the profiler, (\d+) queries$", done.stdout, re.M
    )
    assert [page for page, *_ in pages] == ["home", "list", "article", "author", "series", "search"]
    assert all(float(ms) > 0 and int(queries) > 0 for _page, _path, ms, queries in pages)
    assert done.stdout.count("| our code, by cumulative time |") == 6
    assert "django/template/" in done.stdout  # the rendering shows among the heaviest functions
