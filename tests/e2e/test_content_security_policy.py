"""The Content-Security-Policy holds in a real browser: readers' pages and the editors' admin, the
rich-text editor (ProseMirror, loaded through an import map) included, run with no violation."""

import pytest

from articles.models import Article

pytestmark = pytest.mark.django_db(transaction=True)

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
    const where = `${e.sourceFile}:${e.lineNumber}`;
    window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${where})`);
});
"""


def record_violations(page):
    """Violations as the page reports them, plus the browser console's CSP messages."""
    console = []
    page.on(
        "console", lambda message: console.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.add_init_script(RECORD_VIOLATIONS)
    return lambda: page.evaluate("window.__cspViolations") + console


def test_the_article_editor_works_under_the_policy(editor_page, seeded_site):
    violations = record_violations(editor_page)
    editor_page.goto(seeded_site("/admin/articles/article/add/"))

    editor = editor_page.locator(".ProseMirror:visible").first
    editor.click()
    editor_page.keyboard.type("Typed under a strict policy.")
    assert editor.inner_text() == "Typed under a strict policy."
    assert editor_page.eval_on_selector("script[type=importmap]", "script => script.nonce") != ""
    assert violations() == []


def visit(page, url, violations):
    """Open ``url`` and return the violations it raised (the page's record starts afresh on each load)."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return [f"{url}: {violation}" for violation in violations()]


def test_the_admin_pages_editors_use_raise_no_violation(editor_page, seeded_site):
    violations = record_violations(editor_page)
    article = Article.objects.published().first()
    paths = [
        "/admin/",
        "/admin/articles/article/",
        f"/admin/articles/article/{article.pk}/change/",
        "/admin/articles/author/add/",
        "/admin/articles/series/add/",
        "/admin/conferences/conference/",
    ]
    assert [found for path in paths for found in visit(editor_page, seeded_site(path), violations)] == []


def test_readers_pages_raise_no_violation(page, seeded_site):
    violations = record_violations(page)
    article = Article.objects.published().first()
    paths = ["/", "/articles/", article.get_absolute_url(), "/authors/", "/series/", "/conference/"]
    assert [found for path in paths for found in visit(page, seeded_site(path), violations)] == []
