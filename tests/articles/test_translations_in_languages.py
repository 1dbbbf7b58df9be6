"""A translation group's card on the list pages in each interface language: the reader's language's
member where the group has a published one, the original otherwise, each card linking to its piece
under the page's own language prefix (tests/articles/test_translations.py tests the filter itself)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


@pytest.fixture
def group():
    """An English original with a published Azerbaijani translation and no Russian one."""
    original = ArticleFactory(slug="gas", title="Gas and the Caspian", published_at=ago(days=3))
    ArticleFactory(slug="qaz", title="Qaz və Xəzər", language="az", translation_of=original, published_at=ago(days=2))
    ArticleFactory(slug="alone", title="Borders at night", published_at=ago(hours=1))
    return original


def card_links(html):
    """The hrefs of the cards' titles, in order (the card's heading links to its piece)."""
    return re.findall(r'<h[23] class="card__title"[^>]*>\s*<a href="([^"]+)"', html)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/articles/", ["/articles/alone/", "/articles/gas/"]),  # English: the original
        ("/az/articles/", ["/az/articles/alone/", "/az/articles/qaz/"]),  # its Azerbaijani member
        ("/ru/articles/", ["/ru/articles/alone/", "/ru/articles/gas/"]),  # no Russian member: the original
        ("/tr/articles/", ["/tr/articles/alone/", "/tr/articles/gas/"]),
    ],
)
def test_the_list_shows_each_group_once_in_the_pages_language_when_it_has_a_member_in_it(client, group, path, expected):
    response = client.get(path)

    assert response.status_code == 200
    assert [a.get_absolute_url() for a in response.context["article_list"]] == expected
    assert card_links(response.content.decode()) == expected
    assert response.context["paginator"].count == 2


def test_each_language_links_its_cards_under_its_own_prefix_whatever_was_asked_before(client, group):
    """The links are made once per view and language (caucasuscenter/shared/links.py): a page in one
    language never lends its prefix to the next page asked for in another."""
    pages = ["/az/articles/", "/articles/", "/ru/articles/", "/az/articles/", "/articles/"]
    prefixes = {"/az/articles/": "/az/", "/ru/articles/": "/ru/", "/articles/": "/articles/"}

    for path in pages:
        links = card_links(client.get(path).content.decode())
        assert links, path
        assert [link for link in links if not link.startswith(prefixes[path])] == [], path


@pytest.mark.parametrize(("prefix", "card"), [("", "gas"), ("/az", "qaz"), ("/ru", "gas")])
def test_the_home_page_shows_the_group_in_its_language(client, group, prefix, card):
    html = client.get(f"{prefix}/").content.decode()

    other = "qaz" if card == "gas" else "gas"
    assert f'href="{prefix}/articles/{card}/"' in html
    assert f"/articles/{other}/" not in html


def test_the_also_in_line_links_each_translation_under_the_pages_prefix(client, group):
    html = client.get("/ru/articles/gas/").content.decode()

    line = re.search(r'<p class="also-in"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert line.startswith("На других языках:")
    assert 'href="/ru/articles/qaz/" lang="az" hreflang="az"' in line
    assert client.get("/ru/articles/qaz/").status_code == 200
