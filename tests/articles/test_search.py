"""Search: what a reader's words find, in what order, and what they can never break.

The same tests run on SQLite (simple matching) and PostgreSQL (the stored, indexed tsvector).
"""

import importlib
from datetime import timedelta

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import search
from articles.models import Article
from articles.search import Term, highlights, parse_query, search_articles
from articles.search.id_lists import Ids
from tests.factories import ArticleFactory, AuthorFactory, article_type

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored tsvector is PostgreSQL's")


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def found(query, queryset=None):
    results, _ = search_articles(queryset if queryset is not None else Article.objects.published(), query)
    return [article.slug for article in results]


# ---------------------------------------------------------------------------
# Parsing: a table of what readers type
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "terms"),
    [
        ("Lachin", (Term(("lachin",)),)),
        ("  Lachin   corridor ", (Term(("lachin",)), Term(("corridor",)))),
        ('"energy security" Baku', (Term(("energy", "security")), Term(("baku",)))),
        ("“energy security”", (Term(("energy", "security")),)),
        ("geopolit*", (Term(("geopolit",), prefix=True),)),
        ('"south cauc*"', (Term(("south", "cauc"), prefix=True),)),
        ("Nagorno-Karabakh", (Term(("nagorno", "karabakh")),)),
        ("Azerbaijan's", (Term(("azerbaijans",)),)),
        ("Bakı MÜHARİBƏ", (Term(("baki",)), Term(("muharibe",)))),
        ("a*", (Term(("a",)),)),
        ("war war WAR", (Term(("war",)),)),
        ('"unclosed phrase', (Term(("unclosed",)), Term(("phrase",)))),
        ("x & y | !z (w) <-> :*", (Term(("x",)), Term(("y",)), Term(("z",)), Term(("w",)))),
        ("", ()),
        ("   ", ()),
        ("!!! ??? ***", ()),
        ('""', ()),
        ("__init__", (Term(("init",)),)),
    ],
)
def test_parse_query_turns_what_readers_type_into_terms(typed, terms):
    assert parse_query(typed).terms == terms


def test_parse_query_builds_phrase_and_prefix_tsqueries():
    parsed = parse_query('"south caucasus" geopolit* Baku war')

    assert parsed.tsquery() == "(south <-> caucasus) & geopolit:* & baku & war"
    assert parsed.tsquery(auto_prefix=True) == "(south:* <-> caucasus:*) & geopolit:* & baku:* & war"


def test_a_very_long_query_is_cut_with_a_note():
    parsed = parse_query("word " * 100)

    assert len(parsed.text) <= search.MAX_QUERY_LENGTH
    assert parsed.notes == ("Your search was long, so only its first 200 characters were used.",)


def test_too_many_terms_are_cut_with_a_note():
    parsed = parse_query(" ".join(f"w{i}" for i in range(20)))

    assert len(parsed.terms) == search.MAX_TERMS
    assert parsed.notes == ("Only the first 12 words or phrases of your search were used.",)


def test_folding_keeps_the_length_of_the_text():
    assert search.fold("Bakı, Gəncə, Şəki, İrəvan, Çörək, Ёлка") == "Baki, Gence, Seki, Irevan, Corek, Елка"


def test_the_migration_folds_exactly_like_the_python_code():
    migration = importlib.import_module("articles.migrations.0003_search_vector")

    assert (migration.FOLD_FROM, migration.FOLD_TO) == (search.FOLD_FROM, search.FOLD_TO)


# ---------------------------------------------------------------------------
# Matching and ranking, on a small known corpus
# ---------------------------------------------------------------------------


