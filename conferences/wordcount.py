"""How long an abstract is: the one rule the server applies and the browser's counter repeats.

The rule
--------
1. The text is normalised to Unicode NFC and combining marks (accents written as a
   separate character, Indic vowel signs, …) are removed, so that a word is never split
   at a mark.
2. A *word* is a run of letters or digits in any script, which may continue across a
   single hyphen (``-``, ``‐``, ``‑``), apostrophe (``'``, ``’``), full stop, comma or
   zero-width (non-)joiner (as in Persian "می‌خواهم") that stands *between* two letters
   or digits.

So "Nagorno-Karabakh", "Baku’s", "1,960", "3.5", "COVID-19" and "e.g." are one word
each; a dash standing alone ("peace — war"), a run of punctuation ("…", "!!!") or an
emoji is no word at all; a line break separates words like a space; "and/or" and
"snake_case" are two words. Text in Cyrillic, Armenian, Georgian, Arabic or any other
script counts the same way.

Text written without spaces (a pasted URL, Chinese) is one long "word", so a second
limit caps the characters: ``character_limit(word_limit)`` characters, counted after
line endings are normalised to ``\\n`` and surrounding white space is stripped.

``static/js/word-count.js`` implements the same rule with the same regular expression
(``[\\p{L}\\p{N}]`` in JavaScript is ``[^\\W_]`` in Python); tests/conferences/test_wordcount.py
holds the table of edge cases that both must pass.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WORD_RE = re.compile(r"[^\W_]+(?:[-‐‑'’.,\u200c\u200d][^\W_]+)*")
CHARACTERS_PER_WORD = 10


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "")
    return "".join(c for c in text if not unicodedata.category(c).startswith("M"))


def count_words(text: str) -> int:
    """The number of words in ``text``, by the rule in this module's docstring."""
    return sum(1 for _match in WORD_RE.finditer(_normalise(text)))


def count_characters(text: str) -> int:
    """Characters (code points) after normalising line endings and stripping the ends."""
    return len((text or "").replace("\r\n", "\n").replace("\r", "\n").strip())


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


def validate_character_limit(value: str, limit: int) -> None:
    if (n := count_characters(value)) > limit:
        raise ValidationError(
            _("At most %(limit)s characters; this has %(n)s."),
            code="too_many_characters",
            params={"limit": limit, "n": n},
        )
