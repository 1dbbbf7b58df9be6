"""A reader in a real browser reads a piece to its end, meets its author's card and follows "More by";
the authors page lists people before the Center. Screenshots at 375 and 1280 px; axe on each page."""

import pytest
from django.core.files.base import ContentFile

from articles.models import Article, Author

from .helpers import DESKTOP, PHONE, axe_violations, horizontal_overflow, open_page, photo_jpeg, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

SEED_ARTICLE = "turkeys-rise-and-irans-decline-in-the-south-caucasus"  # by Fuad Shahbazov
SEED_CENTER_ARTICLE = "rising-tensions-between-azerbaijan-and-west"  # the Center's own piece (seed 001)


@pytest.fixture
def fuad_with_portrait(seeded_site):
    fuad = Author.objects.get(slug="fuad-shahbazov")
    fuad.photo = ContentFile(photo_jpeg(600, 600), name="fuad.jpg")  # stored as an upload is: with renditions
    fuad.save()
    return fuad


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_a_reader_reads_to_the_author_card_and_follows_more_by(browser, seeded_site, fuad_with_portrait, viewport):
    page = open_page(browser, viewport=viewport)
    try:
        page.goto(seeded_site(f"/articles/{SEED_ARTICLE}/"))
        assert page.locator(".byline").first.inner_text().startswith("By Fuad Shahbazov")

        card = page.locator(".author-card")
        assert card.count() == 1
        card.scroll_into_view_if_needed()
        assert card.is_visible()
        assert page.get_by_role("heading", name="About the author").is_visible()
        portrait = card.locator("img.author-card__portrait")
        portrait.scroll_into_view_if_needed()
        portrait.evaluate("img => img.decode()")  # the rendition has loaded
        assert portrait.evaluate("img => img.naturalWidth") > 0
        box = portrait.bounding_box()
        assert round(box["width"]) == round(box["height"]) == 80  # 5rem, round, never stretched
        assert card.get_by_role("heading", name="Fuad Shahbazov", exact=True).is_visible()
        assert card.locator(".author-card__role").inner_text() == "Policy analyst"
        assert card.locator(".author-card__bio").inner_text().startswith("Fuad Shahbazov is a policy analyst")
        assert card.get_by_role("link", name="@fuadshahbazov on X (Twitter)").is_visible()

        more = card.locator(".author-card__more-list a")
        assert more.count() == 3
        titles = more.all_inner_texts()
        expected = list(
            Article.objects.published()
            .filter(authorships__author=fuad_with_portrait)
            .exclude(slug=SEED_ARTICLE)
            .newest_first()
            .values_list("title", flat=True)[:3]
        )
        assert titles == expected
        # Every link a phone's thumb presses is at least 44 px tall.
        heights = card.locator(".author-card__links a, .author-card__more-list a").evaluate_all(
            "links => links.map(a => a.getBoundingClientRect().height)"
        )
        assert min(heights) >= 44, heights
        assert horizontal_overflow(page) == 0
        assert axe_violations(page) == []
        screenshot(page, f"article-author-card-{viewport['width']}")

        more.first.click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).inner_text() == expected[0]
        assert page.locator(".author-card").count() == 1  # the next piece ends with the same card
    finally:
        page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_the_authors_page_lists_people_first_and_the_center_last(browser, seeded_site, fuad_with_portrait, viewport):
    page = open_page(browser, viewport=viewport)
    try:
        page.goto(seeded_site("/authors/"))
        names = page.locator(".author-item__name").all_inner_texts()
        assert names == ["Fuad Shahbazov", "CCSIS Staff", "The Caucasus Center for Strategic and International Studies"]
        assert page.locator(".author-item").first.locator("img.author-item__photo").count() == 1
        assert page.locator(".author-item__photo--initials").all_inner_texts() == ["CS", "CCSIS"]
        assert page.locator(".author-item__expertise").first.inner_text() == (
            "Expertise: Regional security issues in the South Caucasus"
        )
        assert horizontal_overflow(page) == 0
        assert axe_violations(page) == []
        screenshot(page, f"authors-{viewport['width']}")

        page.get_by_role("link", name="Fuad Shahbazov").click()
        page.wait_for_url("**/authors/fuad-shahbazov/")
        assert page.locator(".profile__expertise").inner_text() == (
            "Expertise: Regional security issues in the South Caucasus"
        )
        assert page.get_by_role("heading", name="Latest work by Fuad Shahbazov").is_visible()
        assert axe_violations(page) == []
        screenshot(page, f"author-with-portrait-{viewport['width']}")
    finally:
        page.context.close()


def test_the_centers_own_piece_carries_its_byline_and_card(browser, seeded_site):
    page = open_page(browser, viewport=PHONE)
    try:
        page.goto(seeded_site(f"/articles/{SEED_CENTER_ARTICLE}/"))
        byline = page.locator(".byline").first
        assert byline.inner_text().startswith("By The Caucasus Center for Strategic and International Studies")
        card = page.locator(".author-card")
        assert card.locator(".author-card__portrait--initials").inner_text() == "CCSIS"  # no empty frame
        assert card.locator(".author-card__more-list a").count() == 3
        assert axe_violations(page) == []
        screenshot(page, "article-by-the-center-375")

        page.goto(seeded_site("/authors/ccsis/"))
        assert page.get_by_role("heading", level=1).inner_text() == (
            "The Caucasus Center for Strategic and International Studies"
        )
        assert axe_violations(page) == []
        screenshot(page, "author-the-center-375")
    finally:
        page.context.close()
