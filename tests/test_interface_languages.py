"""The public interface in English, Azerbaijani, Russian and Turkish: the URL's prefix decides the
language (none for English), the page says it (``<html lang>``, the navigation, the dates), links to
itself in the other languages, and stays cacheable per address; forms explain and mails confirm in
the language of the page they were filled in."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from caucasuscenter.shared.dates import Precision, format_date
from conferences.models import Abstract, OutgoingEmail
from tests.conferences.conftest import abstract_data
from tests.conferences.factories import ConferenceFactory
from tests.conferences.html import field_errors, texts
from tests.factories import ArticleFactory, AuthorFactory, SeriesFactory

pytestmark = pytest.mark.django_db

PREFIXES = {"en-GB": "", "az": "/az", "ru": "/ru", "tr": "/tr"}
#: The main navigation's first link and the footer's language heading, in each interface language.
NAVIGATION = {
    "en-GB": ("Articles", "Language"),
    "az": ("Məqalələr", "Dil"),
    "ru": ("Статьи", "Язык"),
    "tr": ("Makaleler", "Dil"),
}
NAMES = {"en-GB": "English", "az": "Azərbaycanca", "ru": "Русский", "tr": "Türkçe"}


@pytest.fixture
def content():
    author = AuthorFactory(name="Leyla Aliyeva", slug="leyla-aliyeva")
    ArticleFactory(
        title="Pipelines and peace",
        slug="pipelines-and-peace",
        authors=[author],
        published_at=timezone.make_aware(datetime.datetime(2026, 12, 3, 12, 0)),
    )
    SeriesFactory(title="Borders", slug="borders")
    return ConferenceFactory(slug="peace-2026")


PAGES = [
    "/",
    "/articles/",
    "/articles/pipelines-and-peace/",
    "/authors/",
    "/authors/leyla-aliyeva/",
    "/series/",
    "/conference/",
    "/conference/peace-2026/",
    "/conference/peace-2026/submit/",
    "/search/?q=peace",
]


def html_lang(html):
    return re.search(r"<html lang=\"([^\"]+)\">", html).group(1)


def switch_links(html):
    """``{lang: (href, is_current)}`` of the language switch."""
    nav = re.search(r'<nav class="language-switch".*?</nav>', html, re.S).group(0)
    links = re.findall(r'<a href="([^"]*)" lang="([^"]+)" hreflang="([^"]+)"( aria-current="true")?>([^<]+)</a>', nav)
    assert all(lang == hreflang for _href, lang, hreflang, _current, _name in links)
    assert {lang: name for _href, lang, _h, _c, name in links} == NAMES  # each language named in itself
    return {lang: (href.replace("&amp;", "&"), bool(current)) for href, lang, _h, current, _name in links}


@pytest.mark.parametrize("tag", list(PREFIXES))
@pytest.mark.parametrize("page", PAGES)
def test_each_page_in_each_language_says_its_language_and_links_to_itself_in_the_others(client, content, page, tag):
    response = client.get(PREFIXES[tag] + page)
    html = response.content.decode()

    assert response.status_code == 200
    assert html_lang(html) == tag
    assert "{#" not in html  # no template comment (a multi-line {# #} is not one) leaks onto the page
    articles, language = NAVIGATION[tag]
    assert re.search(rf'<nav class="site-nav"[^>]*>.*?>{articles}</a>', html, re.S), "the main navigation"
    assert f'id="language-switch-heading" class="site-footer__heading">{language}</h2>' in html
    assert switch_links(html) == {other: (prefix + page, other == tag) for other, prefix in PREFIXES.items()}


def test_a_page_not_found_is_in_the_language_of_its_address_and_links_to_the_same_address(client, content):
    response = client.get("/ru/no-such-page/")
    html = response.content.decode()
    assert (response.status_code, html_lang(html)) == (404, "ru")
    assert '<h1 class="page-head__title">Страница не найдена</h1>' in html
    assert switch_links(html)["az"] == ("/az/no-such-page/", False)


def test_an_unprefixed_address_is_english_whatever_the_browser_asks_and_sets_nothing(client, content):
    response = client.get("/articles/", HTTP_ACCEPT_LANGUAGE="ru,az;q=0.8")
    html = response.content.decode()

    assert (response.status_code, html_lang(html)) == (200, "en-GB")  # no redirect to /ru/
    assert ">Articles</a>" in html
    assert "Статьи" not in html
    assert response.cookies == {}  # no language cookie
    assert "accept-language" not in response.get("Vary", "").lower()  # nothing for a shared cache to split on
    assert response["Content-Language"] == "en-gb"
    ru = client.get("/ru/articles/", HTTP_ACCEPT_LANGUAGE="en")
    assert (html_lang(ru.content.decode()), ru["Content-Language"], ru.cookies) == ("ru", "ru", {})


def test_a_language_cookie_changes_nothing_either(client, content):
    client.cookies["django_language"] = "tr"
    assert html_lang(client.get("/series/").content.decode()) == "en-GB"


def test_the_admin_api_and_sitemap_stay_unprefixed_and_english(client, admin_client, content):
    assert client.get("/ru/api/v1/articles/").status_code == 404
    assert client.get("/ru/sitemap.xml").status_code == 404
    assert client.get("/api/v1/articles/", HTTP_ACCEPT_LANGUAGE="ru").json()["results"][0]["byline"] == (
        "By Leyla Aliyeva"
    )
    admin = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert 'lang="en-gb"' in admin  # Django's admin, in English
    assert "<h1>Publishing</h1>" in admin  # our index title, not Django's translated one
    assert "Администрирование" not in admin


def test_the_page_cache_keeps_each_language_apart_by_address(client, settings, content, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    english = client.get("/articles/", HTTP_ACCEPT_LANGUAGE="en").content
    russian = client.get("/ru/articles/").content
    with django_assert_num_queries(0):  # both from the cache, each in its own language
        assert client.get("/articles/", HTTP_ACCEPT_LANGUAGE="ru").content == english
        assert client.get("/ru/articles/", HTTP_ACCEPT_LANGUAGE="en").content == russian
    assert html_lang(english.decode()) == "en-GB"
    assert html_lang(russian.decode()) == "ru"


@pytest.mark.parametrize("prefix", ["/az", "/ru", "/tr"])
@pytest.mark.parametrize("page", ["/", "/articles/", "/articles/pipelines-and-peace/", "/conference/peace-2026/"])
def test_a_page_in_another_language_runs_the_same_queries_as_in_english(client, content, page, prefix):
    cache.clear()
    with CaptureQueriesContext(connection) as english:
        client.get(page)
    cache.clear()
    with CaptureQueriesContext(connection) as other:
        client.get(prefix + page)
    assert len(other) == len(english)


@pytest.mark.parametrize(
    ("language", "day", "month", "year"),
    [
        ("en-gb", "3 December 2026", "December 2026", "2026"),
        ("az", "3 dekabr 2026", "dekabr 2026", "2026"),
        ("ru", "3 декабря 2026 г.", "Декабрь 2026 г.", "2026 г."),
        ("tr", "3 Aralık 2026", "Aralık 2026", "2026"),
    ],
)
def test_dates_read_right_at_each_precision_in_each_language(language, day, month, year):
    date = datetime.date(2026, 12, 3)
    with translation.override(language):
        assert [format_date(date, p) for p in (Precision.DAY, Precision.MONTH, Precision.YEAR)] == [day, month, year]
        assert format_date(date, style="us") == "December 3, 2026"  # a citation's date stays in its format's language


def test_an_article_page_dates_its_byline_and_marks_the_languages_of_its_parts(client, content):
    html = client.get("/ru/articles/pipelines-and-peace/").content.decode()
    assert '<time datetime="2026-12-03T12:00:00+04:00">3 декабря 2026 г.</time>' in html
    assert '<article class="article" lang="en" dir="ltr">' in html  # an English piece inside a Russian page
    assert '<div class="article__meta" lang="ru" dir="ltr">' in html  # the site's words inside it are Russian
    assert "Автор: <a" in html


def test_the_abstract_forms_errors_are_in_russian_on_the_russian_page(client):
    conference = ConferenceFactory()
    data = abstract_data(conference, text="word " * 301, **{"authors-1-email": "elvin-at-example", "title": ""})

    response = client.post(f"/ru/conference/{conference.slug}/submit/", data)

    assert response.status_code == 200
    assert field_errors(response) == {
        "title": ["Введите название доклада."],
        "text": ["Не более 300 слов; здесь 301."],
        "authors-1-email": ["Введите правильный адрес электронной почты, например name@example.org."],
    }
    assert texts(response, "conf-error-summary") == [
        "Пока ничего не отправлено: пожалуйста, исправьте отмеченное ниже. Всё, что вы ввели, сохранено."
    ]
    assert texts(response, "conf-counter") == ["301 из 300 слов · 1504 из 3000 символов"]
    assert Abstract.objects.count() == 0


def test_the_authors_confirmations_are_in_the_language_of_the_form_and_the_editors_mail_in_english(client, settings):
    settings.EDITORS_EMAIL = ["editors@example.org"]
    conference = ConferenceFactory(title="Peace in the South Caucasus", year=2026)

    response = client.post(f"/az/conference/{conference.slug}/submit/", abstract_data(conference))

    assert response.status_code == 302
    assert response["Location"].startswith(f"/az/conference/{conference.slug}/submitted/")
    abstract = Abstract.objects.get()
    assert abstract.language == "az"
    mails = {mail.to: mail for mail in OutgoingEmail.objects.all()}
    contact, coauthor, editors = mails["anna@example.org"], mails["elvin@example.org"], mails["editors@example.org"]
    assert contact.subject == "Tezis qəbul olundu: Trust across the line of contact"
    assert contact.body.startswith(
        "Hörmətli Anna Petrosyan,\n\nPeace in the South Caucasus (2026) üçün tezis göndərdiyiniz üçün təşəkkür edirik."
    )
    assert "Mövzu: Regional actors\n" in contact.body
    assert "Həcm: 14 söz\n" in contact.body
    assert "Bakı vaxtı ilə" in contact.body  # the deadline, in Azerbaijani too
    assert "/az/conference/abstracts/" in contact.body  # the private link opens in the language of the form
    assert coauthor.subject == "Siz “Trust across the line of contact” tezisinin müəlliflərindənsiniz"
    assert editors.subject.startswith("New abstract")
    assert "Hörmətli" not in editors.body


def test_the_authors_hear_of_decisions_and_a_withdrawal_in_the_language_of_their_form(client, settings):
    from conferences import services

    settings.EDITORS_EMAIL = ["editors@example.org"]
    conference = ConferenceFactory(title="Peace in the South Caucasus", year=2026)
    client.post(f"/ru/conference/{conference.slug}/submit/", abstract_data(conference))
    abstract = Abstract.objects.get()
    OutgoingEmail.objects.all().delete()

    services.decide(Abstract.objects.filter(pk=abstract.pk), "waitlisted")
    waitlisted = OutgoingEmail.objects.get(to="anna@example.org")
    services.decide(Abstract.objects.filter(pk=abstract.pk), "accepted")
    accepted = OutgoingEmail.objects.filter(to="anna@example.org").exclude(pk=waitlisted.pk).get()
    services.withdraw_abstract(Abstract.objects.get())
    withdrawn = {mail.to: mail for mail in OutgoingEmail.objects.filter(kind="abstract_withdrawn")}

    assert waitlisted.subject == "В листе ожидания: Trust across the line of contact"
    assert accepted.subject == "Тезисы приняты: Trust across the line of contact"
    for mail in (waitlisted, accepted, withdrawn["anna@example.org"], withdrawn["elvin@example.org"]):
        assert mail.body.startswith("Здравствуйте, ")
        assert "Dear" not in mail.body
    assert "/ru/conference/abstract-status/" in accepted.body  # the status link opens in Russian
    assert withdrawn["editors@example.org"].body.startswith("Dear editors,")  # the editors' mail stays English


def test_a_form_filled_in_english_is_confirmed_in_english(client):
    conference = ConferenceFactory()
    client.post(f"/conference/{conference.slug}/submit/", abstract_data(conference))
    assert Abstract.objects.get().language == "en-gb"
    contact = OutgoingEmail.objects.get(to="anna@example.org")
    assert (contact.subject, contact.body.split("\n")[0]) == (
        "Abstract received: Trust across the line of contact",
        "Dear Anna Petrosyan,",
    )


@pytest.mark.django_db(transaction=True)
def test_the_migration_marks_the_confirmations_editors_never_changed_and_keeps_the_ones_they_did():
    from importlib import import_module

    from django.db.migrations.executor import MigrationExecutor

    from conferences import emails
    from conferences.models import EmailTemplate

    before = import_module("conferences.migrations.0008_submission_language").BEFORE
    executor = MigrationExecutor(connection)
    executor.migrate([("conferences", "0006_contribution_fingerprints")])
    old = executor.loader.project_state([("conferences", "0006_contribution_fingerprints")]).apps
    OldTemplate = old.get_model("conferences", "EmailTemplate")
    OldTemplate.objects.filter(kind="letter_received", conference=None).update(
        subject=before["letter_received"][0], body=before["letter_received"][1]
    )
    OldTemplate.objects.filter(kind="simulation_received", conference=None).update(
        subject="Our own words", body="Dear {{ simulation.full_name }}, thank you."
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    rows = {t.kind: (t.subject, t.body) for t in EmailTemplate.objects.filter(conference=None)}
    assert rows["letter_received"] == emails.default_text("letter_received")
    assert rows["simulation_received"] == ("Our own words", "Dear {{ simulation.full_name }}, thank you.")
