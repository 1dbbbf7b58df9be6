"""Old addresses keep working: a public slug that changes leaves a 301 from the old path; chains
collapse, loops cannot form, and only 404s look the table up."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from editorial.models import Redirect
from tests.factories import ArticleFactory, AuthorFactory, SeriesFactory

from .conftest import form_data

pytestmark = pytest.mark.django_db


def rename(obj, slug):
    obj.slug = slug
    obj.save()


def test_a_published_articles_old_address_answers_301_to_the_new_one(client):
    article = ArticleFactory(slug="old-slug")
    rename(article, "new-slug")

    response = client.get("/articles/old-slug/?utm=x")

    assert (response.status_code, response["Location"]) == (301, "/articles/new-slug/?utm=x")
    assert client.get("/articles/new-slug/").status_code == 200


def test_a_piece_taken_back_to_draft_is_not_revealed_by_its_old_address(client):
    article = ArticleFactory(slug="went-out")
    rename(article, "went-out-renamed")
    article.status = article.Status.DRAFT
    article.save()

    assert client.get("/articles/went-out/").status_code == 404
    article.status = article.Status.PUBLISHED
    article.save()
    assert client.get("/articles/went-out/")["Location"] == "/articles/went-out-renamed/"


def test_an_address_an_editor_types_is_followed_as_typed(editor_client, client):
    article = ArticleFactory(slug="typed-old")
    rename(article, "typed-new")
    redirect = Redirect.objects.get(old_path="/articles/typed-old/")
    url = reverse("admin:editorial_redirect_change", args=[redirect.pk])
    response = editor_client.post(url, {"old_path": "/articles/typed-old/", "new_path": "/series/"})

    assert response.status_code == 302
    assert client.get("/articles/typed-old/")["Location"] == "/series/"


def test_a_drafts_slug_change_leaves_no_redirect(client):
    article = ArticleFactory(slug="draft-slug", draft=True)
    rename(article, "draft-slug-2")

    assert Redirect.objects.count() == 0


@pytest.mark.parametrize(
    ("factory", "prefix"),
    [(AuthorFactory, "/authors/"), (SeriesFactory, "/series/")],
)
def test_authors_and_series_keep_their_old_addresses(client, factory, prefix):
    obj = factory(slug="before")
    rename(obj, "after")
    assert client.get(f"{prefix}before/")["Location"] == f"{prefix}after/"


def test_a_tags_old_address_redirects():
    tag = Tag.objects.create(name="Energy", slug="energy")
    rename(tag, "energy-security")
    assert Redirect.objects.target_of("/tags/energy/") == "/tags/energy-security/"


def test_chains_collapse_and_going_back_removes_the_loop(client):
    article = ArticleFactory(slug="a")
    rename(article, "b")
    rename(article, "c")
    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {
        "/articles/a/": "/articles/c/",
        "/articles/b/": "/articles/c/",
    }
    rename(article, "a")
    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {
        "/articles/b/": "/articles/a/",
        "/articles/c/": "/articles/a/",
    }
    assert client.get("/articles/a/").status_code == 200


def test_a_slug_changed_in_the_admin_redirects(editor_client, client):
    article = ArticleFactory(slug="admin-old")
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert editor_client.post(url, form_data(editor_client.get(url), slug="admin-new")).status_code == 302
    assert client.get("/articles/admin-old/")["Location"] == "/articles/admin-new/"


def test_editors_cannot_save_a_redirect_that_loops(editor_client):
    Redirect.objects.create(old_path="/articles/x/", new_path="/articles/y/")
    url = reverse("admin:editorial_redirect_add")
    to_itself = editor_client.post(url, {"old_path": "/articles/z/", "new_path": "/articles/z/"})
    onward = editor_client.post(url, {"old_path": "/articles/w/", "new_path": "/articles/x/"})

    assert to_itself.context["adminform"].form.errors == {"new_path": ["A redirect to itself would loop."]}
    assert onward.context["adminform"].form.errors == {
        "new_path": ["/articles/x/ itself redirects to /articles/y/: use that."]
    }


def test_a_plain_404_costs_one_query_more_and_a_page_none(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert client.get("/no-such-page/").status_code == 404