@pytest.fixture
def corpus():
    ArticleFactory(
        slug="in-title",
        title="The Lachin corridor after 2023",
        summary="Roads and checkpoints.",
        body="<p>Transport links in the South Caucasus.</p>",
        published_at=ago(days=30),
    )
    ArticleFactory(
        slug="in-summary",
        title="Roads of the South Caucasus",
        summary="What the Lachin corridor means for trade.",
        body="<p>Transport links and energy security.</p>",
        published_at=ago(days=20),
    )
    ArticleFactory(
        slug="in-body",
        title="Energy exports to Europe",
        summary="Gas through Türkiye.",
        body="<p>Pipelines matter more than the Lachin <em>corridor</em> here.</p>",
        published_at=ago(days=10),
    )
    ArticleFactory(
        slug="geopolitics",
        title="Geopolitics of the Caspian",
        summary="Geopolitical shifts and sanctions.",
        body="<p>The security of energy is a question of geopolitical choices.</p>",
        published_at=ago(days=5),
    )
    ArticleFactory(
        slug="azerbaijani",
        language="az",
        title="Bakı və Qarabağ müharibəsi",
        summary="Müharibədən sonra sülh gündəliyi.",
        body="<p>Bakıda keçirilən görüşdə müharibə və sülh müzakirə edildi.</p>",
        published_at=ago(days=3),
    )
    ArticleFactory(slug="draft", title="Lachin corridor secrets", draft=True)
    ArticleFactory(slug="scheduled", title="Lachin corridor tomorrow", scheduled=True)


def test_title_matches_rank_above_summary_matches_above_body_matches(corpus):
    assert found("Lachin corridor") == ["in-title", "in-summary", "in-body"]


def test_only_the_newest_matches_are_ranked_when_there_are_very_many(corpus, monkeypatch):
    monkeypatch.setattr(search, "MAX_RANKED", 2)

    # The newest two matches, ranked: the summary match above the body match; the older title
    # match is left out.
    assert found("Lachin corridor") == ["in-summary", "in-body"]


def test_the_search_page_says_when_only_the_newest_matches_were_ranked(client, corpus, monkeypatch):
    monkeypatch.setattr(search, "MAX_RANKED", 2)

    capped = client.get("/search/", {"q": "Lachin corridor"}).content.decode()
    monkeypatch.setattr(search, "MAX_RANKED", 3)
    complete = client.get("/search/", {"q": "Lachin corridor"}).content.decode()

    assert "More than 2 results for “Lachin corridor”: the best of the newest 2 are shown." in capped
    assert "3 results for “Lachin corridor”." in complete
    assert "More than" not in complete


def test_every_term_must_match(corpus):
    assert found("corridor pipelines") == ["in-body"]


def test_a_quoted_phrase_matches_the_words_together_and_in_order(corpus):
    assert found('"energy security"') == ["in-summary"]
    assert sorted(found("energy security")) == ["geopolitics", "in-summary"]


def test_a_star_matches_words_that_start_with_it(corpus):
    assert found("geopolit*") == ["geopolitics"]
    assert found("pipe*") == ["in-body"]


def test_english_words_match_their_other_forms(corpus):
    assert found("sanction") == ["geopolitics"]
    assert found("corridors") == ["in-title", "in-summary", "in-body"]


@pytest.mark.parametrize("typed", ["Baki", "bakı", "BAKI", "Bakı"])
def test_azerbaijani_letters_are_folded_so_baki_finds_baki_with_a_dotless_i(corpus, typed):
    assert found(typed) == ["azerbaijani"]


def test_muharibe_finds_muharibe_with_its_azerbaijani_letters(corpus):
    assert found("muharibe") == ["azerbaijani"]
    assert found('"Qarabag muharibesi"') == ["azerbaijani"]


def test_turkish_letters_are_folded_too(corpus):
    assert found("Turkiye") == ["in-body"]


def test_search_sees_only_published_pieces(corpus):
    assert "draft" not in found("secrets") + found("tomorrow")
    assert found("secrets") == []


def test_search_narrows_the_queryset_it_is_given(corpus):
    assert found("Lachin", Article.objects.published().filter(slug__in=["in-summary", "in-body"])) == [
        "in-summary",
        "in-body",
    ]


def test_newer_pieces_come_first_among_equal_matches():
    ArticleFactory(slug="older", title="Caspian gas", published_at=ago(days=9))
    ArticleFactory(slug="newer", title="Caspian gas", published_at=ago(days=1))

    assert found("Caspian") == ["newer", "older"]


