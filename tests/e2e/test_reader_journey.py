"""A reader in a real browser: home → article → its author → a tag."""

import pytest
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, ArticleType, Author, Authorship

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def published_piece():
    author = Author.objects.create(
        name="Fuad Shahbazov",
        slug="fuad-shahbazov",
        short_bio="Fuad Shahbazov is a policy analyst covering regional security issues in the South Caucasus.",
        bio="<p>Fuad Shahbazov is a policy analyst covering regional security issues in the South Caucasus.</p>",
        twitter="fuadshahbazov",
    )
    article = Article.objects.create(
        title="Turkey’s rise and Iran’s decline in the South Caucasus",
        slug="turkeys-rise-and-irans-decline-in-the-south-caucasus",
        kind=ArticleType.objects.get(slug="analysis"),
        summary="Following the deadliest large-scale violence between Azerbaijan and Armenia…",
        body="<p>The Turkish-Russian confrontation in the South Caucasus can be seen as a logical continuation.</p>",
        photo_caption="Azeri Artillery shelling Armenian positions",
        photo_credit="BBC",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timezone.timedelta(days=1),
    )
    Authorship.objects.create(article=article, author=author, position=0)
    article.tags.add(Tag.objects.create(name="Turkey", slug="turkey"))
    Article.objects.create(
        title="An unfinished draft", slug="an-unfinished-draft", kind=article.kind, status=Article.Status.DRAFT
    )
    return article


def test_reader_goes_from_home_to_an_article_its_author_and_a_tag(live_server, page, published_piece):
    page.goto(live_server.url + "/")
    assert "An unfinished draft" not in page.content()

    page.get_by_role("link", name=published_piece.title).first.click()
    page.wait_for_url(f"**{published_piece.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == published_piece.title
    # Its caption and credit belong to a photo it does not have: neither is shown.
    assert "Azeri Artillery shelling Armenian positions" not in page.inner_text("main")
    assert "BBC" not in page.inner_text("main")

    page.locator("main").get_by_role("link", name="Fuad Shahbazov").first.click()
    page.wait_for_url("**/authors/fuad-shahbazov/")
    assert page.get_by_role("heading", level=1).inner_text() == "Fuad Shahbazov"
    assert "policy analyst covering regional security issues" in page.inner_text("main")
    assert page.locator("main").get_by_role("link", name=published_piece.title).count() == 1

    page.go_back()
    page.locator("main").get_by_role("link", name="Turkey", exact=True).first.click()
    page.wait_for_url("**/tags/turkey/")
    assert "Turkey" in page.get_by_role("heading", level=1).inner_text()
    assert page.locator("main").get_by_role("link", name=published_piece.title).count() == 1


def test_phone_sized_screen_has_no_horizontal_scroll_on_the_article_page(live_server, browser, published_piece):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + published_piece.get_absolute_url())
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow == 0
