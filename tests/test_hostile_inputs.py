"""Hostile input at every public door: the three public forms, the filters and search, guessed URLs
and the admin. Each gets a clear 4xx, or a clean rejection (the form shown back with its errors and
nothing stored), never a 500: the test client re-raises any exception a view lets escape."""

import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from articles.models import Article
from conferences.models import Abstract, LetterOfInterest, SimulationSubmission
from tests.conferences.conftest import abstract_data
from tests.conferences.factories import AbstractFactory, ConferenceFactory
from tests.factories import ArticleFactory, AuthorFactory, SeriesFactory

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("owned")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;"
NUL = "nul\x00byte"
NUL_MESSAGE = "This text holds an invisible control character (U+0000 control character) that cannot be stored"
ZERO_UUID = "00000000-0000-0000-0000-000000000000"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def site():
    author = AuthorFactory(name="Leyla Aliyeva", slug="leyla")
    live = ArticleFactory(title="A live piece", slug="live", authors=[author], tags=["Energy"])
    draft = ArticleFactory(title="A draft", slug="draft-piece", draft=True, authors=[author])
    scheduled = ArticleFactory(title="Scheduled", slug="later", scheduled=True)
    SeriesFactory(title="Simulations", slug="sims", invitation="<p>Send us yours.</p>")
    ConferenceFactory(slug="peace")
    ConferenceFactory(slug="past", closed=True)
    return {"live": live, "draft": draft, "scheduled": scheduled}


def body(response):
    return response.content.decode()


def stored():
    return (Abstract.objects.count(), LetterOfInterest.objects.count(), SimulationSubmission.objects.count())


# --- Filters, search and guessed URLs ------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/articles/?type=<script>&year=abc&tag=<script>", 200),
        ("/articles/?year=99999999999999999999999", 200),
        ("/articles/?from=2024-13-45&to=yesterday&language=xx&sort=<script>", 200),
        ("/articles/?author=%00&series=%00&tag=%00&outlet=%00&language=%00&type=%00", 200),
        ("/articles/?" + "&".join(f"tag=topic-{n}" for n in range(200)), 200),
        ("/articles/?page=abc", 404),
        ("/articles/?page=-1", 404),
        ("/articles/?page=99999", 404),
        ("/search/?q=" + "x" * 10_000, 200),
        ("/search/?q=%00", 200),
        ("/search/?q=" + SCRIPT, 200),
        ('/search/?q="""***---(((', 200),
        ("/search/?q=peace&page=abc", 404),
        ("/tags/<script>/", 404),
        ("/tags/%00/", 404),
        ("/tags/energy%00/", 404),
        ("/feeds/tags/%00/rss/", 404),
        ("/conference/abstracts/%00/", 404),
        ("/conference/abstracts/%00/edit/", 404),
        ("/conference/abstract-status/%00/", 404),
        ("/conference/peace%00/", 404),
        ("/authors/leyla/?page=0", 404),
        ("/series/sims/?page=%00", 404),
        ("/articles/%00/", 404),
        ("/" + "a" * 5000 + "/", 404),
        ("/sitemap-<script>.xml", 404),
        ("/feeds/tags/<script>/rss/", 404),
        ("/feeds/authors/nobody/atom/", 404),
    ],
)
def test_hostile_filters_and_queries_get_a_page_or_a_404_and_nothing_is_reflected_unescaped(client, site, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert SCRIPT not in body(response)
    assert "<script>" not in body(response)


@pytest.mark.parametrize(
    "path",
    [
        "/articles/draft-piece/",
        "/articles/later/",
        "/articles/draft-piece/cite.bib",
        "/articles/later/cite.ris",
        "/conference/abstracts/guessed-key/",
        "/conference/abstracts/guessed-key/edit/",
        "/conference/abstract-status/guessed-key/",
        f"/conference/peace/submitted/{ZERO_UUID}/",
        "/conference/peace/partners/received/not-a-uuid/",
        f"/conference/simulations/received/{ZERO_UUID}/",
        "/conference/no-such-call/submit/",
        "/conference/simulations/no-such-series/",
    ],
)
def test_guessed_urls_of_drafts_scheduled_pieces_and_private_links_are_404(client, site, path):
    assert client.get(path).status_code == 404


def test_lists_feeds_and_search_never_show_a_draft_or_a_scheduled_piece(client, site):
    for path in ["/", "/articles/", "/authors/leyla/", "/search/?q=draft", "/feeds/rss/", "/tags/energy/"]:
        assert ("A draft" in body(client.get(path)), "Scheduled" in body(client.get(path))) == (False, False), path


def test_an_unknown_host_header_is_refused(client, site):
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


@pytest.mark.parametrize(("method", "path"), [("delete", "/articles/"), ("post", "/articles/"), ("post", "/search/")])
def test_methods_a_page_does_not_take_are_405(client, site, method, path):
    assert getattr(client, method)(path).status_code == 405


# --- The preview and the admin -------------------------------------------------------------------


@pytest.fixture
def reader(django_user_model):
    """A logged-in account without staff status."""
    client = Client()
    client.force_login(django_user_model.objects.create_user("reader", password="a-reader-password"))
    return client


def test_an_anonymous_visitor_is_sent_to_log_in_for_a_preview(client, site):
    response = client.get(f"/preview/{site['draft'].pk}/")
    assert (response.status_code, response["Location"]) == (302, f"/admin/login/?next=/preview/{site['draft'].pk}/")


def test_a_logged_in_non_staff_account_may_not_preview(reader, site):
    assert reader.get(f"/preview/{site['draft'].pk}/").status_code == 403


@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/articles/article/", "/admin/articles/article/add/", "/admin/auth/user/"]
)
def test_the_admin_sends_anonymous_and_non_staff_visitors_to_log_in(client, reader, site, path):
    for visitor in (client, reader):
        response = visitor.get(path)
        assert (response.status_code, response["Location"]) == (302, f"/admin/login/?next={path}")