# PostgreSQL drops English stop words (a, the, of, and); SQLite finds the words that start with them.
STOP_WORDS_ARE_DROPPED = connection.vendor == "postgresql"

# What readers may type, and what it finds in the corpus: no input can cause an error.
NASTY_AND_FOUND = {
    "": [],
    "   ": [],
    "!!!": [],
    "'; DROP TABLE articles_article; --": [],
    "a & | ! ( ) : <-> * ' \" \\": [] if STOP_WORDS_ARE_DROPPED else ["in-title", "geopolitics", "in-summary"],
    "\x00\x01\x02": [],
    "x" * 5000: [],
    '"unclosed': [],
    "***": [],
    "- -- ---": [],
    ":*": [],
    "🇦🇿 ☃ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢": [],
    "%_%": [],
    "the of and": [] if STOP_WORDS_ARE_DROPPED else ["geopolitics", "in-summary"],
    "a² b³ ½": [],
    "\u200b\u00a0\ufeff": [],
    "word:* & !other": [],
    "٣٤ فارسی ي ك": [],
}
NASTY = list(NASTY_AND_FOUND)


@pytest.mark.parametrize("typed", NASTY)
def test_no_query_can_cause_an_error(corpus, typed):
    assert found(typed) == NASTY_AND_FOUND[typed]


def test_an_empty_query_finds_nothing(corpus):
    assert found("") == []
    assert found("?!") == []


# ---------------------------------------------------------------------------
# Highlighted, safe snippets
# ---------------------------------------------------------------------------


def test_matches_are_marked_in_the_original_letters(corpus):
    results, parsed = search_articles(Article.objects.published(), "Baki muharibe")
    marked = highlights(results[0], parsed)

    assert "<mark>Bakı</mark>" in marked.title
    assert "<mark>müharibəsi</mark>" in marked.title
    assert "<mark>Bakıda</mark>" in marked.snippet or "<mark>müharibə</mark>" in marked.snippet


def test_a_body_passage_is_shown_around_the_match(corpus):
    results, parsed = search_articles(Article.objects.published(), "pipelines")
    marked = highlights(results[0], parsed)

    assert "<mark>Pipelines</mark> matter more than the Lachin" in marked.snippet
    assert "<em>" not in marked.snippet
    assert marked.title == "Energy exports to Europe"


def test_snippets_are_escaped_before_marking():
    ArticleFactory(
        slug="markup",
        title="Tags like <script>alert(1)</script> and Lachin",
        summary='Quotes " and <b>Lachin</b> & more',
        body="<p>Lachin &amp; &lt;b&gt;roads&lt;/b&gt;</p>",
    )
    results, parsed = search_articles(Article.objects.published(), "Lachin")
    marked = highlights(results[0], parsed)

    assert marked.title == "Tags like &lt;script&gt;alert(1)&lt;/script&gt; and <mark>Lachin</mark>"
    assert marked.summary == "Quotes &quot; and &lt;b&gt;<mark>Lachin</mark>&lt;/b&gt; &amp; more"
    assert marked.snippet.startswith("<mark>Lachin</mark> &amp; &lt;b&gt;roads")


def test_no_snippet_when_only_the_title_matched(corpus):
    results, parsed = search_articles(Article.objects.published(), "Caspian")
    marked = highlights(results[0], parsed)

    assert marked.title == "Geopolitics of the <mark>Caspian</mark>"
    assert marked.snippet == ""


# ---------------------------------------------------------------------------
# The index follows every write, on both databases
# ---------------------------------------------------------------------------


