"""Highlighting: a search result's title, summary and a passage of its body with the matched words
in ``<mark>``, as safe HTML, on both databases.

Matches are found in Python by the SQLite rule (terms start words, ``Term.word_starts()``):
``ts_headline`` would need folded text, and folding in SQL (``translate()``) cost more than the
rest of a search.
"""

import html
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .query import ParsedQuery, fold, without_tags

_NOT_A_WORD_CHARACTER = re.compile(r"[\W_]")


# Private-use characters mark matches while the text is still raw; escaping happens before they
# become <mark> elements, so whatever the text contains, the snippet is safe HTML.
_START, _STOP = "\ue000", "\ue001"
SNIPPET_CHARS = 240


@dataclass(frozen=True)
class Highlights:
    title: str
    summary: str
    snippet: str  # a passage of the body around the matches; "" when the body did not match


def highlights(article, parsed: ParsedQuery) -> Highlights:
    """Title, summary and a body passage with the matched words in ``<mark>``, as safe HTML."""
    body_text = without_tags(article.body)
    title = _mark(article.title, parsed)
    summary = _mark(article.summary, parsed)
    snippet = _passage(_mark(body_text, parsed))
    return Highlights(_render(title), _render(summary), _render(_collapse(snippet)) if _START in snippet else "")


def _normalised(text):
    """``text`` folded and lower-cased character for character, punctuation as spaces."""
    folded = fold(text)
    lowered = folded.lower()
    if len(lowered) == len(text):  # as nearly always: no letter became two
        return _NOT_A_WORD_CHARACTER.sub(" ", lowered)
    out = []
    for char in folded:
        lower = char.lower()
        out.append((lower if len(lower) == 1 else char) if char.isalnum() else " ")
    return "".join(out)


def _mark(text, parsed):
    """Wrap every word that a term matches (the SQLite rule: terms start words)."""
    if not text:
        return ""
    normalised = _normalised(text)
    spans = []
    for term in parsed.terms:
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(word) for word in term.word_starts()) + r"\w*"
        spans += [match.span() for match in re.finditer(pattern, normalised)]
    out, position = [], 0
    for start, end in sorted(spans):
        if start < position:
            continue
        out += [text[position:start], _START, text[start:end], _STOP]
        position = end
    out.append(text[position:])
    return "".join(out)


def _passage(marked):
    """About SNIPPET_CHARS characters of ``marked`` around its first mark, cut at spaces."""
    first = marked.find(_START)
    if first < 0:
        return ""
    start = max(0, first - SNIPPET_CHARS // 3)
    if start:
        start = marked.find(" ", start) + 1 or first
    end = start + SNIPPET_CHARS
    if end < len(marked):
        end = marked.rfind(" ", start, end) if " " in marked[first:end] else end
        end = max(end, marked.find(_STOP, first) + 1)
    passage = marked[start:end]
    if passage.count(_START) > passage.count(_STOP):
        passage += _STOP
    return ("… " if start else "") + passage.strip() + (" …" if end < len(marked) else "")


def _collapse(text):
    return " ".join(text.split())


def _render(text):
    """Escape first, then turn the private markers into <mark> elements."""
    safe = escape(html.unescape(text or "")).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(safe)  # noqa: S308 - escaped above