def test_a_non_staff_account_cannot_run_an_admin_action(reader, site):
    response = reader.post("/admin/articles/article/", {"action": "unpublish", "_selected_action": [site["live"].pk]})
    assert response.status_code == 302
    assert Article.objects.get(pk=site["live"].pk).status == Article.Status.PUBLISHED


def test_an_admin_post_without_a_csrf_token_is_403(django_user_model, site):
    editor = Client(enforce_csrf_checks=True)
    editor.force_login(django_user_model.objects.create_superuser("boss", password="x"))
    response = editor.post("/admin/articles/article/", {"action": "unpublish", "_selected_action": [site["live"].pk]})
    assert response.status_code == 403
    assert Article.objects.get(pk=site["live"].pk).status == Article.Status.PUBLISHED


WRONG_LOGIN = (
    "Please enter the correct username and password for a staff account. Note that both fields may be case-sensitive."
)


@pytest.mark.parametrize(
    ("credentials", "errors"),
    [
        ({"username": SCRIPT, "password": SCRIPT}, {"__all__": [WRONG_LOGIN]}),
        (
            {"username": NUL, "password": NUL},
            {"username": ["Null characters are not allowed."], "password": ["Null characters are not allowed."]},
        ),
        ({"username": "x" * 10_000, "password": "y" * 10_000}, {"__all__": [WRONG_LOGIN]}),
        (
            {"username": "", "password": ""},
            {"username": ["This field is required."], "password": ["This field is required."]},
        ),
    ],
)
def test_the_admin_login_rejects_hostile_credentials_cleanly(client, site, credentials, errors):
    response = client.post("/admin/login/", credentials)
    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert SCRIPT not in body(response)


# --- The public forms: the door itself -----------------------------------------------------------

FORMS = ["/conference/peace/submit/", "/conference/peace/partners/", "/conference/simulations/sims/"]


@pytest.mark.parametrize("path", FORMS)
def test_a_form_posted_without_a_csrf_token_is_403_and_stores_nothing(site, path):
    response = Client(enforce_csrf_checks=True).post(path, {"title": "No token"})
    assert response.status_code == 403
    assert stored() == (0, 0, 0)


@pytest.mark.parametrize("path", FORMS)
@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (json.dumps({"title": "JSON", "email": "a@example.org"}), "application/json"),
        ("title=plain text", "text/plain"),
        (b"--x\r\nContent-Disposition: form-data; name=broken", "multipart/form-data; boundary=x"),
        ("<?xml version='1.0'?><abstract/>", "application/xml"),
    ],
)
def test_a_form_posted_with_the_wrong_content_type_is_shown_back_with_its_errors(
    client, site, path, content, content_type
):
    response = client.post(path, data=content, content_type=content_type)
    assert response.status_code == 200
    assert "This form is incomplete or out of date. Please check it and send it again." in body(response)
    assert stored() == (0, 0, 0)


