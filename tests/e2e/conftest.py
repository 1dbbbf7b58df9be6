"""Real-browser tests: Debian's chromium driven by Playwright (no browser download)."""

import os
import shutil
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from .helpers import NAVIGATION_TIMEOUT, open_page, photo_jpeg

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made
# by the test itself (creating data) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's chromium package (make test does).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, but serving static files as production does.

    pytest-django wraps the site in staticfiles' finder-based handler, which knows only the
    unhashed source names, so every hashed stylesheet (DEBUG is off) was a 404 and the browser
    tests saw unstyled pages. Here nothing intercepts /static/: WhiteNoise serves the collected,
    hashed, compressed files from STATIC_ROOT exactly as in production. Uploads (MEDIA_URL) are
    still served by Django's test handler.
    """
    from pytest_django.live_server_helper import LiveServer

    addr = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    server = LiveServer(addr, start=False)
    server.thread.static_handler = lambda application: application
    server.start()
    yield server
    server.stop()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(NAVIGATION_TIMEOUT)
    yield page
    if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


# --- The site as a newcomer gets it from the README ---------------------------------------------


@dataclass
class Site:
    """The live site with the seed content, the local editor account and (optionally) an open call."""

    url: str
    editor_username: str
    editor_password: str

    def __call__(self, path):
        return self.url + path


@pytest.fixture
def seeded_site(live_server):
    """``make serve``'s site: the seed content (``load_seed``) and the local editor (``create_local_editor``)."""
    from articles.management.commands.create_local_editor import PASSWORD, USERNAME

    call_command("load_seed", verbosity=0)
    with override_settings(DEBUG=True):  # the command refuses to run in production
        call_command("create_local_editor", stdout=StringIO())
    return Site(url=live_server.url, editor_username=USERNAME, editor_password=PASSWORD)


@pytest.fixture
def open_call(seeded_site):
    """A demo call for papers opened by the conference app's own command (the seed's call is closed)."""
    from conferences.models import Conference

    call_command("open_demo_call", days=14, stdout=StringIO())
    return Conference.objects.get(is_demo=True)


@pytest.fixture
def editor_page(browser, seeded_site):
    """A desktop page logged in to the admin as the local editor."""
    page = open_page(browser)
    log_in(page, seeded_site)
    yield page
    page.context.close()


def log_in(page, site):
    page.goto(site("/admin/login/"))
    page.get_by_label("Username").fill(site.editor_username)
    page.get_by_label("Password").fill(site.editor_password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(site("/admin/"))


@pytest.fixture
def article_with_photo(seeded_site):
    """A seed article given a photo, a description for screen readers, a caption and a credit."""
    from django.core.files.base import ContentFile

    from articles.models import Article

    article = Article.objects.get(slug="turkeys-rise-and-irans-decline-in-the-south-caucasus")
    article.photo = ContentFile(photo_jpeg(), name="artillery.jpg")  # stored as an upload is: with renditions
    article.photo_alt = "Artillery firing from a field position"
    article.save()
    return article


@pytest.fixture
def published_proceedings(seeded_site):
    """The seed's (closed) call with three accepted papers on two topics and its proceedings published."""
    from django.utils import timezone

    from conferences.models import Abstract, AbstractAuthor, Conference

    call = Conference.objects.get(slug="peace-in-south-caucasus-2023")
    topics = list(call.topics.all()[:2])
    papers = [
        (topics[0], "Mediation after the ceasefire", [("Leyla Mammadova", "ADA University")]),
        (
            topics[0],
            "Guarantees that hold",
            [("Arman Petrosyan", "Yerevan State University"), ("Nino Beridze", "Ilia State University")],
        ),
        (topics[1], "Reading the trilateral statement", [("Anar Aliyev", "Baku State University")]),
    ]
    for topic, title, authors in papers:
        abstract = Abstract.objects.create(
            conference=call,
            topic=topic,
            title=title,
            text="The paragraph of the abstract. " * 20 + "\n\nA second paragraph of the abstract.",
            consent_given_at=timezone.now(),
            status=Abstract.Status.ACCEPTED,
        )
        for position, (name, affiliation) in enumerate(authors, start=1):
            AbstractAuthor.objects.create(
                abstract=abstract,
                position=position,
                name=name,
                affiliation=affiliation,
                email=f"{name.split()[0].lower()}@example.org",
                is_contact=position == 1,
            )
    call.proceedings_published = True
    call.save(update_fields=["proceedings_published"])
    return call
