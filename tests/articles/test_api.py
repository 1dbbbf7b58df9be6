"""The read-only JSON API: published content only, the list's filters, pages, ETags and 304, the
OpenAPI description, and the same queries whatever the number of items."""

import pytest
from django.conf import settings

from tests.factories import ArticleFactory, AuthorFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pieces():
    rustam = AuthorFactory(name="Rustam Ismayilov", slug="rustam")
    caspian = SeriesFactory(title="Caspian energy", slug="caspian")
    first = ArticleFactory(
        title="Gas through Georgia", slug="gas", authors=[rustam], tags=["Energy"], series=caspian, series_part=1
    )
    second = ArticleFactory(
        title="Oil and the Middle Corridor", slug="oil", kind_slug="op-ed", tags=["Energy", "Trade"]
    )
    return first, second


def test_articles_are_listed_newest_first_with_their_authors_series_and_tags(client, pieces):
    data = client.get("/api/v1/articles/").json()

    assert (data["count"], data["page"], data["pages"], data["next"], data["previous"]) == (2, 1, 1, None, None)
    gas = next(item for item in data["results"] if item["slug"] == "gas")
    assert gas["authors"] == [
        {"name": "Rustam Ismayilov", "slug": "rustam", "url": f"{settings.SITE_URL}/authors/rustam/", "role": "by"}
    ]
    assert gas["byline"] == "By Rustam Ismayilov"
    assert gas["series"]["slug"] == "caspian"
    assert gas["series_part"] == 1
    assert [tag["name"] for tag in gas["tags"]] == ["Energy"]
    assert gas["url"].endswith("/articles/gas/")
    assert gas["api_url"].endswith("/api/v1/articles/gas/")
    assert "body" not in gas


@pytest.mark.parametrize(
    ("query", "slugs"),
    [("type=op-ed", ["oil"]), ("tag=trade", ["oil"]), ("author=rustam", ["gas"]), ("series=caspian", ["gas"])],
)
def test_the_list_takes_the_article_lists_filters(client, pieces, query, slugs):
    assert [item["slug"] for item in client.get(f"/api/v1/articles/?{query}").json()["results"]] == slugs


@pytest.mark.parametrize(
    ("query", "status"), [("page=9", 404), ("page=x", 400), ("page_size=x", 400), ("since=soon", 400)]
)
def test_bad_pages_and_parameters_are_json_errors(client, pieces, query, status):
    response = client.get(f"/api/v1/articles/?{query}")
    assert (response.status_code, response["Content-Type"]) == (status, "application/json")
    assert response.json()["error"]


def test_pages_link_to_each_other_and_page_size_is_capped(client, pieces):
    first = client.get("/api/v1/articles/?page_size=1").json()
    second = client.get("/api/v1/articles/?page_size=1&page=2").json()
    assert first["next"].endswith("page_size=1&page=2")
    assert second["previous"].endswith("page_size=1&page=1")
    assert {first["results"][0]["slug"], second["results"][0]["slug"]} == {"gas", "oil"}
    assert client.get("/api/v1/articles/?page_size=1000").status_code == 200


def test_one_article_has_its_body(client, pieces):
    data = client.get("/api/v1/articles/gas/").json()
    assert data["title"] == "Gas through Georgia"
    assert data["body"].startswith("<p>")


def test_authors_and_series_with_their_pieces(client, pieces):
    authors = client.get("/api/v1/authors/").json()["results"]
    assert {"slug": "rustam", "count": 1} in [{"slug": a["slug"], "count": a["published_count"]} for a in authors]
    rustam = client.get("/api/v1/authors/rustam/").json()
    assert [piece["slug"] for piece in rustam["latest"]] == ["gas"]
    caspian = client.get("/api/v1/series/caspian/").json()
    assert (caspian["published_count"], [p["slug"] for p in caspian["parts"]]) == (1, ["gas"])


def test_an_etag_answers_304_and_changes_with_the_content(client, pieces):
    first = client.get("/api/v1/articles/")
    etag = first["ETag"]
    assert client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    ArticleFactory(title="A newer piece", slug="newer")
    again = client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert again["ETag"] != etag


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_only_reads(client, pieces, method):
    assert getattr(client, method)("/api/v1/articles/").status_code == 405


def test_anyone_may_read_it_from_another_site(client, pieces):
    assert client.get("/api/v1/articles/")["Access-Control-Allow-Origin"] == "*"


def test_the_openapi_description_names_every_endpoint(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    assert set(spec["paths"]) == {
        "/articles/",
        "/articles/{slug}/",
        "/authors/",
        "/authors/{slug}/",
        "/series/",
        "/series/{slug}/",
    }
    for path, item in spec["paths"].items():
        for response in item["get"]["responses"].values():
            for media in response.get("content", {}).values():
                ref = media["schema"].get("$ref") or media["schema"].get("properties", {}).get("results", {}).get(
                    "items", {}
                ).get("$ref")
                if ref:
                    assert ref.rsplit("/", 1)[1] in spec["components"]["schemas"], (path, ref)


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize("url", ["/api/v1/articles/", "/api/v1/authors/", "/api/v1/series/", "/api/v1/series/caspian/"])
def test_each_endpoint_runs_the_same_queries_for_1_or_3_items(client, django_assert_num_queries, n, url):
    caspian = SeriesFactory(slug="caspian")
    for i in range(n):
        ArticleFactory(
            series=caspian, series_part=i + 1, authors=[AuthorFactory(), AuthorFactory()], tags=[f"t{i}", "x"]
        )
    # The lists of pieces add one query for the published translations of the page's pieces.
    queries = {"/api/v1/articles/": 5, "/api/v1/authors/": 2, "/api/v1/series/": 2, "/api/v1/series/caspian/": 5}[url]
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