@pytest.mark.parametrize("path", FORMS)
def test_a_body_over_five_megabytes_is_400(client, site, path):
    response = client.post(
        path, data="text=" + "x" * (5 * 1024 * 1024 + 1), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert stored() == (0, 0, 0)


@pytest.mark.parametrize("path", FORMS)
def test_more_than_a_thousand_fields_is_400(client, site, path):
    data = "&".join(f"field{n}=1" for n in range(1001))
    assert client.post(path, data=data, content_type="application/x-www-form-urlencoded").status_code == 400
    assert stored() == (0, 0, 0)


@pytest.mark.parametrize("path", FORMS)
def test_a_form_shown_with_any_query_string_is_still_the_empty_form(client, site, path):
    response = client.get(path + "?title=<script>&email=" + SCRIPT)
    assert response.status_code == 200
    assert SCRIPT not in body(response)


# --- The abstract form ---------------------------------------------------------------------------


def conference():
    from conferences.models import Conference

    return Conference.objects.get(slug="peace")


def post_abstract(client, **overrides):
    return client.post("/conference/peace/submit/", abstract_data(conference(), **overrides))


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"title": NUL}, NUL_MESSAGE),
        ({"text": NUL + " and more words"}, NUL_MESSAGE),
        ({"authors-0-name": NUL}, NUL_MESSAGE),
        ({"authors-0-email": NUL}, NUL_MESSAGE),
        ({"title": "x" * 10_000}, "Keep the title to 300 characters; it has 10000."),
        ({"text": "word " * 50_000}, "At most 300 words"),
        ({"authors-0-email": "not-an-email"}, "Enter a valid email address, such as name@example.org."),
        (
            {"submission_token": "not-a-uuid"},
            "This form is incomplete or out of date. Please check it and send it again.",
        ),
        ({"topic": "99999"}, "Choose one of the topics listed."),
        ({"contact_author": "99"}, "Choose the contact author among the authors listed."),
        ({"contact_author": "<script>"}, "Choose the contact author among the authors listed."),
        ({"consent": None}, "Please agree to the processing of these data for the conference"),
        ({"phone": SCRIPT}, "Enter a phone number of 6 to 20 digits, such as +994 12 345 67 89."),
        ({"homepage": "http://spam.example"}, "This field must stay empty: it catches spam robots."),
        ({"authors-TOTAL_FORMS": "abc"}, "List at least one author."),
    ],
)
def test_a_hostile_abstract_is_shown_back_with_a_clear_error_and_not_stored(client, site, overrides, error):
    response = post_abstract(client, **overrides)
    assert response.status_code == 200
    assert error in body(response)
    assert stored() == (0, 0, 0)


def test_an_abstract_claiming_a_hundred_thousand_author_rows_is_refused(client, site):
    response = post_abstract(client, **{"authors-TOTAL_FORMS": "100000"})
    assert response.status_code == 200
    assert "List at most 10 authors." in body(response)
    assert stored() == (0, 0, 0)


def test_scripts_in_every_text_field_of_an_abstract_are_stored_as_text_and_shown_escaped(client, site):
    authors = [(SCRIPT, SCRIPT, "anna@example.org")]
    refused = post_abstract(client, title=SCRIPT, text=f"{SCRIPT} is what we study.", authors=authors)
    assert "The abstract is plain text: remove the markup &lt;script&gt;." in body(refused)  # its text only
    response = post_abstract(client, title=SCRIPT, text="alert(1) is what we study.", authors=authors)
    assert response.status_code == 302
    abstract = Abstract.objects.get()
    assert (abstract.title, abstract.authors.get().name) == (SCRIPT, SCRIPT)
    page = client.get(response["Location"])
    assert (page.status_code, SCRIPT in body(page), ESCAPED in body(page)) == (200, False, True)


def test_an_abstract_for_a_closed_call_is_refused_with_403(client, site):
    from conferences.models import Conference

    past = Conference.objects.get(slug="past")
    response = client.post("/conference/past/submit/", abstract_data(past))
    assert response.status_code == 403
    assert stored() == (0, 0, 0)


def test_hostile_edits_through_a_private_link_are_shown_back_and_not_stored(client, site):
    abstract = AbstractFactory(conference=conference(), title="The original title")
    data = abstract_data(conference(), title=NUL, **{"authors-TOTAL_FORMS": "abc"})
    data.pop("submission_token")
    response = client.post(abstract.get_manage_url() + "edit/", data)
    assert response.status_code == 200
    assert Abstract.objects.get(pk=abstract.pk).title == "The original title"


def test_a_withdrawal_posted_without_confirmation_withdraws_nothing(client, site):
    abstract = AbstractFactory(conference=conference())
    response = client.post(abstract.get_manage_url() + "withdraw/", {"confirm": SCRIPT})
    assert response.status_code == 200
    assert Abstract.objects.get(pk=abstract.pk).status == Abstract.Status.SUBMITTED


