"""A reader in a real browser opens a piece, finds it "Also in" Azerbaijani and Russian, follows the
Azerbaijani link and reads that version, marked ``lang="az"``. axe on both pages; screenshot
test-artifacts/screenshots/also-in.png (the one in docs/screenshots/ is a copy of it)."""

import pytest

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory

from .helpers import PHONE, axe_violations, horizontal_overflow, open_page, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def translated_piece(live_server):
    """An English analysis with its Azerbaijani and Russian translations, and a Turkish one in draft."""
    author = AuthorFactory(name="Leyla Mammadova", slug="leyla-mammadova")
    original = ArticleFactory(
        slug="caspian-gas-and-europe",
        title="Caspian gas and Europe's winter",
        summary="Why a pipeline's second string matters more this year than last.",
        body="<p>Europe's buyers look east again.</p><p>The Southern Gas Corridor carries more each year.</p>",
        authors=[author],
        tags=["Energy"],
    )
    for language, slug, title, body in [
        (
            "az",
            "xezer-qazi-ve-avropanin-qisi",
            "Xəzər qazı və Avropanın qışı",
            "<p>Avropa alıcıları yenə şərqə baxır.</p>",
        ),
        (
            "ru",
            "kaspiyskiy-gaz-i-zima-evropy",
            "Каспийский газ и зима Европы",
            "<p>Европа снова смотрит на восток.</p>",
        ),
    ]:
        ArticleFactory(
            slug=slug, title=title, language=language, translation_of=original, body=body, summary="", authors=[author]
        )
    ArticleFactory(slug="hazar-gazi", title="Hazar gazı", language="tr", translation_of=original, draft=True)
    return original


def test_a_reader_follows_also_in_to_the_azerbaijani_version(page, live_server, translated_piece):
    page.goto(f"{live_server.url}/articles/caspian-gas-and-europe/")

    also_in = page.locator(".also-in")
    assert also_in.inner_text() == "Also in: Azərbaycanca · Русский"
    assert also_in.is_visible()
    assert axe_violations(page) == []
    screenshot(page, "also-in")

    also_in.get_by_role("link", name="Azərbaycanca").click()  # the piece's; the footer's switches the interface
    page.wait_for_url(f"{live_server.url}/articles/xezer-qazi-ve-avropanin-qisi/")

    assert page.locator("article.article").get_attribute("lang") == "az"
    assert page.get_by_role("heading", level=1).inner_text() == "Xəzər qazı və Avropanın qışı"
    assert page.locator(".also-in").inner_text() == "Also in: English · Русский"
    assert page.locator(".also-in").get_attribute("lang") == "en-GB"  # the site's words stay English
    assert page.locator('link[rel="alternate"][hreflang]').evaluate_all("links => links.map(l => l.hreflang)") == [
        "en",
        "az",
        "ru",
        "x-default",
    ]
    assert axe_violations(page) == []
    assert Article.objects.get(slug="hazar-gazi").status == Article.Status.DRAFT
    assert page.locator("main").get_by_text("Türkçe").count() == 0  # the draft translation is nowhere (the
    # footer's language switch names Türkçe for the interface, not for this piece)
    assert page.locator('link[hreflang="tr"]').count() == 0


def test_on_a_phone_the_other_languages_are_44_px_touch_targets(browser, live_server, translated_piece):
    page = open_page(browser, viewport=PHONE)
    try:
        page.goto(f"{live_server.url}/articles/caspian-gas-and-europe/")

        heights = page.locator(".also-in a").evaluate_all("links => links.map(a => a.getBoundingClientRect().height)")
        assert len(heights) == 2
        assert min(heights) >= 44
        assert horizontal_overflow(page) == 0
        assert axe_violations(page) == []
    finally:
        page.context.close()
