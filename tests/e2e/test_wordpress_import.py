"""An editor moves the old WordPress site in, in a real browser: finds "Import from WordPress" in the
admin, uploads the export, reads the dry-run report (nothing imported yet), confirms, and finds the
article on the site and its old address answering with it. axe-core finds no violation on the new
admin pages beyond Django's own (listed in test_accessibility.DJANGO_ADMIN)."""

from pathlib import Path

import pytest

from articles.models import Article

from .helpers import axe_violations, open_page, screenshot
from .test_accessibility import DJANGO_ADMIN

pytestmark = pytest.mark.django_db(transaction=True)

EXPORT = Path(__file__).resolve().parents[1] / "articles" / "data" / "wordpress-export.xml"
TITLE = "Russia’s peace mission in Karabakh provokes reaction in Azerbaijan"


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.WORDPRESS_IMPORT_DIR = tmp_path / "waiting"


def test_editor_uploads_an_export_reads_the_dry_run_confirms_and_the_article_is_on_the_site(
    browser, seeded_site, editor_page
):
    page = editor_page
    seed_count = Article.objects.count()
    page.get_by_role("link", name="WordPress posts").click()
    page.wait_for_url("**/admin/articles/wordpresspost/")
    assert axe_violations(page, DJANGO_ADMIN) == []
    page.get_by_role("link", name="Import from WordPress").click()
    page.wait_for_url("**/admin/articles/wordpresspost/import/")
    assert axe_violations(page, DJANGO_ADMIN) == []

    page.get_by_label("WordPress export (WXR file)").set_input_files(str(EXPORT))
    page.get_by_role("radio", name="As in WordPress").check()
    page.get_by_role("button", name="Check the export (dry run)").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text() == (
        "Dry run: nothing has been imported yet. This is what the import would do."
    )
    table = page.get_by_role("table", name="What would be imported")
    assert table.get_by_role("row", name="Article").inner_text().split() == ["Article", "4", "0", "0", "2"]
    assert page.get_by_text(
        "an article with the slug “turkey-is-the-new-major-power-in-the-south-caucasus” already exists here"
    ).is_visible()
    assert Article.objects.count() == seed_count  # nothing imported before the editor confirms
    assert axe_violations(page, DJANGO_ADMIN) == []
    screenshot(page, "wordpress-import-dry-run")

    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text() == "The import is done. See the articles."
    imported = page.get_by_role("table", name="What was imported").get_by_role("row", name="Article")
    assert imported.inner_text().split() == ["Article", "4", "0", "0", "2"]
    assert axe_violations(page, DJANGO_ADMIN) == []
    assert Article.objects.count() == seed_count + 4

    reader = open_page(browser)
    response = reader.goto(seeded_site("/2021/05/03/russias-peace-mission-in-karabakh/"))
    assert reader.url == seeded_site("/articles/russias-peace-mission-in-karabakh/")
    assert response.status == 200
    assert reader.get_by_role("heading", level=1).inner_text() == TITLE
    assert reader.locator("main h2").first.inner_text() == "No agreed mandate"
    reader.context.close()
