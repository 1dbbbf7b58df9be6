"""The parts of an article page kept for the content version (``PARTS_CACHE_SECONDS``): related
pieces, author cards and series neighbours. Kept, they cost no query; and no kept part ever shows
what readers should no longer see, or misses what they should. The page cache itself is off here,
so every request renders and only the parts may come from the cache."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from tests.articles.test_views import build_catalogue
from tests.factories import ArticleFactory, AuthorFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def parts_kept(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.PARTS_CACHE_SECONDS = 600


def main_of(response):
    """The page's ``<main>``: what the kept parts show (the head and header vary with the visit)."""
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def queries_of(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.fixture
def piece():
    author = AuthorFactory(name="Leyla Aliyeva", slug="leyla")
    series = SeriesFactory(title="Caspian energy", slug="caspian-energy")
    ArticleFactory(title="Part one", slug="part-one", series=series, series_part=1, authors=[author])
    ArticleFactory(
        title="Neighbour on gas", slug="neighbour", tags=["Energy"], published_at=timezone.now() - timedelta(days=3)
    )
    return ArticleFactory(
        title="Part two", slug="part-two", series=series, series_part=2, authors=[author], tags=["Energy"]
    )


def test_a_second_visit_runs_fewer_queries_and_shows_the_same_parts(client, piece):
    first, first_page = queries_of(client, "/articles/part-two/")
    second, second_page = queries_of(client, "/articles/part-two/")

    assert second < first
    for shown in ("Neighbour on gas", "Part one", "Leyla Aliyeva"):
        assert shown in first_page
        assert shown in second_page


@pytest.mark.parametrize("n", [2, 7])
def test_kept_the_article_page_runs_only_the_queries_of_the_piece_for_2_or_7_articles(
    client, django_assert_num_queries, n
):
    build_catalogue(n)
    first = client.get("/articles/piece-1/")

    with django_assert_num_queries(1):  # the piece (and its translations); the rest of the page is kept
        second = client.get("/articles/piece-1/")

    assert len(first.context["related"]) == min(n - 1, 4)
    assert first.context["previous_part"].slug == "piece-0"
    assert main_of(second) == main_of(first)


def test_parts_cache_seconds_zero_computes_them_each_time(client, piece, settings):
    settings.PARTS_CACHE_SECONDS = 0
    first, _ = queries_of(client, "/articles/part-two/")
    second, _ = queries_of(client, "/articles/part-two/")
    assert second == first


def test_a_related_piece_taken_back_to_draft_leaves_the_page_at_once(client, piece, commit):
    assert "Neighbour on gas" in queries_of(client, "/articles/part-two/")[1]
    with commit():
        neighbour = Article.objects.get(slug="neighbour")
        neighbour.status = Article.Status.DRAFT
        neighbour.save()
    assert "Neighbour on gas" not in queries_of(client, "/articles/part-two/")[1]


def test_a_new_piece_by_the_author_and_a_new_part_of_the_series_show_at_once(client, piece, commit):
    queries_of(client, "/articles/part-two/")
    with commit():
        ArticleFactory(
            title="Part three", slug="part-three", series=piece.series, series_part=3, authors=list(piece.authors.all())
        )
    page = queries_of(client, "/articles/part-two/")[1]
    assert page.count("Part three") >= 2  # the series' next part and the author card's latest


def test_a_scheduled_related_piece_shows_at_its_time_although_the_parts_were_kept(client, piece):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        ArticleFactory(title="Tomorrow on gas", tags=["Energy"], published_at=start + timedelta(minutes=30))
        assert "Tomorrow on gas" not in queries_of(client, "/articles/part-two/")[1]
    with time_machine.travel(start + timedelta(minutes=30, seconds=1), tick=False):
        assert "Tomorrow on gas" in queries_of(client, "/articles/part-two/")[1]


def test_a_change_rolled_back_keeps_the_parts_as_they_were(client, piece):
    queries_of(client, "/articles/part-two/")
    neighbour = Article.objects.get(slug="neighbour")
    neighbour.title = "Never committed"
    neighbour.save()  # inside the test's transaction, which never commits
    assert "Neighbour on gas" in queries_of(client, "/articles/part-two/")[1]
