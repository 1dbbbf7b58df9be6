"""The small things a reader or an author meets on a phone (issue: the look of a research institution,
details): touch targets of at least 44 px, the consent as normal body text, form fields that are not
squeezed by nested boxes, addresses and lists that wrap, a footer that reaches the bottom of a short
page, pages in British English; and a screenshot at 375 and 1280 px of each page type the reading
test does not already take (article without a photo, authors, a closed call, a form with errors,
404, the admin's index, article list and article form).
"""

import pytest

from conferences.models import Conference

from .conftest import log_in
from .helpers import DESKTOP, PHONE, horizontal_overflow, open_page, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

MIN_TARGET = 44  # CSS px: WCAG 2.5.5 (AAA) and the platforms' guidance for a finger
PHOTOLESS_ARTICLE = "rising-tensions-between-azerbaijan-and-west"
TYPED_FIELDS = ", ".join(
    f"main form {field}"
    for field in ("input:not([type=checkbox]):not([type=radio]):not([type=hidden])", "textarea", "select")
)
LONG_ADDRESS = "international.partnerships.and.programmes@conference-department.thecaucasuscenter.org"


def small_targets(page, selector):
    """The buttons and links matching ``selector`` that are visible and less than 44 px either way."""
    return page.evaluate(
        """([selector, min]) => [...document.querySelectorAll(selector)]
            .filter(el => el.offsetParent !== null)
            .map(el => {
                const r = el.getBoundingClientRect();
                return {text: el.textContent.trim(), width: Math.round(r.width), height: Math.round(r.height)};
            })
            .filter(box => box.width < min || box.height < min)""",
        [selector, MIN_TARGET],
    )


def test_the_author_rows_controls_are_big_enough_for_a_finger(browser, open_call, seeded_site):
    page = open_page(browser, PHONE)
    page.goto(seeded_site(open_call.get_absolute_url() + "submit/"))
    page.get_by_role("button", name="Add another author").click()
    page.get_by_role("button", name="Add another author").click()
    assert page.locator(".conf-author__button").count() >= 6  # up, down and remove on each of three rows
    assert small_targets(page, ".conf-author__button, .conf-button") == []
    screenshot(page, "abstract-form-authors-375")
    page.context.close()


def test_the_consent_reads_as_body_text(browser, open_call, seeded_site):
    page = open_page(browser, PHONE)
    page.goto(seeded_site(open_call.get_absolute_url() + "submit/"))
    consent, body = page.evaluate(
        """() => [document.querySelector(".conf-field--consent label"), document.querySelector(".conf-deadline-note")]
            .map(el => { const s = getComputedStyle(el); return [s.fontSize, s.fontWeight, s.fontStyle]; })"""
    )
    assert consent == [page.evaluate("getComputedStyle(document.body).fontSize"), "400", "normal"], (consent, body)
    page.context.close()


def test_form_fields_use_the_width_of_a_phone(browser, open_call, seeded_site):
    """No field is squeezed by the boxes around it: each takes at least 85% of the content column."""
    page = open_page(browser, PHONE)
    for path in ("submit/", "partners/"):
        page.goto(seeded_site(open_call.get_absolute_url() + path))
        narrow = page.evaluate(
            """(fields) => {
                const column = Math.round(document.querySelector("main form").getBoundingClientRect().width);
                return [...document.querySelectorAll(fields)]
                    .filter(el => el.offsetParent !== null && !el.closest(".conf-trap"))
                    .map(el => ({name: el.name, width: Math.round(el.getBoundingClientRect().width), column}))
                    .filter(f => f.width < 0.85 * f.column);
            }""",
            TYPED_FIELDS,
        )
        assert narrow == [], path
        assert horizontal_overflow(page) == 0, path
    page.context.close()


def test_a_long_address_wraps_instead_of_widening_a_phones_page(browser, open_call, seeded_site):
    page = open_page(browser, PHONE)
    page.goto(seeded_site(open_call.get_absolute_url()))
    contact = page.evaluate(
        """(address) => {
            const p = document.createElement("p"), a = document.createElement("a");
            a.href = "mailto:" + address;
            a.textContent = address;
            p.appendChild(a);
            document.querySelector("main .prose, main").appendChild(p);
            return true;
        }""",
        LONG_ADDRESS,
    )
    assert contact
    assert horizontal_overflow(page) == 0
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_the_footer_reaches_the_bottom_of_a_short_page(browser, seeded_site, viewport):
    page = open_page(browser, viewport)
    assert page.goto(seeded_site("/no-such-page/")).status == 404
    gap = page.evaluate(
        "() => window.innerHeight - document.querySelector('.site-footer').getBoundingClientRect().bottom"
    )
    assert gap <= 1, f"{gap} px of empty page under the footer"
    footer = page.locator(".site-footer")
    assert footer.get_by_role("link", name="info@thecaucasuscenter.org").count() == 1
    assert footer.locator("a[href$='/feed/'], a[type='application/rss+xml']").count() >= 1
    page.context.close()


def test_pages_are_in_british_english(browser, seeded_site):
    page = open_page(browser, PHONE)
    for path in ("/", "/articles/", "/conference/", "/no-such-page/"):
        page.goto(seeded_site(path))
        assert page.evaluate("document.documentElement.lang") == "en-GB", path
    page.context.close()


def test_every_remaining_page_type_at_375_and_1280(browser, seeded_site, open_call):
    closed = Conference.objects.filter(is_demo=False).order_by("-deadline").first()
    pages = {
        "article-without-photo": f"/articles/{PHOTOLESS_ARTICLE}/",
        "authors": "/authors/",
        "call-closed": closed.get_absolute_url(),
        "404": "/no-such-page/",
    }
    for viewport in (PHONE, DESKTOP):
        width = viewport["width"]
        page = open_page(browser, viewport)
        for name, path in pages.items():
            page.goto(seeded_site(path))
            assert horizontal_overflow(page) == 0, f"{name} at {width}"
            screenshot(page, f"{name}-{width}")
        page.goto(seeded_site(open_call.get_absolute_url() + "submit/"))
        page.get_by_role("button", name="Submit the abstract").click()
        page.wait_for_load_state()
        assert page.locator(".errorlist, [aria-invalid=true]").count() > 0
        screenshot(page, f"abstract-form-with-errors-{width}")
        log_in(page, seeded_site)
        for name, path in {
            "admin-index": "/admin/",
            "admin-article-list": "/admin/articles/article/",
            "admin-article-form": "/admin/articles/article/add/",
        }.items():
            assert page.goto(seeded_site(path)).status == 200, name
            screenshot(page, f"{name}-{width}")
        page.context.close()
