"""axe-core, run in the browser, on every public page type, on the forms in each state and on the admin.

Our pages must have no violation at all: WCAG 2.2 A and AA and axe's best practices. The admin
is Django's: violations that come from Django's own templates and widgets are listed in
``DJANGO_ADMIN`` below, rule by rule and element by element, each with its reason; anything
else (our help texts, fields, widgets) fails the test.
"""

import pytest
from django.core import mail
from django.core.management import call_command

from articles.models import Article, Series
from tests.conferences.factories import AbstractFactory

from .helpers import Known, axe_violations, fill_abstract, focus_outline, private_link, tab_until

pytestmark = pytest.mark.django_db(transaction=True)

SEED_ARTICLE = "turkeys-rise-and-irans-decline-in-the-south-caucasus"  # caption, credit, tags
SEED_OUTLET_ARTICLE = "azerbaijan-remaking-its-military-in-turkeys-image"  # first published elsewhere
SEED_AZERBAIJANI_ARTICLE = "voa-azerbaijan-rusiya-ukrayna-muharibesi-enenevi-tehlukesizlik-anlayisini"
SEED_CENTER_ARTICLE = "rising-tensions-between-azerbaijan-and-west"  # the Center's byline
SEED_CALL = "peace-in-south-caucasus-2023"  # closed
SEED_SERIES = "iran-azerbaijan-border-conflict"  # invites simulations: its page carries the form

# Violations that come from Django's admin itself, not from our configuration.
DJANGO_ADMIN = [
    Known("page-has-heading-one", "html", "Django's login page has no <h1> (admin/login.html)."),
    Known(
        "label-title-only",
        "#searchbar",
        "Django's change-list search box is labelled by a magnifier icon's alt text (admin/search_form.html).",
    ),
    Known("target-size", "#changelist-filter a", "Django's filter sidebar links are single lines of 13px text."),
    Known(
        "aria-input-field-name",
        ".select2-selection, .select2-selection__rendered",
        "Django's autocomplete widget (select2) names its combobox after the chosen value: an empty one has no name.",
    ),
    Known("empty-table-header", ".tabular th.original", "Django's tabular inlines leave the first header cell empty."),
    *[
        Known(rule, ".tabular :is(input, select, textarea)", "Django's tabular inlines label fields by column only.")
        for rule in ("label", "label-title-only", "select-name")
    ],
    *[
        Known(rule, "#result_list input", "Django's list_editable fields are labelled by their column only.")
        for rule in ("label", "label-title-only")
    ],
    Known(
        "label",
        "fieldset > .flex-container > input[type=file]",
        "Django renders a file input in a <fieldset> named by its <legend>, without a <label>.",
    ),
]


def assert_no_violations(page, site, pages, known=()):
    """Visit each ``{page type: (path, status)}``; fail listing every violation on every page at once."""
    found = {}
    for page_type, (path, status) in pages.items():
        response = page.goto(site(path))
        assert (page_type, response.status) == (page_type, status)
        if page.locator("[data-django-prose-editor-configurable]").count():
            page.locator(".prose-editor [role=textbox]").last.wait_for()  # the rich-text editors are ready
        if violations := axe_violations(page, known):
            found[page_type] = violations
    assert found == {}


def test_every_public_page_type_has_no_violations(
    page, seeded_site, open_call, article_with_photo, published_proceedings
):
    call = open_call.get_absolute_url()
    assert_no_violations(
        page,
        seeded_site,
        {
            "home": ("/", 200),
            "article list": ("/articles/", 200),
            "filtered list (filters open)": ("/articles/?author=fuad-shahbazov&type=analysis", 200),
            "search form": ("/search/", 200),
            "search results": ("/search/?q=Karabakh", 200),
            "article with photo, caption and credit": (article_with_photo.get_absolute_url(), 200),
            "article with caption only": (f"/articles/{SEED_ARTICLE}/", 200),
            "article first published elsewhere": (f"/articles/{SEED_OUTLET_ARTICLE}/", 200),
            "article in Azerbaijani": (f"/articles/{SEED_AZERBAIJANI_ARTICLE}/", 200),
            "article by the Center (its card's initials)": (f"/articles/{SEED_CENTER_ARTICLE}/", 200),
            "author list": ("/authors/", 200),
            "author": ("/authors/fuad-shahbazov/", 200),
            "institutional author": ("/authors/ccsis/", 200),
            "series list": ("/series/", 200),
            "series with its simulation form": (f"/series/{SEED_SERIES}/", 200),
            "tag": ("/tags/turkey/", 200),
            "outlet": ("/outlets/eurasianet/", 200),
            "conferences": ("/conference/", 200),
            "open call": (call, 200),
            "closed call": (f"/conference/{SEED_CALL}/", 200),
            "proceedings": (f"/conference/{SEED_CALL}/proceedings/", 200),
            "proceedings not yet published": (f"{call}proceedings/", 200),
            "page not found": ("/no-such-page/", 404),
        },
    )


