"""The reader's query language, the same on every database: what may be typed, how it is folded,
and the terms it becomes.

Reader syntax: words (all must match), ``"quoted phrases"`` and ``prefix*``. Everything else a
reader types is dropped here, before any SQL sees it, so no input can cause an error. Text and
queries are accent-folded by one table (``fold()``), which also folds the Azerbaijani letters ə and
ı (not diacritics, so no "remove accents" rule knows them); migration 0003 folds with the same two
strings on PostgreSQL.

The SQLite rule, which the highlighter follows on both databases: every term must start a word
(``Term.word_starts()``, with one plain word lightly stemmed by ``light_stem()``: "sanctions" finds
"sanction"), the words of a phrase follow each other, the last one a prefix.
"""

import html
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
AUTO_PREFIX_LENGTH = 4  # in languages without a stemmer, longer words also match as prefixes

# Accent folding, one character for one character (so positions survive folding; the highlighter
# relies on it). The same two strings are in migration 0003, which folds with PostgreSQL's
# immutable translate(); tests check they agree. Azerbaijani and Turkish letters first, then
# common Latin accents, Russian ё, and the Arabic forms of two Persian letters.
FOLD_FROM = "əƏıİğĞşŞçÇöÖüÜáàâäãåāéèêëēíìîïīñóòôõōúùûūýÿžšćčđłńśźżřěőűĉÁÀÂÄÃÅĀÉÈÊËĒÍÌÎÏĪÑÓÒÔÕŌÚÙÛŪÝŸŽŠĆČĐŁŃŚŹŻŘĚŐŰĈёЁيك"
FOLD_TO = "eEiIgGsScCoOuUaaaaaaaeeeeeiiiiinooooouuuuyyzsccdlnszzreoucAAAAAAAEEEEEIIIIINOOOOOUUUUYYZSCCDLNSZZREOUCеЕیک"
assert len(FOLD_FROM) == len(FOLD_TO)
# A table indexed by code point (str.translate() reads a string table far faster than a dict);
# characters beyond it are left as they are.
_FOLDS = dict(zip(map(ord, FOLD_FROM), FOLD_TO, strict=True))
FOLD_TABLE = "".join(_FOLDS.get(code, chr(code)) for code in range(max(_FOLDS) + 1))

# What a query may contain before parsing: letters, digits, spaces, quotes, stars and hyphens.
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "’": None, "'": None, "ʼ": None})
_NOT_ALLOWED = re.compile(r'[^\w\s"*-]|_')
_WORD_SEPARATORS = re.compile(r"[\W_]+")
_TAG = re.compile(r"<[^>]+>")


def fold(text: str) -> str:
    """``text`` with accents folded: “Bakı müharibəsi” → “Baki muharibesi” (same length)."""
    return text if text.isascii() else text.translate(FOLD_TABLE)


@dataclass(frozen=True)
class Term:
    """One thing every result must contain: a word, a phrase (several words), or a prefix."""

    words: tuple[str, ...]
    prefix: bool = False

    def tsquery(self, auto_prefix=False) -> str:
        """``auto_prefix``: words of ``AUTO_PREFIX_LENGTH`` letters or more match as prefixes too."""
        last = len(self.words) - 1
        lexemes = [
            f"{word}:*" if (self.prefix and i == last) or (auto_prefix and len(word) >= AUTO_PREFIX_LENGTH) else word
            for i, word in enumerate(self.words)
        ]
        return lexemes[0] if len(lexemes) == 1 else "(" + " <-> ".join(lexemes) + ")"

    def word_starts(self) -> tuple[str, ...]:
        """What must start consecutive words (the SQLite rule): the words of a phrase whole but the
        last, which may go on; a plain word lightly stemmed ("sanctions" → "sanction…", which also
        finds "sanctioned")."""
        if len(self.words) == 1 and not self.prefix:
            return (light_stem(self.words[0]),)
        return self.words


@dataclass(frozen=True)
class ParsedQuery:
    """What a reader typed, cleaned: the terms to match and notes to show them."""

    text: str = ""
    terms: tuple[Term, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def __bool__(self):
        return bool(self.terms)

    def tsquery(self, auto_prefix=False) -> str:
        """The text for PostgreSQL's ``to_tsquery()``: only letters, digits and our own operators."""
        return " & ".join(term.tsquery(auto_prefix) for term in self.terms)


def parse_query(raw) -> ParsedQuery:
    """Turn a reader's text into terms; never fails, whatever it is given."""
    notes = []
    text = " ".join(str(raw or "").split())
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or text[:MAX_QUERY_LENGTH]
        notes.append(
            _("Your search was long, so only its first %(limit)s characters were used.") % {"limit": MAX_QUERY_LENGTH}
        )
    cleaned = _NOT_ALLOWED.sub(" ", text.translate(_QUOTES))

    terms = []
    pieces = re.split(r'"([^"]*)"', cleaned)  # odd indexes are the quoted phrases
    for index, piece in enumerate(pieces):
        if index % 2:
            terms.append(_term(piece, prefix=piece.rstrip().endswith("*")))
        else:
            for token in piece.replace('"', " ").split():
                terms.append(_term(token, prefix=token.endswith("*")))
    terms = list(dict.fromkeys(term for term in terms if term))
    if len(terms) > MAX_TERMS:
        terms = terms[:MAX_TERMS]
        notes.append(_("Only the first %(limit)s words or phrases of your search were used.") % {"limit": MAX_TERMS})
    return ParsedQuery(text=text, terms=tuple(terms), notes=tuple(notes))


def _term(text, prefix):
    words = tuple(fold(word).lower() for word in _WORD_SEPARATORS.split(text) if word)
    if not words:
        return None
    # A one-letter prefix would match nearly everything: treat it as a word.
    return Term(words, prefix=prefix and len(words[-1]) > 1)


def light_stem(word: str) -> str:
    """A deliberately small English suffix stripper for SQLite: “sanctions” → “sanction”.

    Matches start at a word's beginning, so the stem finds the plural and the verb forms too.
    """
    for suffix, minimum in (("ies", 5), ("ing", 6), ("ed", 5), ("es", 6), ("s", 4)):
        if word.endswith(suffix) and len(word) >= minimum and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def without_tags(text) -> str:
    """``text`` (HTML) with its tags replaced by spaces; entities are left as they are."""
    return _TAG.sub(" ", text or "")


def searchable(text) -> str:
    """What SQLite indexes of a field: tags and entities gone, folded, lower-case, words between spaces."""
    if not text:
        return ""
    plain = html.unescape(without_tags(text))
    return " ".join(word for word in _WORD_SEPARATORS.split(fold(plain).lower()) if word)
