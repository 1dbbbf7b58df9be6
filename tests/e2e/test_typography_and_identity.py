"""The site's typographic identity in a real browser: its own two faces, self-hosted and loaded
from our origin only, the headline face preloaded, Azerbaijani, Turkish and Cyrillic set in them;
the design tokens shared by the site, its print stylesheet and the admin, which carries the site's
name and colours and whose article list fits 1280 px with a wide title field.

Screenshots: test-artifacts/screenshots/admin-<page>-<width>.png (and -dark for the dark scheme).
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.factories import ArticleFactory

from .helpers import DESKTOP, PHONE, ROOT, axe_violations, horizontal_overflow, open_page, screenshot
from .test_accessibility import DJANGO_ADMIN

pytestmark = pytest.mark.django_db(transaction=True)

TOKENS = (ROOT / "static" / "css" / "tokens.css").read_text(encoding="utf-8")
SERIF, SANS = "CCSIS Serif", "CCSIS Sans"
HEADLINE_FACE = "serif-semibold-latin"
AZERBAIJANI_AND_CYRILLIC = "Şuşa, Gəncə və Ağdam: İrəvanla sülh çıxışı — «Жизнь на границе»"
# Every letter the site must set in its own faces: Azerbaijani and Turkish, then Russian.
LETTERS = "əƏğĞıİşŞçÇöÖüÜ’“”—–…№€" + "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя"
NOT_IN_OUR_FACES = "ა"  # Georgian: left to the system's fonts (proves the coverage check can fail)


def token(name):
    """The colour a token is set to in tokens.css (following one alias), as the browser computes it: rgb(r, g, b)."""
    value = re.search(rf"^\s*--{name}:\s*([^;]+);", TOKENS, re.MULTILINE)[1].strip()
    if alias := re.fullmatch(r"var\(--([\w-]+)\)", value):
        return token(alias[1])
    red, green, blue = (int(value[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def font_faces(page):
    """Every @font-face the page knows: family, weight, style, display and status."""
    page.evaluate("document.fonts.ready")
    return page.evaluate(
        """() => [...document.fonts].map(f => ({family: f.family.replace(/"/g, ""), weight: f.weight,
            style: f.style, display: f.display, status: f.status, range: f.unicodeRange}))"""
    )


def font_requests(requests):
    return [request.url for request in requests if request.resource_type == "font"]


def covered(page, family, weight, text):
    """The characters of ``text`` that the face draws itself: measured twice, over two fallbacks of
    different widths, a character the face lacks takes each fallback's width and so differs."""
    return page.evaluate(
        """async ([family, weight, text]) => {
            await document.fonts.load(`${weight} 40px "${family}"`, text);
            const context = document.createElement("canvas").getContext("2d");
            const width = (ch, fallback) => {
                context.font = `${weight} 40px "${family}", ${fallback}`;
                return context.measureText(ch).width;
            };
            return [...text].filter(ch => ch.trim() && width(ch, "monospace") === width(ch, "cursive")).join("");
        }""",
        [family, weight, text],
    )


def test_the_site_sets_its_own_faces_loaded_from_its_own_origin(browser, seeded_site, article_with_photo):
    page = open_page(browser)
    requests = []
    page.on("request", lambda request: requests.append(request))
    assert page.goto(seeded_site(article_with_photo.get_absolute_url()), wait_until="networkidle").status == 200

    faces = font_faces(page)
    assert {face["family"] for face in faces} == {SERIF, SANS}
    assert {face["display"] for face in faces} == {"swap"}
    loaded = {(face["family"], face["weight"], face["style"]) for face in faces if face["status"] == "loaded"}
    assert (SERIF, "600 700", "normal") in loaded  # the headline face
    assert (SERIF, "400 500", "normal") in loaded  # the body face
    assert (SANS, "400 500", "normal") in loaded  # the furniture
    assert page.locator("h1").evaluate("h => getComputedStyle(h).fontFamily").startswith(f'"{SERIF}"')
    assert page.locator("body").evaluate("b => getComputedStyle(b).fontFamily").startswith(f'"{SERIF}"')
    assert page.locator(".site-nav a").first.evaluate("a => getComputedStyle(a).fontFamily").startswith(f'"{SANS}"')

    # The four Latin faces set above the fold are preloaded (the headline face first), so nothing
    # reflows when they swap in; each preload is the very file the page uses, fetched once.
    preloads = page.locator("link[rel=preload][as=font]")
    assert {link.get_attribute("type") for link in preloads.all()} == {"font/woff2"}
    assert all(link.get_attribute("crossorigin") is not None for link in preloads.all())
    preloaded = preloads.evaluate_all("links => links.map(link => link.href)")
    assert [urlsplit(url).path.rsplit("/", 1)[-1].split(".")[0] for url in preloaded] == [
        "serif-semibold-latin",
        "serif-regular-latin",
        "sans-regular-latin",
        "sans-semibold-latin",
    ]
    assert HEADLINE_FACE in preloaded[0]
    fonts = font_requests(requests)
    assert all(fonts.count(url) == 1 for url in preloaded)
    site = urlsplit(seeded_site.url).netloc
    assert {urlsplit(url).netloc for url in fonts} == {site}
    assert all(urlsplit(url).path.startswith("/static/fonts/") and url.endswith(".woff2") for url in fonts)
    assert {urlsplit(request.url).netloc for request in requests} == {site}  # nothing from elsewhere
    # An English page needs no Cyrillic: unicode-range keeps those files unloaded.
    assert [url for url in fonts if "cyrillic" in url] == []
    screenshot(page, "typography-article-1280")
    page.context.close()


def test_azerbaijani_turkish_and_cyrillic_headlines_are_set_in_our_faces(browser, seeded_site):
    article = ArticleFactory(title=AZERBAIJANI_AND_CYRILLIC, slug="shusha-ganja-aghdam", language="az")
    page = open_page(browser, PHONE)
    requests = []
    page.on("request", lambda request: requests.append(request))
    assert page.goto(seeded_site(article.get_absolute_url()), wait_until="networkidle").status == 200
    headline = page.locator("h1")
    assert headline.inner_text() == AZERBAIJANI_AND_CYRILLIC
    assert headline.evaluate("h => getComputedStyle(h).fontFamily").startswith(f'"{SERIF}"')

    assert page.evaluate("(font) => document.fonts.check(font, 'ə İ ğ ş Ж')", f'600 16px "{SERIF}"')
    for family, weight in ((SERIF, 600), (SERIF, 400), (SANS, 400), (SANS, 600)):
        assert covered(page, family, weight, LETTERS) == LETTERS, f"{family} {weight}"
        assert covered(page, family, weight, NOT_IN_OUR_FACES) == ""
    faces = font_faces(page)
    loaded = {(face["family"], face["weight"], face["range"]) for face in faces if face["status"] == "loaded"}
    assert any(family == SERIF and weight == "600 700" and "U+400" in range_ for family, weight, range_ in loaded)
    assert any("serif-semibold-cyrillic" in url for url in font_requests(requests))
    screenshot(page, "typography-azerbaijani-cyrillic-375")
    page.context.close()


def test_print_uses_the_same_tokens_and_faces(page, seeded_site, article_with_photo):
    page.emulate_media(media="print")
    page.goto(seeded_site(article_with_photo.get_absolute_url()))
    title = page.locator("h1")
    assert title.evaluate("h => getComputedStyle(h).fontFamily").startswith(f'"{SERIF}"')
    assert title.evaluate("h => getComputedStyle(h).color") == "rgb(0, 0, 0)"  # the print --ink
    assert page.locator("body").evaluate("b => getComputedStyle(b).getPropertyValue('--text-body')").strip() == "11pt"


def test_the_site_and_the_admin_share_the_site_colours(browser, editor_page, seeded_site):
    navy = token("navy")
    assert navy == token("accent") == "rgb(31, 65, 99)"
    site = open_page(browser)
    site.goto(seeded_site("/"))
    assert site.locator("header.site-header").evaluate("h => getComputedStyle(h).borderTopColor") == navy
    assert site.locator("footer.site-footer").evaluate("f => getComputedStyle(f).backgroundColor") == navy
    site.context.close()

    page = editor_page
    page.goto(seeded_site("/admin/"))
    header = page.locator("#header")
    assert header.evaluate("h => getComputedStyle(h).backgroundColor") == navy
    assert header.evaluate("h => getComputedStyle(h).borderTopColor") == token("kicker")
    assert page.locator("#site-name").inner_text() == "The Caucasus Center — editors"
    assert page.locator("#site-name").evaluate("n => getComputedStyle(n).fontFamily").startswith(f'"{SERIF}"')
    assert page.locator("body").evaluate("b => getComputedStyle(b).fontFamily").startswith(f'"{SANS}"')
    assert page.locator("body").evaluate("b => getComputedStyle(b).backgroundColor") == token("paper")
    assert page.locator(".module caption").first.evaluate("c => getComputedStyle(c).backgroundColor") == navy
    assert page.title().endswith("CCSIS editors")


@pytest.mark.parametrize("scheme", ["system", "toggle"])
def test_the_admin_keeps_the_site_colours_in_the_dark(browser, seeded_site, scheme):
    from .conftest import log_in

    page = open_page(browser, color_scheme="dark" if scheme == "system" else "light")
    log_in(page, seeded_site)
    if scheme == "toggle":  # Django's theme toggle, set to dark over a light system
        page.evaluate("localStorage.setItem('theme', 'dark')")
    page.goto(seeded_site("/admin/articles/article/"))
    assert page.locator("html").evaluate("h => getComputedStyle(h).colorScheme") == "dark"
    assert page.locator("#header").evaluate("h => getComputedStyle(h).backgroundColor") == token("navy")
    assert page.locator("body").evaluate("b => getComputedStyle(b).backgroundColor") == token("night-paper")
    assert page.locator("body").evaluate("b => getComputedStyle(b).color") == token("night-ink")
    assert axe_violations(page, DJANGO_ADMIN) == []  # contrast holds in the dark too
    screenshot(page, f"admin-articles-dark-{scheme}-1280")
    page.goto(seeded_site("/admin/articles/article/add/"))
    assert axe_violations(page, DJANGO_ADMIN) == []
    page.context.close()


def test_the_admin_article_list_fits_1280_px_and_the_title_field_is_wide(editor_page, seeded_site):
    page = editor_page
    assert page.viewport_size == DESKTOP
    page.goto(seeded_site("/admin/articles/article/"))
    assert horizontal_overflow(page) == 0
    results = page.locator("#changelist .results")
    assert results.evaluate("r => r.scrollWidth - r.clientWidth") == 0  # the table does not scroll inside
    columns = page.locator("#result_list thead th")
    rights = columns.evaluate_all("ths => ths.map(th => th.getBoundingClientRect().right)")
    assert len(rights) >= 7
    assert max(rights) <= DESKTOP["width"]
    filters = page.locator("#changelist-filter").bounding_box()
    assert filters["x"] + filters["width"] <= DESKTOP["width"]
    assert columns.filter(has_text="Title").bounding_box()["width"] >= 200  # titles are not squeezed
    screenshot(page, "admin-articles-1280")

    page.goto(seeded_site("/admin/articles/article/add/"))
    title = page.get_by_label("Title")
    assert title.bounding_box()["width"] >= 600
    assert title.evaluate("t => getComputedStyle(t).fontFamily").startswith(f'"{SERIF}"')
    assert horizontal_overflow(page) == 0
    screenshot(page, "admin-article-form-1280")


def test_the_admin_screens_editors_use_most_at_a_phone_and_a_desktop(browser, seeded_site):
    from .conftest import log_in

    for viewport in (PHONE, DESKTOP):
        page = open_page(browser, viewport)
        log_in(page, seeded_site)
        for name, path in (
            ("index", "/admin/"),
            ("articles", "/admin/articles/article/"),
            ("article-form", "/admin/articles/article/add/"),
        ):
            assert page.goto(seeded_site(path)).status == 200
            assert page.locator("#header").evaluate("h => getComputedStyle(h).backgroundColor") == token("navy")
            screenshot(page, f"admin-{name}-{viewport['width']}")
        page.context.close()


def test_the_font_files_are_the_built_ones_with_their_licences():
    fonts = ROOT / "static" / "fonts"
    built = sorted(path.name for path in fonts.glob("*.woff2"))
    faces = ["sans-regular", "sans-semibold", "serif-italic", "serif-regular", "serif-semibold"]
    assert built == sorted(f"{face}-{subset}.woff2" for face in faces for subset in ("cyrillic", "latin"))
    for path in fonts.glob("*.woff2"):
        assert path.read_bytes()[:4] == b"wOF2", path.name
        assert path.name in TOKENS, f"{path.name} has no @font-face"
    for licence in ("SourceSerif4-OFL.txt", "SourceSans3-OFL.txt"):
        assert "SIL OPEN FONT LICENSE Version 1.1" in (fonts / licence).read_text(encoding="utf-8")
    assert TOKENS.count("font-display: swap;") == TOKENS.count("@font-face") == len(built)
    assert Path(ROOT / "scripts" / "build-fonts").stat().st_mode & 0o111