def test_the_abstract_form_has_no_violations_empty_with_errors_and_after_success(page, seeded_site, open_call):
    submit = open_call.get_absolute_url() + "submit/"
    page.goto(seeded_site(submit))
    assert axe_violations(page) == []

    page.get_by_role("button", name="Submit the abstract").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").count() == 1
    assert axe_violations(page) == []

    fill_abstract(
        page,
        title="Water and peace in the South Caucasus",
        text="Shared rivers could bind the region together. " * 10,
        authors=[
            ("Leyla Mammadova", "ADA University", "leyla@example.org"),
            ("Arman Petrosyan", "Yerevan State University", "arman@example.org"),
        ],
    )
    page.get_by_role("button", name="Submit the abstract").click()
    page.wait_for_url("**/submitted/**")
    assert axe_violations(page) == []

    call_command("send_emails", stdout=None)
    manage = private_link(mail.outbox, "/conference/abstracts/")
    status = private_link(mail.outbox, "/conference/abstract-status/")
    assert_no_violations(
        page,
        seeded_site,
        {
            "private page": (manage, 200),
            "changing it": (manage + "edit/", 200),
            "withdrawing it": (manage + "withdraw/", 200),
            "co-authors' status page": (status, 200),
        },
    )


def test_the_letter_and_simulation_forms_have_no_violations_empty_with_errors_and_after_success(page, seeded_site):
    for path, button, fields in [
        (
            f"/conference/{SEED_CALL}/partners/",
            "Send the letter",
            {"Organisation": "Baku Peace Forum", "Contact person": "Anar Aliyev", "Your letter": "We would join."},
        ),
        (
            f"/conference/simulations/{SEED_SERIES}/",
            "Send the simulation",
            {"Full name": "Nigar Huseynova", "Your title": "Analyst", "Phone number": "+994 12 345 67 89"},
        ),
    ]:
        page.goto(seeded_site(path))
        assert (path, axe_violations(page)) == (path, [])
        page.get_by_role("button", name=button).click()
        page.wait_for_load_state()
        assert (path, page.get_by_role("alert").count(), axe_violations(page)) == (path, 1, [])
        for label, value in fields.items():
            page.get_by_label(label).fill(value)
        page.get_by_label("Email").fill("someone@example.org")
        if button == "Send the simulation":
            page.get_by_label("Title of your simulation").fill("A ceasefire game")
            page.get_by_role("textbox", name="Your simulation:", exact=True).fill("Two teams negotiate a ceasefire.")
        page.get_by_role("button", name=button).click()
        page.wait_for_url("**/received/**")
        assert (path, axe_violations(page)) == (path, [])


def test_the_abstract_form_works_with_the_keyboard_alone_with_visible_focus_and_announced_errors(
    page, seeded_site, open_call
):
    page.goto(seeded_site(open_call.get_absolute_url() + "submit/"))

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    assert focus_outline(page)["style"] != "none"

    tab_until(page, "#id_title")
    assert focus_outline(page) == {"style": "solid", "width": 3}
    page.keyboard.type("Water and peace in the South Caucasus")
    tab_until(page, "input[name=topic]")
    page.keyboard.press("Space")
    tab_until(page, "textarea[name=text]")
    page.keyboard.type("Shared rivers could bind the region together.")
    assert page.locator("[data-words]").inner_text() == "7"
    tab_until(page, "#id_authors-0-name")
    page.keyboard.type("Leyla Mammadova")
    page.keyboard.press("Tab")
    page.keyboard.type("ADA University")
    page.keyboard.press("Tab")
    page.keyboard.type("not an email address")
    tab_until(page, "button[type=submit]")
    assert focus_outline(page)["style"] == "solid"
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    # Errors: a summary in an alert, and each message tied to its field for screen readers.
    assert page.get_by_role("alert").inner_text() == (
        "Nothing is sent yet: please correct what is marked below. Everything you typed is still here."
    )
    email = page.locator("#id_authors-0-email")
    assert email.get_attribute("aria-invalid") == "true"
    described_by = email.get_attribute("aria-describedby").split()
    messages = [page.locator(f"#{id_}").inner_text() for id_ in described_by]
    assert "Enter a valid email address, such as name@example.org." in " ".join(messages)

    tab_until(page, "#id_authors-0-email")
    page.keyboard.press("Control+A")
    page.keyboard.type("leyla@example.org")
    tab_until(page, "input[name=consent]")
    page.keyboard.press("Space")
    tab_until(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/submitted/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you: your abstract is received"


def test_the_admin_pages_editors_use_have_no_violations_from_our_configuration(editor_page, seeded_site, open_call):
    page = editor_page
    article = Article.objects.get(slug=SEED_ARTICLE)
    abstract = AbstractFactory(conference=open_call)
    pages = {
        "admin home": ("/admin/", 200),
        "articles": ("/admin/articles/article/", 200),
        "new article": ("/admin/articles/article/add/", 200),
        "article": (f"/admin/articles/article/{article.pk}/change/", 200),
        "preview": (f"/preview/{article.pk}/", 200),
        "author": (f"/admin/articles/author/{article.authors.get().pk}/change/", 200),
        "a series": (f"/admin/articles/series/{Series.objects.get(slug=SEED_SERIES).pk}/change/", 200),
        "article types": ("/admin/articles/articletype/", 200),
        "the front page (its list opens it)": ("/admin/articles/frontpage/", 200),
        "conferences": ("/admin/conferences/conference/", 200),
        "a conference": (f"/admin/conferences/conference/{open_call.pk}/change/", 200),
        "abstracts": ("/admin/conferences/abstract/", 200),
        "an abstract": (f"/admin/conferences/abstract/{abstract.pk}/change/", 200),
    }
    assert_no_violations(page, seeded_site, pages, known=DJANGO_ADMIN)

    page.context.clear_cookies()
    page.goto(seeded_site("/admin/login/"))
    assert axe_violations(page, DJANGO_ADMIN) == []
