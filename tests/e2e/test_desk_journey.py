"""The editors' desk in a real browser: history with a word diff and restore; two editors on one
article; the calendar; a share link opened by an anonymous reader, then revoked. axe on each new page."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from articles.models import Article
from editorial.models import Revision, ShareLink

from .conftest import log_in
from .helpers import axe_violations, open_page, screenshot
from .test_accessibility import DJANGO_ADMIN, assert_no_violations

pytestmark = pytest.mark.django_db(transaction=True)

SEED_ARTICLE = "turkeys-rise-and-irans-decline-in-the-south-caucasus"


def edit_page(page, site, article):
    page.goto(site(f"/admin/articles/article/{article.pk}/change/"))
    page.locator(".prose-editor [role=textbox]").last.wait_for()


def replace_body(page, text):
    body = page.get_by_role("textbox", name="Body:")
    body.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def save_and_continue(page):
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_load_state()


def test_an_editor_edits_twice_sees_the_word_diff_in_the_history_and_restores_the_first_version(
    seeded_site, editor_page
):
    page, article = editor_page, Article.objects.get(slug=SEED_ARTICLE)
    original_title = article.title

    edit_page(page, seeded_site, article)
    replace_body(page, "Turkey rises while Iran declines in the region.")
    page.get_by_role("textbox", name="Note on this change:").fill("A shorter text")
    save_and_continue(page)
    assert page.locator(".messagelist .success").count() == 1
    edit_page(page, seeded_site, article)
    page.get_by_role("textbox", name="Title:").fill("A second title")
    save_and_continue(page)

    page.get_by_role("link", name="History").click()
    page.wait_for_url("**/history/")
    rows = page.get_by_role("table", name="Revisions, newest first").locator("tbody tr")
    assert [row.locator("td").nth(2).inner_text() for row in rows.all()] == [
        "Edited",
        "Edited",
        "As it was before revisions were kept",
    ]
    assert rows.nth(1).locator("td").nth(3).inner_text() == "A shorter text"
    screenshot(page, "desk-history")

    rows.nth(1).get_by_role("link", name="What this changed").click()
    page.wait_for_url("**/compare/**")
    words = page.locator(".desk-words").first
    assert words.locator("ins").first.inner_text().startswith("Turkey rises while Iran declines")
    assert words.locator("del").count() >= 1
    assert "<p>" not in words.inner_text()
    screenshot(page, "desk-word-diff")

    page.get_by_role("link", name="Back to the history").click()
    page.get_by_role("button", name="Restore the version of").last.click()  # the baseline: the first version
    page.wait_for_url("**/change/")
    assert "Restored the revision of" in page.locator(".messagelist").inner_text()
    restored = Article.objects.get(pk=article.pk)
    assert (restored.title, restored.body, restored.status) == (original_title, article.body, article.status)
    assert Revision.objects.for_object(article).first().action == "restore"


def test_two_editors_on_one_article_the_second_is_warned_and_keeps_their_text(browser, seeded_site, editor_page):
    other = User.objects.create_user("second-editor", password="second-editor-pw", is_staff=True)
    other.groups.add(Group.objects.get(name="Editors"))
    article = Article.objects.get(slug=SEED_ARTICLE)
    first = editor_page
    second = open_page(browser)
    log_in(second, type(seeded_site)(seeded_site.url, "second-editor", "second-editor-pw"))

    edit_page(first, seeded_site, article)
    edit_page(second, seeded_site, article)
    first.get_by_role("textbox", name="Title:").fill("The first editor's title")
    save_and_continue(first)
    second.get_by_role("textbox", name="Summary:").fill("The second editor's summary, typed with care.")
    save_and_continue(second)

    warning = second.locator(".errorlist.nonfield").inner_text()
    assert warning.startswith("editor saved this article after you opened it; nothing was saved.")
    conflict = second.get_by_role("table", name="Their changes since you opened this form")
    assert "The first editor's title" in conflict.inner_text()
    assert (
        second.get_by_role("textbox", name="Summary:").input_value() == "The second editor's summary, typed with care."
    )
    assert Article.objects.get(pk=article.pk).summary != "The second editor's summary, typed with care."
    screenshot(second, "desk-edit-conflict")
    assert axe_violations(second, DJANGO_ADMIN) == []

    save_and_continue(second)  # having seen it, saving again keeps the second editor's version
    stored = Article.objects.get(pk=article.pk)
    assert stored.summary == "The second editor's summary, typed with care."
    second.context.close()


def test_the_calendar_shows_a_scheduled_piece_on_its_day(seeded_site, editor_page):
    page = editor_page
    day = timezone.localdate() + timedelta(days=2)
    article = Article.objects.get(slug=SEED_ARTICLE)
    when = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()).replace(hour=9))
    Article.objects.filter(pk=article.pk).update(published_at=when)

    page.goto(seeded_site("/admin/articles/article/"))
    page.get_by_role("link", name="Editorial calendar").click()
    page.get_by_role("link", name="Week", exact=True).click()
    today = timezone.localdate()
    if day - timedelta(days=day.weekday()) > today - timedelta(days=today.weekday()):
        page.get_by_role("link", name="Next week").click()  # two days on from a Saturday or Sunday: next week
    cell = page.locator(f"td:has(time[datetime='{day:%Y-%m-%d}'])")
    assert article.title in cell.inner_text()
    assert "Scheduled, 09:00" in cell.inner_text()
    screenshot(page, "desk-calendar")
    cell.get_by_role("link", name=article.title).click()
    page.wait_for_url(f"**/admin/articles/article/{article.pk}/change/")


def test_an_anonymous_reader_opens_a_share_link_sees_the_banner_and_after_revocation_gets_not_found(
    browser, seeded_site, editor_page
):
    page = editor_page
    article = Article.objects.get(slug=SEED_ARTICLE)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)

    edit_page(page, seeded_site, article)
    page.get_by_role("link", name="Share a preview with someone without an account").click()
    page.get_by_role("spinbutton", name="Valid for (days)").fill("3")
    page.get_by_role("button", name="Make a share link").click()
    address = page.get_by_role("textbox", name="Share link made").input_value()
    screenshot(page, "desk-share-links")
    assert ShareLink.objects.get().created_by.username == seeded_site.editor_username

    reader = open_page(browser)
    assert reader.goto(address).status == 200
    assert reader.get_by_role("status").inner_text().startswith("Preview — not published.")
    assert reader.get_by_role("heading", level=1).inner_text() == article.title
    assert reader.locator("meta[name=robots]").get_attribute("content") == "noindex, nofollow"
    screenshot(reader, "desk-share-preview")
    assert axe_violations(reader) == []

    page.get_by_role("button", name="Revoke").click()
    page.wait_for_load_state()
    revoked = reader.goto(address)
    revoked_text = reader.locator("main").inner_text()
    missing = reader.goto(seeded_site("/share/no-such-link/"))
    assert (revoked.status, revoked_text) == (404, reader.locator("main").inner_text())
    assert missing.status == 404
    reader.context.close()


def test_the_desks_admin_pages_have_no_violations_from_our_configuration(seeded_site, editor_page):
    page, article = editor_page, Article.objects.get(slug=SEED_ARTICLE)
    edit_page(page, seeded_site, article)
    page.get_by_role("textbox", name="Title:").fill("A retitled piece")
    save_and_continue(page)
    first, latest = Revision.objects.for_object(article).order_by("pk")
    day = timezone.localdate().isoformat()
    assert_no_violations(
        page,
        seeded_site,
        {
            "history": (f"/admin/articles/article/{article.pk}/history/", 200),
            "compare": (f"/admin/editorial/revision/compare/{first.pk}/{latest.pk}/", 200),
            "compare with now": (f"/admin/editorial/revision/compare/{first.pk}/live/", 200),
            "calendar (month)": ("/admin/articles/article/calendar/", 200),
            "calendar (week)": (f"/admin/articles/article/calendar/?view=week&date={day}", 200),
            "calendar (day)": (f"/admin/articles/article/calendar/?view=day&date={day}", 200),
            "share links": (f"/admin/articles/article/{article.pk}/share/", 200),
            "audit log": ("/admin/editorial/auditentry/", 200),
            "revisions": ("/admin/editorial/revision/", 200),
            "redirects": ("/admin/editorial/redirect/", 200),
            "share-link list": ("/admin/editorial/sharelink/", 200),
        },
        known=DJANGO_ADMIN,
    )
