"""How long an abstract is: the one rule the server applies and the browser's counter repeats.

The rule
--------
1. The text is normalised to Unicode NFC; format characters (Unicode category Cf: zero-width
   space, BOM, soft hyphen, direction controls …) other than the zero-width (non-)joiner are
   removed, as a reader sees none of them; blank characters that are not spaces to Unicode but
   show as one (the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, the braille blank U+2800)
   count as a space; HTML markup (``<b>``, ``</p>``, ``<br/>``, ``<!-- … -->``) and character
   references (``&amp;``, ``&#160;``) count as a space (the form refuses them anyway:
   ``validate_plain_text``, as the abstract is plain text).
2. For words, combining marks (accents written as a separate character, Indic vowel signs, …)
   are removed, so that a word is never split at a mark. A *word* is a run of letters or digits
   in any script, which may continue across a single hyphen (``-``, ``‐``, ``‑``), apostrophe
   (``'``, ``’``), full stop, comma or zero-width (non-)joiner (as in Persian "می‌خواهم") that
   stands *between* two letters or digits.
3. For characters, every run of white space (``SPACE``: spaces of any width, tabs, line breaks,
   the blanks above) counts as one, and white space at the ends as none; characters are code
   points, combining marks included. So wide line spacing never makes an abstract too long.

So "Nagorno-Karabakh", "Baku’s", "1,960", "3.5", "COVID-19" and "e.g." are one word
each; a dash standing alone ("peace — war"), a run of punctuation ("…", "!!!") or an
emoji is no word at all; a line break separates words like a space; "and/or" and
"snake_case" are two words. Text in Cyrillic, Armenian, Georgian, Arabic or any other
script counts the same way.

Text written without spaces (a pasted URL, Chinese) is one long "word", so a second
limit caps the characters: ``character_limit(word_limit)`` characters.

``static/js/word-count.js`` implements the same rule with the same regular expressions
(``[\\p{L}\\p{N}]`` in JavaScript is ``[^\\W_]`` in Python; ``SPACE`` is spelled out, not ``\\s``,
which differs between the two); tests/conferences/wordcount_cases.json is the one table of edge
cases that both must pass (tests/conferences/test_wordcount.py, tests/e2e/test_conference_word_counter.py).
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WORD_RE = re.compile(r"[^\W_]+(?:[-‐‑'’.,\u200c\u200d][^\W_]+)*")
#: White space as the counter sees it: the same characters in word-count.js.
SPACE = "[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000" + "\u115f\u1160\u3164\uffa0\u2800]"
SPACE_RUN_RE = re.compile(SPACE + "+")
BLANK_RE = re.compile("[\u115f\u1160\u3164\uffa0\u2800]")
#: HTML a reader would not see as typed: a comment, a tag, a character reference (the same in word-count.js).
MARKUP_RE = re.compile(
    r"<!--[\s\S]*?-->"
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:[\t\n\f\r /][^<>]*)?>"
    r"|&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);"
)
CHARACTERS_PER_WORD = 10


def _visible(text: str) -> str:
    """Step 1 of the rule: NFC, format characters out, blanks and markup as spaces."""
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(c for c in text if c in "\u200c\u200d" or unicodedata.category(c) != "Cf")
    return MARKUP_RE.sub(" ", BLANK_RE.sub(" ", text))


def count_words(text: str) -> int:
    """The number of words in ``text``, by the rule in this module's docstring."""
    visible = "".join(c for c in _visible(text) if not unicodedata.category(c).startswith("M"))
    return sum(1 for _match in WORD_RE.finditer(visible))


def count_characters(text: str) -> int:
    """Characters (code points) of the visible text, each run of white space counting once."""
    return len(SPACE_RUN_RE.sub(" ", _visible(text)).strip(" "))


def character_limit(word_limit: int) -> int:
    """The character cap that goes with a word limit: 300 words → 3000 characters."""
    return word_limit * CHARACTERS_PER_WORD


def validate_word_limit(value: str, limit: int) -> None:
    if (n := count_words(value)) > limit:
        raise ValidationError(
            _("At most %(limit)s words; this has %(n)s."),
            code="too_many_words",
            params={"limit": limit, "n": n},
        )


def validate_plain_text(value: str) -> None:
    """Refuse HTML typed into a plain-text field: readers would see the tags, and the count would not."""
    if match := MARKUP_RE.search(value or ""):
        raise ValidationError(
            _(
                "The abstract is plain text: remove the markup %(markup)s. Separate paragraphs with an "
                "empty line; write “&” and “<” as they are."
            ),
            code="markup",
            params={"markup": match.group(0)[:40]},
        )


def validate_character_limit(value: str, limit: int) -> None:
    if (n := count_characters(value)) > limit:
        raise ValidationError(
            _("At most %(limit)s characters; this has %(n)s."),
            code="too_many_characters",
            params={"limit": limit, "n": n},
        )