def test_the_index_follows_saves_updates_bulk_writes_deletes_and_fixtures(tmp_path):
    saved = ArticleFactory(slug="saved", title="Caspian pipelines", summary="")
    gone = ArticleFactory(slug="gone", title="Zangezur tunnels", summary="")
    Article.objects.filter(pk=saved.pk).update(title="Zangezur route")
    Article.objects.bulk_create(
        [Article(slug="bulk", title="Zangezur freight", kind=saved.kind, status="published", published_at=ago(days=1))]
    )
    fixture = tmp_path / "gone.json"
    fixture.write_text(serializers.serialize("json", [gone]))
    gone.delete()
    assert sorted(found("Zangezur")) == ["bulk", "saved"]

    call_command("loaddata", fixture, verbosity=0)
    saved.refresh_from_db()
    saved.summary = "Now by rail"
    saved.save()

    assert sorted(found("Zangezur")) == ["bulk", "gone", "saved"]
    assert found("rail") == ["saved"]
    assert found("Caspian") == []


sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's full-text table")


@sqlite_only
def test_a_migration_that_rebuilds_the_article_table_gets_its_index_triggers_back():
    from articles.search import sqlite

    ArticleFactory(slug="before", title="Caspian pipelines", summary="")
    with connection.cursor() as cursor:  # what Django's rebuild of a SQLite table does to triggers
        for name in sqlite.TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    ArticleFactory(slug="unseen", title="Caspian ports", summary="")
    Article.objects.filter(slug="before").update(title="Caspian tankers")

    sqlite.ensure_index(using=connection.alias)  # post_migrate, after every migrate
    ArticleFactory(slug="after", title="Caspian ferries", summary="")

    assert sorted(found("Caspian")) == ["after", "before", "unseen"]
    assert found("tankers") == ["before"]
    assert found("pipelines") == []


# ---------------------------------------------------------------------------
# PostgreSQL: the stored vector and its index
# ---------------------------------------------------------------------------


@postgres_only
def test_the_search_vector_follows_every_kind_of_write():
    article = ArticleFactory(slug="vector", title="Caspian pipelines", summary="")
    Article.objects.filter(pk=article.pk).update(title="Zangezur route")
    Article.objects.bulk_create(
        [
            Article(
                slug="bulk", title="Zangezur freight", kind=article.kind, status="published", published_at=ago(days=1)
            )
        ]
    )

    assert sorted(found("Zangezur")) == ["bulk", "vector"]
    assert found("Caspian") == []


@pytest.mark.postgres
@postgres_only
@pytest.mark.parametrize(
    "callers_settings",
    [{}, {"enable_indexscan": "off"}, {"enable_seqscan": "off", "enable_indexscan": "on"}],
    ids=["defaults", "the caller's own setting", "the caller's own settings"],
)
def test_a_search_in_a_transaction_leaves_the_planner_settings_as_they_were(corpus, monkeypatch, callers_settings):
    monkeypatch.setattr(search, "COMMON_SHARE", 1.1)  # every search is rare: plain and index scans off

    def planner_settings():
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            seqscan = cursor.fetchone()[0]
            cursor.execute("SHOW enable_indexscan")
            return {"enable_seqscan": seqscan, "enable_indexscan": cursor.fetchone()[0]}

    with transaction.atomic():
        with connection.cursor() as cursor:
            for name, value in callers_settings.items():
                cursor.execute(f"SET LOCAL {name} = {value}")
        before = planner_settings()
        assert found("Lachin corridor") == ["in-title", "in-summary", "in-body"]
        after = planner_settings()

    assert after == before == {"enable_seqscan": "on", "enable_indexscan": "on"} | callers_settings


@postgres_only
@pytest.mark.parametrize("common_share", [0.0, 1.1], ids=["date index", "gin index"])
def test_both_ways_to_find_the_newest_matches_give_the_same_results(corpus, monkeypatch, common_share):
    monkeypatch.setattr(search, "COMMON_SHARE", common_share)

    assert found("Lachin corridor") == ["in-title", "in-summary", "in-body"]
    assert found('"energy security"') == ["in-summary"]


@postgres_only
def test_the_planner_estimates_the_share_of_matching_pieces(corpus):
    share = search._estimated_share(search.matching(Article.objects.published(), parse_query("Lachin")))

    assert 0 < share <= 1
    assert search._estimated_share(Article.objects.filter(pk__in=[])) == 0


