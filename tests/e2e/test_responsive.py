"""Each page type on a phone (375 px) and a desktop (1280 px): no horizontal scrolling, readable
type and line length, the same header and footer, dates in <time>; screenshots saved as artefacts. Then print, the
weight of an article page, nothing loaded from elsewhere, and the site without JavaScript.

Screenshots: test-artifacts/screenshots/<page type>-<width>.png; printed pages:
test-artifacts/print/<page type>.pdf; the article page's weight: test-artifacts/page-weight.json.
"""

import json
from urllib.parse import urlsplit

import pytest

from .helpers import (
    DESKTOP,
    PHONE,
    ROOT,
    Weigher,
    dates_outside_time,
    horizontal_overflow,
    open_page,
    screenshot,
    text_metrics,
)

pytestmark = pytest.mark.django_db(transaction=True)

SEED_SERIES = "iran-azerbaijan-border-conflict"
LONG_SEED_ARTICLE = "rising-tensions-between-azerbaijan-and-west"  # 7,500 characters of text, no photo
NAVIGATION = ["Articles", "Series", "Authors", "Conference"]
# A first visit to an article page (empty cache), as transferred: HTML, CSS, scripts and fonts, images
# apart. Measured: about 30 KB without the fonts; the fonts it uses (serif regular and semibold, sans
# regular and semibold, their Latin files; italic too where the text has some) about 90 KB, at
# most 120 KB with italic: budget 160 KB in all, 120 KB of it for fonts.
PAGE_WEIGHT_BUDGET = 160 * 1024
FONT_WEIGHT_BUDGET = 120 * 1024
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture
def page_types(seeded_site, open_call, article_with_photo, published_proceedings):
    """One page of each type, with the selector of its running text (for type size and line length)."""
    return {
        "home": ("/", ".lead__standfirst"),
        "articles": ("/articles/", ".card__summary"),
        "article": (article_with_photo.get_absolute_url(), ".article__body p"),
        "author": ("/authors/fuad-shahbazov/", ".profile__bio p"),
        "series": (f"/series/{SEED_SERIES}/", ".page-head__description p"),
        "tag": ("/tags/turkey/", ".card__summary"),
        "search": ("/search/?q=Karabakh", ".card__summary"),
        "call-for-papers": (open_call.get_absolute_url(), ".prose p"),
        "abstract-form": (open_call.get_absolute_url() + "submit/", ".conf-deadline-note"),
        "proceedings": (published_proceedings.get_absolute_url() + "proceedings/", ".conf-paper__text p"),
    }


def test_every_page_type_fits_a_phone_and_a_desktop_with_readable_text(browser, seeded_site, page_types):
    problems = []
    for viewport in (PHONE, DESKTOP):
        page = open_page(browser, viewport)
        weigher = Weigher(page)
        for page_type, (path, text_selector) in page_types.items():
            where = f"{page_type} at {viewport['width']} px"
            assert page.goto(seeded_site(path)).status == 200, where
            screenshot(page, f"{page_type}-{viewport['width']}")
            if (overflow := horizontal_overflow(page)) != 0:
                problems.append(f"{where}: {overflow} px of horizontal scrolling")
            metrics = text_metrics(page, text_selector)
            if metrics is None:
                problems.append(f"{where}: no running text matches {text_selector}")
            elif metrics["fontSize"] < 16:
                problems.append(f"{where}: running text is {metrics['fontSize']} px")
            elif metrics["characters"] > 85 or (page_type == "article" and metrics["characters"] < 35):
                problems.append(f"{where}: lines of about {metrics['characters']} characters")
            header_links = page.locator("header.site-header nav").get_by_role("link").all_inner_texts()
            footer_links = page.locator("footer.site-footer nav").get_by_role("link").all_inner_texts()
            if header_links[: len(NAVIGATION)] != NAVIGATION or footer_links[: len(NAVIGATION)] != NAVIGATION:
                problems.append(f"{where}: navigation {header_links} / {footer_links}")
            if page.locator("header.site-header").get_by_role("search").count() != 1:
                problems.append(f"{where}: no search in the header")
            if viewport is DESKTOP and (undated := dates_outside_time(page)):
                problems.append(f"{where}: dates outside <time>: {undated}")
        page.context.close()
        assert weigher.hosts == {urlsplit(seeded_site.url).netloc}
    assert problems == []


def test_articles_and_the_proceedings_print_as_documents(page, seeded_site, article_with_photo, published_proceedings):
    (ARTIFACTS / "print").mkdir(parents=True, exist_ok=True)
    page.emulate_media(media="print")

    page.goto(seeded_site(article_with_photo.get_absolute_url()))
    hidden = ["header.site-header nav", "header.site-header [role=search]", "footer.site-footer nav", ".skip-link"]
    assert [selector for selector in hidden if page.locator(selector).first.is_visible()] == []
    assert page.locator(".article__figure figcaption").is_visible()
    assert page.locator(".article__body p").first.evaluate("p => getComputedStyle(p).fontSize") == "14.6667px"  # 11pt
    page.pdf(path=str(ARTIFACTS / "print" / "article.pdf"), format="A4")

    page.goto(seeded_site(published_proceedings.get_absolute_url() + "proceedings/"))
    assert [selector for selector in hidden if page.locator(selector).first.is_visible()] == []
    assert not page.get_by_role("button", name="Print or save as PDF").is_visible()
    assert page.locator(".conf-paper").count() == 3
    page.pdf(path=str(ARTIFACTS / "print" / "proceedings.pdf"), format="A4")


def weigh(browser, url):
    """Load ``url`` in a fresh browser (empty cache) and return (total bytes, bytes by type, hosts)."""
    page = open_page(browser)
    weigher = Weigher(page)
    page.goto(url, wait_until="networkidle")
    total, by_type = weigher.total()
    hosts = weigher.hosts
    page.context.close()
    return total, by_type, hosts


def test_an_article_page_is_light_and_loads_nothing_from_elsewhere(browser, seeded_site, article_with_photo):
    text_only = weigh(browser, seeded_site(f"/articles/{LONG_SEED_ARTICLE}/"))
    with_photo = weigh(browser, seeded_site(article_with_photo.get_absolute_url()))
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-weight.json").write_text(
        json.dumps(
            {
                "article (seed, no photo)": {"bytes": text_only[0], "by type": text_only[1]},
                "article with a 1200 px photo": {"bytes": with_photo[0], "by type": with_photo[1]},
            },
            indent=2,
        )
    )
    site = urlsplit(seeded_site.url).netloc
    assert text_only[2] == with_photo[2] == {site}
    assert text_only[0] < PAGE_WEIGHT_BUDGET
    assert with_photo[0] - with_photo[1].get("image", 0) < PAGE_WEIGHT_BUDGET
    assert 0 < text_only[1].get("font", 0) < FONT_WEIGHT_BUDGET  # our own fonts, within their share
    assert "script" not in text_only[1]  # a reader's page runs no script


def test_readers_pages_work_without_javascript(browser, seeded_site):
    page = open_page(browser, PHONE, java_script_enabled=False)
    page.goto(seeded_site("/"))
    page.locator("header.site-header").get_by_role("searchbox").fill("Karabakh")
    page.locator("header.site-header").get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=Karabakh")
    assert page.locator(".search-results > li").count() > 0
    first = page.locator(".search-results").get_by_role("link").first
    title = first.inner_text()
    first.click()
    assert page.get_by_role("heading", level=1).inner_text() == title
    page.context.close()
