"""A reader switches the interface to Azerbaijani and back, by keyboard, and the pages in Azerbaijani,
Russian and Turkish have no accessibility violation (an article with its "Also in" line and the
email alerts' pages among them: the form, the "check your inbox" page, and the pages a confirmation
and an unsubscribe link open).

Screenshot: test-artifacts/screenshots/interface-az-1280.png (docs/screenshots/interface-az.png is a copy).
"""

import pytest

from alerts import tokens
from alerts.models import Subscription
from articles.models import Article
from tests.factories import ArticleFactory

from .helpers import axe_violations, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

SEED_ARTICLE = "turkeys-rise-and-irans-decline-in-the-south-caucasus"
#: The abstract form's script-made button, in the page's language.
ADD_AUTHOR = {"/az": "Daha bir müəllif əlavə edin", "/ru": "Добавить автора", "/tr": "Başka bir yazar ekleyin"}


def html_lang(page):
    return page.evaluate("document.documentElement.lang")


def main_navigation(page):
    return page.get_by_role("navigation", name={"en-GB": "Main", "az": "Əsas"}[html_lang(page)])


def test_a_reader_switches_the_interface_to_azerbaijani_reads_the_list_and_switches_back(page, seeded_site):
    page.goto(seeded_site("/"))
    assert html_lang(page) == "en-GB"
    switch = page.get_by_role("navigation", name="Language")
    azerbaijani = switch.get_by_role("link", name="Azərbaycanca")
    box = azerbaijani.bounding_box()
    assert (box["height"] >= 44, box["width"] >= 44) == (True, True)  # a 44 px target, as the rest of the site
    assert azerbaijani.get_attribute("hreflang") == "az"

    azerbaijani.focus()  # by keyboard
    page.keyboard.press("Enter")
    page.wait_for_url(seeded_site("/az/"))
    assert html_lang(page) == "az"
    assert main_navigation(page).get_by_role("link").all_inner_texts() == [
        "Məqalələr",
        "Seriyalar",
        "Müəlliflər",
        "Konfrans",
    ]
    screenshot(page, "interface-az-1280")

    main_navigation(page).get_by_role("link", name="Məqalələr").click()
    page.wait_for_url(seeded_site("/az/articles/"))
    assert html_lang(page) == "az"
    assert page.get_by_role("heading", level=1).inner_text() == "Məqalələr"
    assert (
        page.get_by_role("navigation", name="Dil")
        .get_by_role("link", name="Azərbaycanca")
        .get_attribute("aria-current")
        == "true"
    )
    assert page.locator(".byline__date time").first.inner_text().split()[1] in {
        "yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr", "oktyabr", "noyabr", "dekabr"
    }  # fmt: skip

    page.get_by_role("navigation", name="Dil").get_by_role("link", name="English").click()
    page.wait_for_url(seeded_site("/articles/"))
    assert html_lang(page) == "en-GB"
    assert page.get_by_role("heading", level=1).inner_text() == "Articles"
    assert page.context.cookies() == []  # the choice is the address, not a cookie


@pytest.mark.parametrize("prefix", ["/az", "/ru", "/tr"])
def test_the_pages_in_each_language_have_no_violations(page, seeded_site, open_call, prefix):
    call = open_call.get_absolute_url()
    original = Article.objects.get(slug=SEED_ARTICLE)
    ArticleFactory(slug="tercume", title="Türkiyənin yüksəlişi", language="az", translation_of=original)
    found = {}
    subscription = Subscription.objects.create(email="reader@example.org", language=prefix.strip("/"))
    alert_pages = (
        "/alerts/",
        "/alerts/sent/",
        f"/alerts/confirm/{tokens.make(subscription, tokens.CONFIRM)}/",
        f"/alerts/unsubscribe/{tokens.make(subscription, tokens.UNSUBSCRIBE)}/",
    )
    for path in ("/", "/articles/", f"/articles/{SEED_ARTICLE}/", call, f"{call}submit/", *alert_pages):
        response = page.goto(seeded_site(prefix + path))
        assert (path, response.status, html_lang(page)) == (path, 200, prefix.strip("/"))
        if path == f"/articles/{SEED_ARTICLE}/":  # with its "Also in" line, linked in the page's language
            assert page.locator(".also-in a").get_attribute("href") == f"{prefix}/articles/tercume/"
        if violations := axe_violations(page):
            found[path] = violations
    page.goto(seeded_site(f"{prefix}{call}submit/"))
    assert page.get_by_role("button", name=ADD_AUTHOR[prefix]).count() == 1
    page.get_by_role(
        "button", name={"/az": "Tezisi göndərin", "/ru": "Отправить тезисы", "/tr": "Özeti gönder"}[prefix]
    ).click()  # the form sent empty: its errors, in the page's language
    page.get_by_role("alert").first.wait_for()
    if violations := axe_violations(page):
        found["abstract form with errors"] = violations
    assert found == {}