@postgres_only
def test_article_rows_keep_their_long_values_out_of_line():
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'articles_article'")
        (options,) = cursor.fetchone()

    assert "toast_tuple_target=256" in options


@postgres_only
def test_the_search_can_use_the_gin_index():
    results = search.matching(Article.objects.order_by(), parse_query("Lachin"))
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS article_search_rum_idx")  # as without the extension (rolled back)
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = results.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "article_search_vector_idx" in plan


@pytest.fixture
def analysed_corpus():
    """2,000 published pieces, one in a hundred about the peace treaty and pipelines, with the
    planner's statistics gathered (as after any load): so that it plans as on a real site."""
    kind = article_type("analysis")
    Article.objects.bulk_create(
        Article(
            title=f"Piece {i}",
            slug=f"piece-{i}",
            kind=kind,
            summary="Regional notes.",
            body="<p>The Lachin corridor, pipelines and the peace treaty.</p>" if i % 100 == 0 else "<p>Notes.</p>",
            status=Article.Status.PUBLISHED,
            published_at=ago(days=i + 1),
        )
        for i in range(2000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")


@postgres_only
@pytest.mark.parametrize("typed", ["Lachin", "pipel*", '"peace treaty"', "Lachin corridor"])
def test_a_rare_search_of_published_pieces_is_never_planned_through_their_status(analysed_corpus, typed):
    # The plan a rare search is given (no plain or index scans): the published pieces must not be
    # found through an index of their status alone, which reads every published piece's vector
    # (725 ms for "pipel*" at 100,000 articles: benchmarks/RESULTS.md).
    results = search.matching(Article.objects.published(), parse_query(typed))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = results.order_by("-published_at").values("pk")[:1001].query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    scanned = [line for line in plan.splitlines() if "Index Scan on" in line]
    assert scanned
    assert not [line for line in scanned if "articles_article_status" in line]


def rum_available():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        return cursor.fetchone() is not None


@postgres_only
def test_the_rum_index_is_there_wherever_postgresql_has_the_extension():
    assert search.postgres.has_rum_index("default") == rum_available()


@postgres_only
@pytest.mark.parametrize("typed", ["Lachin", "pipel*", '"peace treaty"', "Lachin corridor", "notes"])
@pytest.mark.parametrize("ranked", [5, 1000])
def test_a_search_finds_the_same_pieces_in_the_same_order_with_or_without_the_rum_index(
    analysed_corpus, monkeypatch, typed, ranked
):
    if not search.postgres.has_rum_index("default"):
        pytest.skip("PostgreSQL here has no rum extension (scripts/ensure-postgres-rum)")
    monkeypatch.setattr(search, "MAX_RANKED", ranked)
    pieces = search.matching(Article.objects.published(), parse_query(typed))

    with CaptureQueriesContext(connection) as with_rum:
        found_with_rum = search.ranked(pieces, parse_query(typed))
    monkeypatch.setattr(search.postgres, "has_rum_index", lambda alias: False)
    found_without = search.ranked(pieces, parse_query(typed))

    assert found_with_rum.ids == found_without.ids
    assert found_with_rum.capped == found_without.capped
    assert found_with_rum.ids
    rare = "notes" not in typed
    assert any("<=>" in query["sql"] for query in with_rum.captured_queries) == rare


@postgres_only
def test_a_rare_phrase_search_asks_the_rum_index_for_its_newest_matches(analysed_corpus):
    if not search.postgres.has_rum_index("default"):
        pytest.skip("PostgreSQL here has no rum extension (scripts/ensure-postgres-rum)")
    with CaptureQueriesContext(connection) as captured:
        search.ranked(
            search.matching(Article.objects.published(), parse_query('"peace treaty"')), parse_query('"peace treaty"')
        )
    (ranking,) = [query["sql"] for query in captured.captured_queries if "<=>" in query["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {ranking}")
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "article_search_rum_idx" in plan


# ---------------------------------------------------------------------------
# The search page
# ---------------------------------------------------------------------------


# The ranked ids (1), the page of results with their authorships (2), all the facets (1); on
# PostgreSQL, for a rare word (as the planner sees any word of a table it has not analysed), before
# the ids, the planner's estimate (1), then with the RUM index the newest matches' ids (1), without
# it the plan it allows (1) and after the ids, inside the test's transaction, the planner's settings
# put back (1); and the search's share of the database taken (1) and, inside the test's transaction,
# its time limit put back (1) (articles/search/budget.py).
def search_page_queries(rare=True):
    """SQLite: 4. PostgreSQL: those 4, the search's time budget set and put back, the planner's
    estimate, the newest matches' ids, their ranking, and for a rare search without the RUM index
    the planner settings set and put back."""
    if connection.vendor != "postgresql":
        return 4
    return 4 + 4 + (2 if rare and not search.postgres.has_rum_index("default") else 0)


@pytest.mark.parametrize("n", [1, 5, 25])
@pytest.mark.parametrize("common_share", [1.1, 0.0], ids=["rare", "common"])
@pytest.mark.parametrize("gin_only", [False, True], ids=["any index", "gin only"])
def test_the_search_page_runs_the_same_queries_for_any_number_of_results(
    client, django_assert_num_queries, monkeypatch, n, common_share, gin_only
):
    monkeypatch.setattr(search, "COMMON_SHARE", common_share)
    if gin_only:  # as where PostgreSQL has no RUM extension
        monkeypatch.setattr(search.postgres, "has_rum_index", lambda alias: False)
    for i in range(n):
        ArticleFactory(title=f"Caspian {i}", authors=[AuthorFactory()], tags=["Energy", f"topic {i}"])

    with django_assert_num_queries(search_page_queries(rare=common_share > 1)):
        response = client.get("/search/", {"q": "caspian"})

    assert response.context["paginator"].count == n


def test_the_search_page_lists_ranked_highlighted_results_with_facets(client, corpus):
    response = client.get("/search/", {"q": "Lachin corridor"})
    content = response.content.decode()

    assert [article.slug for article, _marked in response.context["results"]] == ["in-title", "in-summary", "in-body"]
    assert "3 results for “Lachin corridor”." in content
    assert "The <mark>Lachin</mark> <mark>corridor</mark> after 2023" in content
    assert {facet.name: {c.value: c.count for c in facet.choices} for facet in response.context["filter"].facets}[
        "type"
    ] == {"analysis": 3}


def test_search_and_filters_combine_and_survive_pagination(client):
    for day in range(45):
        kind = "op-ed" if day % 2 else "analysis"
        ArticleFactory(title=f"Caspian gas {day}", kind_slug=kind, published_at=ago(days=day + 1))

    response = client.get("/search/", {"q": "caspian", "type": "analysis", "page": 2})

    assert response.context["paginator"].count == 23
    assert [article.title for article, _marked in response.context["results"]] == [
        "Caspian gas 40",
        "Caspian gas 42",
        "Caspian gas 44",
    ]
    assert 'href="?q=caspian&amp;type=analysis&amp;page=1"' in response.content.decode()


def facet_counts_of(response):
    return {facet.name: {c.value: c.count for c in facet.choices} for facet in response.context["filter"].facets}


def test_a_capped_search_counts_its_facets_over_the_matches_it_ranked(client, monkeypatch):
    # Six matches, the newest three op-eds: with three ranked, the facets count those three, which
    # are what the reader can page through, and a word in most pieces costs what a rare one does.
    for day in range(6):
        kind = "op-ed" if day < 3 else "analysis"
        ArticleFactory(title=f"Caspian gas {day}", kind_slug=kind, published_at=ago(days=day + 1), tags=[f"t{day}"])
    monkeypatch.setattr(search, "MAX_RANKED", 3)

    capped = client.get("/search/", {"q": "caspian"})
    monkeypatch.setattr(search, "MAX_RANKED", 6)
    complete = client.get("/search/", {"q": "caspian"})

    assert facet_counts_of(capped)["type"] == {"op-ed": 3}
    assert facet_counts_of(capped)["tag"] == {"t0": 1, "t1": 1, "t2": 1}
    assert "The counts beside the filters are of these 3." in capped.content.decode()
    assert facet_counts_of(complete)["type"] == {"op-ed": 3, "analysis": 3}
    assert "The counts beside the filters" not in complete.content.decode()


def test_a_chosen_facet_counts_its_other_choices_over_the_newest_matches_of_the_rest(client, monkeypatch):
    # Filtered by type, the type facet counts the newest MAX_RANKED pieces the other filters keep
    # (all types): here the newest three, two analyses and one op-ed; older op-eds are not counted.
    kinds = ["analysis", "op-ed", "analysis", "op-ed", "op-ed", "op-ed"]
    for day, kind in enumerate(kinds):
        ArticleFactory(title=f"Caspian gas {day}", kind_slug=kind, published_at=ago(days=day + 1))
    monkeypatch.setattr(search, "MAX_RANKED", 3)

    response = client.get("/search/", {"q": "caspian", "type": "analysis"})

    assert facet_counts_of(response)["type"] == {"analysis": 2, "op-ed": 1}
    assert response.context["paginator"].count == 2


def test_a_capped_search_never_counts_a_draft_or_a_scheduled_piece(client, monkeypatch):
    ArticleFactory(title="Caspian gas live", kind_slug="analysis", published_at=ago(days=3))
    ArticleFactory(title="Caspian gas draft", kind_slug="op-ed", draft=True)
    ArticleFactory(title="Caspian gas later", kind_slug="op-ed", scheduled=True)
    monkeypatch.setattr(search, "MAX_RANKED", 1)

    for params in ({"q": "caspian"}, {"q": "caspian", "type": "analysis"}):
        assert facet_counts_of(client.get("/search/", params))["type"] == {"analysis": 1}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Type one or more words to search every published analysis, op-ed, report and interview."),
        ("!!! ???", "There is nothing to search for in “!!! ???”"),
        ("\x00", "There is nothing to search for in"),
    ],
)
def test_an_empty_or_garbage_query_gets_a_friendly_page(client, corpus, typed, message):
    response = client.get("/search/", {"q": typed})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "search-results" not in response.content.decode()  # no list of results


def test_a_very_long_query_is_cut_and_says_so(client, corpus):
    response = client.get("/search/", {"q": "Lachin " + "x" * 5000})

    assert response.status_code == 200
    assert "Your search was long, so only its first 200 characters were used." in response.content.decode()


@pytest.mark.parametrize("typed", NASTY)
def test_no_query_breaks_the_search_page(client, corpus, typed):
    assert client.get("/search/", {"q": typed, "type": "analysis", "year": "abc"}).status_code == 200


def test_the_header_has_a_search_box_that_keeps_the_query(client):
    content = client.get("/search/", {"q": "Bakı"}).content.decode()

    assert '<form class="site-search" role="search" method="get" action="/search/">' in content
    assert 'name="q" placeholder="Search analyses" value="Bakı"' in content


@pytest.mark.parametrize("count", [0, 1, 3, 1500])
@pytest.mark.parametrize("held", [list, Ids], ids=["a list", "Ids"])
def test_pk_one_of_selects_the_listed_pieces_with_one_parameter_on_postgresql(count, held):
    pieces = [ArticleFactory() for _ in range(min(count, 3))]
    wanted = [piece.pk for piece in pieces] + list(range(10**9, 10**9 + max(0, count - 3)))  # and unknown ids

    with CaptureQueriesContext(connection) as captured:
        found = sorted(Article.objects.filter(pk__one_of=held(wanted)).values_list("pk", flat=True))

    assert found == sorted(piece.pk for piece in pieces)
    if count == 0:
        assert len(captured) == 0  # nothing can match: no query
    elif connection.vendor == "postgresql":
        assert "= ANY('{" in captured[0]["sql"]  # the ids are one array, not a parameter each
        assert "IN (" not in captured[0]["sql"]
    else:
        assert "IN (" in captured[0]["sql"]
