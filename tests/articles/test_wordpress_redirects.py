"""Old WordPress addresses answer 301 to the imported article, only where no page of ours answers (two
queries: the redirect and whether the article is public); drafts and scheduled pieces are never revealed."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.wordpress.parse import parse
from articles.wordpress.redirects import legacy_paths

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "data" / "wordpress-export.xml"
TURKEY = "/articles/turkey-is-the-new-major-power-in-the-south-caucasus/"


@pytest.fixture
def imported():
    call_command("import_wordpress", str(SAMPLE), stdout=io.StringIO())


@pytest.mark.parametrize(
    "old",
    [
        "/2020/11/12/turkey-is-the-new-major-power-in-the-south-caucasus/",
        "/2020/11/12/turkey-is-the-new-major-power-in-the-south-caucasus",  # without the slash
        "/2020/11/turkey-is-the-new-major-power-in-the-south-caucasus/",
        "/?p=101",
        "/?p=101&utm_source=newsletter",
    ],
)
def test_an_old_address_answers_301_to_the_article(client, imported, django_assert_num_queries, old):
    with django_assert_num_queries(2):
        response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, TURKEY)
    assert client.get(response["Location"]).status_code == 200


def test_a_renamed_slug_still_answers_at_its_old_permalink(client, imported):
    response = client.get("/2023/02/01/voa-azerbaijan-rusiya-ukrayna-muharibesi/")
    assert (response.status_code, response["Location"]) == (301, "/articles/voa-azerbaijan-rusiya-ukrayna-muharibesi/")


@pytest.mark.parametrize("post_id", [104, 105, 106])  # scheduled, draft, pending
def test_old_addresses_of_unpublished_posts_are_not_found(client, imported, post_id):
    response = client.get(f"/?p={post_id}")
    assert response.status_code == 200  # the home page, as for any unknown ?p=
    assert b"Tehran Eyes Drone" not in response.content
    assert client.get("/2030/06/01/tehran-eyes-drone-dominance-in-its-near-abroad/").status_code == 404


def test_an_unpublished_article_loses_its_old_addresses_until_it_is_published_again(client, imported):
    Article.objects.filter(pk=Article.objects.get(wordpress__post_id=101).pk).update(status="draft")
    assert client.get("/?p=101").status_code == 200
    assert client.get("/2020/11/turkey-is-the-new-major-power-in-the-south-caucasus/").status_code == 404


def test_unknown_addresses_stay_404_and_the_home_page_is_the_home_page(client, imported):
    assert client.get("/2020/11/no-such-post/").status_code == 404
    assert client.get("/?p=999").status_code == 200
    assert client.get("/?p=not-a-number").status_code == 200
    assert client.post("/?p=101").status_code != 301


def test_pages_that_answer_never_look_up_old_addresses(client, imported):
    with CaptureQueriesContext(connection) as queries:
        statuses = [client.get(path).status_code for path in (TURKEY, "/", "/articles/", "/?page=2")]
    assert statuses == [200, 200, 200, 200]
    assert [q["sql"] for q in queries.captured_queries if "wordpress" in q["sql"]] == []


def test_legacy_paths_lists_every_old_form_of_a_post():
    with SAMPLE.open("rb") as file:
        export = parse(file)
    by_id = {item.post_id: item for item in export.items}
    assert legacy_paths(by_id[101]) == [
        "/2020/11/12/turkey-is-the-new-major-power-in-the-south-caucasus/",
        "/?p=101",
        "/2020/11/turkey-is-the-new-major-power-in-the-south-caucasus/",
    ]
    assert legacy_paths(by_id[104]) == [
        "/?p=104",
        "/2030/06/01/tehran-eyes-drone-dominance-in-its-near-abroad/",
        "/2030/06/tehran-eyes-drone-dominance-in-its-near-abroad/",
    ]
    assert legacy_paths(by_id[103], base_path="/blog/")[1:] == [
        "/blog/?p=103",
        "/blog/2023/02/01/voa-azerbaijan-rusiya-ukrayna-müharibəsi/",
        "/blog/2023/02/voa-azerbaijan-rusiya-ukrayna-müharibəsi/",
    ]


def test_a_missing_article_costs_one_lookup_more(client, imported, django_assert_num_queries):
    with django_assert_num_queries(2):  # the article's own query, then the redirect table's
        assert client.get("/articles/no-such-piece/").status_code == 404


def test_an_imported_article_renamed_later_is_reached_from_its_old_addresses(client, imported):
    article = Article.objects.get(wordpress__post_id=101)
    article.slug = "turkey-in-the-south-caucasus"
    article.save()
    for old in ("/?p=101", "/2020/11/turkey-is-the-new-major-power-in-the-south-caucasus/", TURKEY):
        assert client.get(old)["Location"] == "/articles/turkey-in-the-south-caucasus/"


def test_a_deleted_article_takes_its_old_addresses_with_it(client, imported):
    from editorial.models import Redirect

    article = Article.objects.get(wordpress__post_id=101)
    assert Redirect.objects.leading_to(article).count() == 3
    article.delete()
    assert Redirect.objects.leading_to(article).count() == 0
    assert client.get("/2020/11/turkey-is-the-new-major-power-in-the-south-caucasus/").status_code == 404
