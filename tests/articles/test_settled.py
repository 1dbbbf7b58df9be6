"""A list's counts kept in two sides (articles/settled.py): after every kind of change, the list's
facets and total are those a whole count gives, and only a change that can alter the settled side's
counts ends the generation (so that publishing a piece does not make the next visit count every
piece again)."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from articles import settled
from articles.models import Article, Author, Authorship
from caucasuscenter.shared import pagecache
from tests.articles.test_views import build_catalogue
from tests.editorial.conftest import form_data, make_editor
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

# The unfiltered lists, counted in two sides, and a filtered one, counted whole.
LISTS = ["/articles/", "/authors/main-author/", "/tags/azerbaijan/", "/outlets/main-outlet/"]
LISTS += ["/articles/?type=analysis"]


@pytest.fixture(autouse=True)
def counts_kept(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 0
    settings.PARTS_CACHE_SECONDS = 0  # the view renders each time: its context holds the counts
    settings.FACET_CACHE_SECONDS = 600
    settings.SETTLED_COUNTS_SECONDS = 600
    monkeypatch.setattr(settled, "RECENT", 0)  # every piece there is when a generation begins is settled


def shown(client, path):
    """``(total, {facet: [(value, label, count), …]})`` as the list shows them."""
    response = client.get(path)
    assert response.status_code == 200, path
    facets = response.context["filter"].facets
    return response.context["paginator"].count, {
        f.name: [(c.value, c.label, c.count) for c in f.choices] for f in facets
    }


def counted_whole(client, settings, path):
    """The same, with nothing kept: every piece counted afresh."""
    settings.FACET_CACHE_SECONDS, settings.SETTLED_COUNTS_SECONDS = 0, 0
    try:
        return shown(client, path)
    finally:
        settings.FACET_CACHE_SECONDS, settings.SETTLED_COUNTS_SECONDS = 600, 600


def generation():
    state = cache.get(settled.STATE_KEY)
    return None if state is None else state[0]


@pytest.fixture
def catalogue(client, commit):
    with commit():
        build_catalogue(4)
    for path in LISTS:
        shown(client, path)  # a generation begins; every piece is settled
    assert generation() is not None


def settled_piece():
    return Article.objects.get(slug="piece-2")


def publish_a_new_piece(title="Fresh"):
    ArticleFactory(title=title, tags=["Azerbaijan", "Fresh topic"], authors=[Author.objects.get(slug="main-author")])


def retag_a_settled_piece():
    piece = settled_piece()
    piece.tags.set(["Azerbaijan", "Retagged topic"])
    piece.save()


def tag_a_settled_piece_without_saving_it():
    settled_piece().tags.add("Added without a save")  # bulk_create: only m2m_changed says so


def add_a_byline_to_a_settled_piece():
    Authorship.objects.create(article=settled_piece(), author=AuthorFactory(name="Late Coauthor"), position=9)


def translate_a_settled_piece():
    ArticleFactory(
        title="Перевод", language="ru", translation_of=settled_piece(), tags=["Azerbaijan"], authors=[AuthorFactory()]
    )


def take_a_settled_piece_back_to_draft():
    piece = settled_piece()
    piece.status = Article.Status.DRAFT
    piece.published_at = None
    piece.save()


def delete_a_settled_piece():
    settled_piece().delete()


def rename_a_topic():
    tag = Tag.objects.get(slug="azerbaijan")
    tag.name = "Azərbaycan"
    tag.save()


def rename_an_author():
    author = Author.objects.get(slug="main-author")
    author.name = "Renamed Main Author"
    author.save()


def update_without_a_signal():
    Article.objects.filter(pk=settled_piece().pk).update(kind=Article.objects.get(slug="piece-0").kind)
    pagecache.invalidate()  # as a writer who knows nothing more says


CHANGES = {
    "a new piece published": (publish_a_new_piece, False),
    "a settled piece retagged": (retag_a_settled_piece, True),
    "a topic added to a settled piece, unsaved": (tag_a_settled_piece_without_saving_it, True),
    "a byline added to a settled piece": (add_a_byline_to_a_settled_piece, True),
    "a settled piece translated": (translate_a_settled_piece, True),
    "a settled piece back to draft": (take_a_settled_piece_back_to_draft, True),
    "a settled piece deleted": (delete_a_settled_piece, True),
    "a topic renamed": (rename_a_topic, True),
    "an author renamed": (rename_an_author, True),
    "a write that names no piece": (update_without_a_signal, True),
}


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("path", LISTS)
def test_after_every_kind_of_change_the_counts_are_those_of_a_whole_count(
    client, settings, commit, catalogue, change, path
):
    make, ends_the_generation = CHANGES[change]
    before = generation()
    with commit():
        make()

    assert (generation() != before) == ends_the_generation
    assert shown(client, path) == counted_whole(client, settings, path)
    assert shown(client, path) == counted_whole(client, settings, path)  # and from the cache


def test_a_publication_is_counted_without_counting_the_settled_pieces_again(client, settings, commit, catalogue):
    with commit():
        publish_a_new_piece()
    with CaptureQueriesContext(connection) as after_publication:
        total, facets = shown(client, "/articles/")

    facet_queries = [q for q in after_publication.captured_queries if q["sql"].startswith("WITH")]
    assert len(facet_queries) == 1  # the recent side only: the settled side's counts were kept
    assert (total, facets) == counted_whole(client, settings, "/articles/")
    assert total == 5


def test_editing_a_recent_piece_on_its_change_page_keeps_the_generation(client, commit, catalogue, rf, settings):
    with commit():
        publish_a_new_piece()
    before = generation()
    fresh = Article.objects.get(title="Fresh")
    request = rf.post(f"/admin/articles/article/{fresh.pk}/change/")
    request.resolver_match = type("Match", (), {"view_name": "admin:articles_article_change"})()
    with commit():
        fresh.title = "Fresh, edited"
        fresh.save()
        pagecache.invalidate(staff_request=request)  # as the middleware does after the POST

    assert generation() == before
    assert shown(client, "/articles/") == counted_whole(client, settings, "/articles/")


@pytest.mark.parametrize("view_name", ["admin:articles_article_changelist", "admin:taggit_tag_change", None])
def test_any_other_staff_post_ends_the_generation(commit, catalogue, rf, view_name):
    before = generation()
    request = rf.post("/admin/")
    request.resolver_match = None if view_name is None else type("Match", (), {"view_name": view_name})()
    with commit():
        pagecache.invalidate(staff_request=request)
    assert generation() != before


def test_an_admin_action_taking_a_settled_piece_back_to_draft_is_counted_at_once(
    admin_client, client, settings, commit, catalogue
):
    with commit():
        response = admin_client.post(
            "/admin/articles/article/", {"action": "unpublish", "_selected_action": [settled_piece().pk]}
        )
    assert response.status_code == 302
    total, facets = shown(client, "/articles/")
    assert (total, facets) == counted_whole(client, settings, "/articles/")
    assert total == 3


def test_a_settled_scheduled_piece_going_live_ends_the_generation(client, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        build_catalogue(2)
        ArticleFactory(title="Later", tags=["Azerbaijan"], published_at=start + timedelta(minutes=30))
        total_before, _ = shown(client, "/articles/")
        assert generation() is not None
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        total, facets = shown(client, "/articles/")
        assert total == total_before + 1
        assert (total, facets) == counted_whole(client, settings, "/articles/")


def test_too_many_recent_pieces_are_settled_by_the_next_visit(client, settings, commit, catalogue, monkeypatch):
    monkeypatch.setattr(settled, "RECENT_MAX", 1)
    with commit():
        publish_a_new_piece()
    with commit():
        shown(client, "/articles/")
    assert generation() is not None  # one recent piece: kept
    with commit():
        publish_a_new_piece("Fresher")
    with commit():
        shown(client, "/articles/")
    assert generation() is None  # two: the next visit begins a generation that settles them
    assert shown(client, "/articles/") == counted_whole(client, settings, "/articles/")


def test_with_the_cache_down_the_counts_are_counted_whole(client, settings, catalogue):
    expected = counted_whole(client, settings, "/articles/")
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    assert settled.current() is None
    assert shown(client, "/articles/") == expected


@pytest.fixture
def editor(client, db):
    editor_client = Client()
    editor_client.force_login(make_editor("settled-editor"))
    return editor_client


def save_on_its_change_page(editor, piece, title, topic):
    """The piece saved from its change page with a new ``title`` and one more topic (the tags
    inline's empty row), as an editor's browser sends it."""
    page = editor.get(f"/admin/articles/article/{piece.pk}/change/")
    assert page.status_code == 200
    data = form_data(page, title=title)
    empty_topic = next(name for name, value in data.items() if name.endswith("-tag") and value == "")
    data[empty_topic] = str(topic.pk)
    response = editor.post(f"/admin/articles/article/{piece.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response


@pytest.mark.parametrize(("slug", "ends_the_generation"), [("fresh", False), ("piece-2", True)])
def test_an_editor_saving_a_piece_on_its_change_page(
    client, settings, commit, catalogue, editor, slug, ends_the_generation
):
    with commit():
        publish_a_new_piece()
    shown(client, "/articles/")
    before = generation()
    with commit():
        topic = Tag.objects.create(name="Desk topic", slug="desk-topic")
        save_on_its_change_page(editor, Article.objects.get(slug=slug), "Saved by an editor", topic)

    assert (generation() != before) == ends_the_generation
    total, facets = shown(client, "/articles/")
    assert (total, facets) == counted_whole(client, settings, "/articles/")
    assert ("desk-topic", "Desk topic", 1) in facets["tag"]
