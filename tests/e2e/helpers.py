"""What the browser tests measure in a page: accessibility (axe-core), layout, weight, screenshots."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
NAVIGATION_TIMEOUT = 30_000  # ms: generous, for a 2-core machine running two suites' browsers at once

# WCAG 2.2 A and AA, plus axe's best practices (landmarks, headings, regions) on our own pages.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@dataclass(frozen=True)
class Known:
    """A violation we accept, named exactly: one axe rule, on the elements matching a CSS selector, and why."""

    rule: str
    selector: str
    reason: str


def axe_violations(page, known=()):
    """Run axe-core in ``page``; return its violations as ``"rule: element — help"`` lines.

    ``known`` (a sequence of :class:`Known`) filters out, element by element, the violations of
    a rule on elements matching a selector; everything else is returned. axe is injected from
    node_modules (installed by ``npm ci``), never fetched.
    """
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` in the project folder (scripts/test does).")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol rather than added as a <script>: the site's
        # Content-Security-Policy rightly refuses inline scripts, and the test must not weaken it.
        page.evaluate(_axe_source())
    return page.evaluate(
        """async ([tags, known]) => {
            const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
            const results = await axe.run(document, options);
            const accepted = (rule, target) => {
                const element = target.length === 1 ? document.querySelector(target[0]) : null;
                return element !== null && known.some(k => k.rule === rule && element.matches(k.selector));
            };
            return results.violations.flatMap(v => v.nodes
                .filter(n => !accepted(v.id, n.target))
                .map(n => `${v.id}: ${n.target.join(" >> ")} — ${v.help}`));
        }""",
        [AXE_TAGS, [{"rule": k.rule, "selector": k.selector} for k in known]],
    )


@cache
def _axe_source():
    return AXE_JS.read_text(encoding="utf-8")


def open_page(browser, viewport=DESKTOP, **options):
    """A page in a fresh browser context (its own cookies and cache); close it with ``page.context.close()``."""
    page = browser.new_context(viewport=viewport, **options).new_page()
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(NAVIGATION_TIMEOUT)
    return page


def horizontal_overflow(page):
    """How many CSS pixels the page is wider than the window (0: no horizontal scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def screenshot(page, name):
    """Save a full-page screenshot as test-artifacts/screenshots/<name>.png (git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    return path


def text_metrics(page, selector):
    """Font size (px) and characters per full line (estimated) of the first element matching ``selector``.

    Characters per line: the element's width divided by the average width of a character of its
    font, measured on a sample of its own text; an estimate good to a few characters.
    """
    return page.evaluate(
        """(selector) => {
            const p = document.querySelector(selector);
            if (!p) return null;
            const style = getComputedStyle(p);
            const canvas = document.createElement("canvas").getContext("2d");
            canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            const sample = p.textContent.trim().slice(0, 400) || "x";
            const charWidth = canvas.measureText(sample).width / sample.length;
            return {fontSize: parseFloat(style.fontSize), characters: Math.round(p.clientWidth / charWidth)};
        }""",
        selector,
    )


def dates_outside_time(page):
    """Dates the site prints (“15 March 2023”) that are not in a ``<time>``; editors' running text excepted."""
    return page.evaluate(
        r"""() => {
            const months = "January|February|March|April|May|June|July|August|September|October|November|December";
            const date = new RegExp("\\b\\d{1,2} (" + months + ") \\d{4}\\b");
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            const found = [];
            while (walker.nextNode()) {
                const node = walker.currentNode;
                const element = node.parentElement;
                if (date.test(node.textContent) && !element.closest("time, .prose, .card__summary, script")) {
                    found.push(node.textContent.trim());
                }
            }
            return found;
        }"""
    )


def tab_until(page, selector, limit=80):
    """Press Tab until the element matching ``selector`` has the focus; fail after ``limit`` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} never received the focus after {limit} presses of Tab")


def focus_outline(page):
    """The focused element's outline (style and width in px): proof that the focus is visible."""
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return {style: style.outlineStyle, width: parseFloat(style.outlineWidth)};
        }"""
    )


class Weigher:
    """Adds up the bytes a page downloads, by listening to Playwright's request events.

    ``total()`` counts each response as transferred (its body compressed when the server
    compressed it, plus its headers), in all and by resource type; ``hosts`` lists every host a
    request went to, to prove that nothing comes from elsewhere.
    """

    def __init__(self, page):
        self.responses = []
        self.requests = []
        page.on("request", lambda request: self.requests.append(request))
        page.on("requestfinished", lambda request: self.responses.append(request))

    @property
    def hosts(self):
        from urllib.parse import urlsplit

        return {urlsplit(request.url).netloc for request in self.requests if not request.url.startswith("data:")}

    def total(self):
        total = 0
        by_type = {}
        for request in self.responses:
            sizes = request.sizes()
            size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
            total += size
            by_type[request.resource_type] = by_type.get(request.resource_type, 0) + size
        return total, by_type


def fill_abstract(page, *, title, text, authors, topic=None):
    """Fill the abstract form as an author would, by label; ``authors`` are (name, affiliation, email) rows."""
    page.get_by_label("Title of the paper").fill(title)
    if topic:
        page.get_by_role("radio", name=topic).check()
    else:
        page.get_by_role("group", name="Topic").get_by_role("radio").first.check()
    page.get_by_role("textbox", name="Abstract").fill(text)
    for n, (name, affiliation, email) in enumerate(authors, start=1):
        if n > 1:
            page.get_by_role("button", name="Add another author").click()
        row = page.get_by_role("group", name=f"Author {n}", exact=True)
        row.get_by_label("Name").fill(name)
        row.get_by_label("Affiliation").fill(affiliation)
        row.get_by_label("Email").fill(email)
    page.get_by_role("checkbox", name="I agree that the Caucasus Center stores").check()


def private_link(outbox, prefix):
    """The path of the first link starting with ``prefix`` in the emails sent (links in emails are absolute)."""
    from urllib.parse import urlsplit

    paths = [urlsplit(word).path for message in outbox for word in message.body.split() if "://" in word]
    return next(path for path in paths if path.startswith(prefix))


def top_of(page, selector):
    """Where the first element matching ``selector`` starts, in CSS pixels from the top of the page."""
    return page.evaluate(
        "(selector) => document.querySelector(selector).getBoundingClientRect().top + window.scrollY", selector
    )


def captions_without_their_image(page):
    """The text of each caption or photo credit on the page that is not in a ``<figure>`` with a loaded
    ``<img>`` (lazy images are loaded first), so that a caption can never stand under a missing photo."""
    page.evaluate(
        """() => Promise.all([...document.images].map(img => {
            img.loading = "eager";
            return img.complete ? null : new Promise(done => { img.onload = img.onerror = done; });
        }))"""
    )
    return page.evaluate(
        """() => [...document.querySelectorAll("figcaption, .caption, .credit, [class*=caption]")]
            .filter(el => {
                const img = el.closest("figure")?.querySelector("img");
                return !(img && img.complete && img.naturalWidth > 0);
            })
            .map(el => el.textContent.trim())"""
    )


def photo_jpeg(width=1200, height=675):
    """A photo-like JPEG (a gradient with texture, so that it compresses like a real photo would)."""
    from io import BytesIO

    from PIL import Image, ImageFilter

    noise = Image.effect_noise((width, height), 40).convert("RGB")
    gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    image = Image.blend(gradient, noise, 0.35).filter(ImageFilter.GaussianBlur(1.5))
    out = BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()
