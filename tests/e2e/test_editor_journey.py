"""An editor in a real browser: logs in, writes an article with a photo, previews the draft,
schedules it, and sees it go live by itself.

Reviewing and accepting abstracts: tests/e2e/test_conference_editor_journey.py."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article

from .helpers import open_page, photo_jpeg

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Water diplomacy on the Kura and the Araz"
SLUG = "water-diplomacy-on-the-kura-and-the-araz"
SCHEDULED_IN_SECONDS = 6


def choose(page, select_id, text):
    """Pick ``text`` in one of the admin's autocomplete boxes (select2), by typing as an editor does."""
    page.locator(f"#{select_id} + .select2 [role=combobox]").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_editor_writes_an_article_with_a_photo_previews_schedules_and_sees_it_go_live(
    browser, seeded_site, editor_page
):
    page = editor_page
    page.get_by_role("row", name="Articles").get_by_role("link", name="Add").click()
    page.wait_for_url("**/admin/articles/article/add/")

    page.get_by_role("textbox", name="Title:").press_sequentially(TITLE)  # the slug follows as one types
    assert page.get_by_role("textbox", name="Slug:").input_value() == SLUG
    choose(page, "id_kind", "Analysis")
    page.get_by_role("textbox", name="Summary:").fill("Two rivers, three states and a drought: a test for the peace.")
    body = page.get_by_role("textbox", name="Body:")  # the rich-text editor, named after its label
    body.click()
    page.keyboard.type("The Kura and the Araz carry most of the South Caucasus's water.")
    page.keyboard.press("Enter")
    page.keyboard.type("Sharing them is a test of the peace.")

    page.locator("#id_photo").set_input_files(
        files=[{"name": "kura.jpg", "mimeType": "image/jpeg", "buffer": photo_jpeg(1600, 900)}]
    )
    page.get_by_role("textbox", name="Photo description:").fill("The Kura river below a stone bridge")
    page.get_by_role("textbox", name="Photo caption:").fill("The Kura near Mingachevir")
    page.get_by_role("textbox", name="Photo credit:").fill("CCSIS / Leyla Mammadova")
    choose(page, "id_authorships-0-author", "Fuad Shahbazov")
    choose(page, "id_taggit-taggeditem-content_type-object_id-0-tag", "Azerbaijan")

    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_url("**/change/")
    article = Article.objects.get(slug=SLUG)
    assert (article.status, article.published_at, article.created_by.username) == ("draft", None, "editor")
    assert [a.name for a in article.ordered_authors] == ["Fuad Shahbazov"]
    assert article.body == (
        "<p>The Kura and the Araz carry most of the South Caucasus's water.</p>"
        "<p>Sharing them is a test of the peace.</p>"
    )

    # The draft: readers get "not found"; the preview shows it as they will see it.
    reader = open_page(browser)
    assert reader.goto(seeded_site(f"/articles/{SLUG}/")).status == 404
    with page.context.expect_page() as preview_opened:
        page.get_by_role("link", name="Preview as readers will see it").click()
    preview = preview_opened.value
    preview.wait_for_load_state()
    assert (
        preview.get_by_role("status").inner_text()
        == "Preview — not published. Status: Draft. Readers cannot see this page."
    )
    assert preview.get_by_role("heading", level=1).inner_text() == TITLE
    photo = preview.get_by_role("img", name="The Kura river below a stone bridge")
    assert photo.evaluate("img => img.complete && img.naturalWidth") > 0
    assert (
        preview.locator("figure figcaption").inner_text() == "The Kura near Mingachevir Photo: CCSIS / Leyla Mammadova"
    )
    preview.close()

    # Schedule it a few seconds ahead, in the site's time zone, as the admin's date and time boxes are.
    goes_live = timezone.localtime() + timedelta(seconds=SCHEDULED_IN_SECONDS)
    page.get_by_role("combobox", name="Status:").select_option("Published")
    page.get_by_role("textbox", name="Date:").fill(goes_live.strftime("%Y-%m-%d"))
    page.get_by_role("textbox", name="Time:").fill(goes_live.strftime("%H:%M:%S"))
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/articles/article/")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=TITLE))
    assert f"Scheduled for {goes_live:%d %b %Y %H:%M}" in row.inner_text()

    assert timezone.now() < Article.objects.get(slug=SLUG).published_at
    assert reader.goto(seeded_site(f"/articles/{SLUG}/")).status == 404

    time.sleep(max(0, (goes_live - timezone.localtime()).total_seconds()) + 0.5)
    assert reader.goto(seeded_site(f"/articles/{SLUG}/")).status == 200
    assert reader.get_by_role("heading", level=1).inner_text() == TITLE
    assert reader.get_by_role("img", name="The Kura river below a stone bridge").evaluate("i => i.naturalWidth") > 0
    reader.goto(seeded_site("/"))
    assert reader.locator("main").get_by_role("link", name=TITLE).count() >= 1
    reader.context.close()