# --- The letter of interest ----------------------------------------------------------------------


def letter(**overrides):
    data = {
        "submission_token": str(uuid.uuid4()),
        "homepage": "",
        "organisation": "Baku Policy Institute",
        "contact_person": "Aysel Karimova",
        "email": "aysel@example.org",
        "website": "",
        "message": "We would like to host a panel.",
    }
    return {key: value for key, value in (data | overrides).items() if value is not None}


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"organisation": NUL}, NUL_MESSAGE),
        ({"message": NUL}, NUL_MESSAGE),
        ({"organisation": "x" * 10_000}, "Ensure this value has at most 300 characters (it has 10000)."),
        ({"message": "x" * 10_001}, "10"),
        ({"email": SCRIPT}, "Enter a valid email address, such as name@example.org."),
        ({"website": "javascript:alert(1)"}, "Enter a full web address, such as https://example.org."),
        ({"website": "data:text/html,<script>"}, "Enter a full web address, such as https://example.org."),
        ({"submission_token": None}, "This form is incomplete or out of date. Please check it and send it again."),
    ],
)
def test_a_hostile_letter_is_shown_back_with_a_clear_error_and_not_stored(client, site, overrides, error):
    response = client.post("/conference/peace/partners/", letter(**overrides))
    assert response.status_code == 200
    assert error in body(response)
    assert stored() == (0, 0, 0)


def test_scripts_in_every_text_field_of_a_letter_are_stored_as_text_and_shown_escaped(client, site):
    response = client.post(
        "/conference/peace/partners/", letter(organisation=SCRIPT, contact_person=SCRIPT, message=SCRIPT)
    )
    assert response.status_code == 302
    assert LetterOfInterest.objects.get().organisation == SCRIPT
    page = client.get(response["Location"])
    assert (page.status_code, SCRIPT in body(page)) == (200, False)


# --- The simulation form -------------------------------------------------------------------------


def simulation(**overrides):
    data = {
        "submission_token": str(uuid.uuid4()),
        "homepage": "",
        "full_name": "Tural Huseynov",
        "position": "Analyst",
        "email": "tural@example.org",
        "phone": "+994 12 345 67 89",
        "title": "A ceasefire game",
        "text": "Two teams negotiate a ceasefire.",
    }
    return {key: value for key, value in (data | overrides).items() if value is not None}


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"full_name": NUL}, NUL_MESSAGE),
        ({"text": NUL}, NUL_MESSAGE),
        ({"title": "x" * 10_000}, "Ensure this value has at most 300 characters (it has 10000)."),
        ({"text": "x" * 100_001}, "100"),
        ({"phone": SCRIPT}, "Enter a phone number of 6 to 20 digits, such as +994 12 345 67 89."),
        ({"kept_file": "../../settings.py"}, "Paste the text of your simulation or attach a file."),
        (
            {"file": SimpleUploadedFile("page.html", b"<html><script>alert(1)</script></html>", "text/html")},
            "Attach a PDF, Word (.docx or .doc), OpenDocument (.odt), RTF or plain-text file.",
        ),
        (
            {"file": SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")},
            "This file&#x27;s content does not match its name (.pdf); please attach it again.",
        ),
        (
            {"file": SimpleUploadedFile("notes.txt", b"\xff\xfe" + b"\x00\xd8" * 2000, "text/plain")},
            "This text file is not UTF-8 text; save it as UTF-8 or attach a PDF.",
        ),
        (
            {"file": SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024), "application/pdf")},
            "The file is 10.0 MB; attach one of at most 10 MB, or paste the text.",
        ),
    ],
)
def test_a_hostile_simulation_is_shown_back_with_a_clear_error_and_not_stored(client, site, overrides, error):
    if "text" not in overrides and ("file" in overrides or "kept_file" in overrides):
        overrides["text"] = ""
    response = client.post("/conference/simulations/sims/", simulation(**overrides))
    assert response.status_code == 200
    assert error in body(response)
    assert stored() == (0, 0, 0)


def test_scripts_in_every_text_field_of_a_simulation_are_stored_as_text_and_shown_escaped(client, site):
    response = client.post(
        "/conference/simulations/sims/", simulation(full_name=SCRIPT, position=SCRIPT, title=SCRIPT, text=SCRIPT)
    )
    assert response.status_code == 302
    assert SimulationSubmission.objects.get().title == SCRIPT
    page = client.get(response["Location"])
    assert (page.status_code, SCRIPT in body(page)) == (200, False)
