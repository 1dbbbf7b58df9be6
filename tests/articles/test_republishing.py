"""A piece first published elsewhere: an excerpt ends with “Read the full article at <outlet>”, linked to
the original where its address is known; a page republishing the whole piece names the original as
its canonical address."""

from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError

from tests.factories import ArticleFactory, OutletFactory

pytestmark = pytest.mark.django_db

ORIGINAL = "https://jamestown.org/program/peace-treaty/"


class _Article(HTMLParser):
    """The canonical and og:url addresses, and the last block after the article's body."""

    def __init__(self):
        super().__init__()
        self.canonical, self.og_url, self.read_full, self._in, self.after_body = None, None, [], False, []
        self._body_depth, self._depth = None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        if tag == "meta" and attrs.get("property") == "og:url":
            self.og_url = attrs["content"]
        if "read-full" in classes:
            self._in = True
            self.read_full.append({"text": "", "links": []})
        elif self._in and tag == "a":
            self.read_full[-1]["links"].append(attrs.get("href"))
        if "article__body" in classes:
            self._body_depth = self._depth
        elif self._body_depth is not None and self._depth == self._body_depth and tag in ("p", "footer"):
            self.after_body.append(classes[0] if classes else tag)
        if tag not in ("link", "meta", "img", "br", "input", "source"):
            self._depth += 1

    def handle_endtag(self, tag):
        if tag == "p":
            self._in = False
        self._depth -= 1

    def handle_data(self, data):
        if self._in:
            self.read_full[-1]["text"] += data


def parsed(client, url="/articles/peace-treaty/"):
    response = client.get(url)
    assert response.status_code == 200
    parser = _Article()
    parser.feed(response.content.decode())
    return parser


def republished(**fields):
    return ArticleFactory(
        title="Azerbaijan and Armenia Edge Toward a Peace Treaty",
        slug="peace-treaty",
        outlet=OutletFactory(name="Eurasia Daily Monitor"),
        **fields,
    )


def test_an_excerpt_ends_with_a_link_to_the_full_article(client):
    republished(original_url=ORIGINAL)
    page = parsed(client)
    assert page.read_full == [{"text": "Read the full article at Eurasia Daily Monitor.", "links": [ORIGINAL]}]
    assert page.after_body[0] == "read-full"  # right after the text, before the footer
    assert page.canonical == "http://testserver/articles/peace-treaty/"


def test_an_excerpt_whose_original_address_is_unknown_names_the_outlet_without_a_link(client):
    republished()
    assert parsed(client).read_full == [{"text": "Read the full article at Eurasia Daily Monitor.", "links": []}]


def test_a_page_republishing_the_whole_piece_names_the_original_as_canonical(client):
    republished(original_url=ORIGINAL, republished_whole=True)
    page = parsed(client)
    assert (page.canonical, page.og_url) == (ORIGINAL, ORIGINAL)
    assert page.read_full == []  # nothing more to read elsewhere


def test_the_whole_piece_without_the_original_address_keeps_its_own_canonical(client):
    republished(republished_whole=True)
    page = parsed(client)
    assert (page.canonical, page.read_full) == ("http://testserver/articles/peace-treaty/", [])


def test_a_piece_first_published_here_has_neither(client):
    ArticleFactory(slug="peace-treaty")
    page = parsed(client)
    assert (page.canonical, page.read_full) == ("http://testserver/articles/peace-treaty/", [])


def test_republishing_the_whole_piece_needs_its_outlet():
    article = ArticleFactory.build(republished_whole=True, kind=ArticleFactory().kind)
    with pytest.raises(ValidationError) as raised:
        article.clean()
    assert raised.value.message_dict == {"outlet": ["Choose the outlet that first published the piece."]}
