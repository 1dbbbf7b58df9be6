"""The front page in a real browser: an editor sets the lead and the features in the admin and a reader
sees them; on a phone the lead's headline starts within the first 700 px; no caption or credit is
shown without its photo; screenshots at 375 and 1280 px; no accessibility violation.

Screenshots: test-artifacts/screenshots/home-curated-375.png and home-curated-1280.png (the seed's
home page, as the newest pieces arrange it: home-375.png and home-1280.png, from test_responsive.py).
"""

import pytest

from articles.models import Article

from .helpers import DESKTOP, PHONE, axe_violations, captions_without_their_image, open_page, screenshot, top_of

pytestmark = pytest.mark.django_db(transaction=True)

LEAD = "Turkey’s rise and Iran’s decline in the South Caucasus"  # given a photo by article_with_photo
FEATURES = ["Beijing’s Long Road to the Gulf Region", "The Second Karabakh War and Caspian Energy"]
LEAD_WITHIN = 700  # px from the top of the page, at 375 px wide


def choose(page, select_id, text):
    """Pick ``text`` in one of the admin's autocomplete boxes (select2), by typing as an editor does."""
    page.locator(f"#{select_id} + .select2 [role=combobox]").click()
    page.locator(".select2-container--open .select2-search__field").fill(text[:20])
    page.locator(".select2-results__option", has_text=text).first.click()


def test_an_editor_sets_the_lead_and_the_features_and_a_reader_sees_them(
    browser, seeded_site, editor_page, article_with_photo
):
    page = editor_page
    page.get_by_role("link", name="Front page").click()
    page.wait_for_url("**/admin/articles/frontpage/1/change/")
    assert axe_violations(page, known=_admin_known()) == []

    choose(page, "id_placements-0-article", LEAD)
    choose(page, "id_placements-2-0-article", FEATURES[0])
    page.get_by_role("button", name="Add another Feature").click()
    choose(page, "id_placements-2-1-article", FEATURES[1])
    page.locator("#id_placements-2-1-position").fill("1")
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_url("**/admin/articles/frontpage/1/change/")
    assert page.locator(".messagelist .success").count() == 1
    assert page.locator(".field-on_the_page li").all_inner_texts() == [
        f"Lead: {LEAD}",
        *[f"Feature: {title}" for title in FEATURES],
        *[f"Report: {title}" for title in _newest_report_titles()],
    ]

    for viewport in (PHONE, DESKTOP):
        reader = open_page(browser, viewport)
        assert reader.goto(seeded_site("/")).status == 200
        lead = reader.locator(".lead")
        assert lead.get_by_role("heading", level=2).inner_text() == LEAD
        assert (
            lead.get_by_role("img", name="Artillery firing from a field position").evaluate("i => i.naturalWidth") > 0
        )
        features = reader.locator(".front-features").get_by_role("heading", level=3)
        assert features.all_inner_texts() == FEATURES
        if viewport is PHONE:
            assert top_of(reader, ".lead__title") < LEAD_WITHIN
        assert captions_without_their_image(reader) == []
        assert axe_violations(reader) == []
        screenshot(reader, f"home-curated-{viewport['width']}")
        reader.context.close()


def test_on_a_phone_the_lead_headline_starts_within_700_px_and_no_caption_stands_without_its_photo(
    browser, seeded_site
):
    caption_only = Article.objects.published().filter(photo="").exclude(photo_caption="").first()
    assert caption_only is not None  # the seed has pieces with a caption and no photo file
    page = open_page(browser, PHONE)

    page.goto(seeded_site("/"))
    assert page.locator(".lead__title").inner_text() == "Is Azerbaijan preparing to invade Armenia?"
    assert top_of(page, ".lead__title") < LEAD_WITHIN
    assert captions_without_their_image(page) == []

    page.goto(seeded_site(caption_only.get_absolute_url()))
    assert captions_without_their_image(page) == []
    assert caption_only.photo_caption not in page.inner_text("main")
    page.context.close()


def test_the_checks_fail_on_a_lead_pushed_down_and_on_a_caption_without_its_photo(browser, seeded_site):
    page = open_page(browser, PHONE)
    page.goto(seeded_site("/"))
    page.evaluate(
        """() => {
            const spacer = document.createElement("div");
            spacer.style.height = "800px";
            document.querySelector(".front").prepend(spacer);
            const orphan = document.createElement("figure");
            orphan.innerHTML = "<img src='/media/missing.jpg' alt=''><figcaption>A caption</figcaption>";
            document.querySelector(".lead").append(orphan);
            const note = document.createElement("p");
            note.className = "credit";
            note.textContent = "Photo: nobody";
            document.querySelector(".lead").append(note);
        }"""
    )

    assert top_of(page, ".lead__title") >= LEAD_WITHIN
    assert captions_without_their_image(page) == ["A caption", "Photo: nobody"]
    page.context.close()


def _newest_report_titles():
    return list(Article.objects.published().special_reports().newest_first().values_list("title", flat=True)[:3])


def _admin_known():
    from .test_accessibility import DJANGO_ADMIN

    return DJANGO_ADMIN
