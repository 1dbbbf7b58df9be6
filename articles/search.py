"""Full-text search over published articles: the one entry point is ``search_articles()``.

PostgreSQL: migration 0003 adds a stored generated column ``search_vector`` (title weighted A,
summary B, body C, accent-folded, with English or Russian stemming for pieces in those languages
and the ``simple`` configuration for the others) and a GIN index on it. The model does not declare
the column: only this module reads it. The query ORs an English, a Russian and a ``simple`` tsquery
built from the folded text, ranked with ``ts_rank`` (on the small title-and-summary vector).

Both databases rank only the newest ``MAX_RANKED`` matches (the page says so when there were more),
so a word found in most pieces costs no more than a rare one, and return ``RankedResults``: the
ranked ids, whose pieces load a page at a time. Matches are highlighted in Python on both, by the
SQLite rule (terms start words): ``ts_headline`` needs folded text, and folding in SQL
(``translate()``) cost more than the rest of a search.

SQLite: the same reader-facing rules done more simply, in Python. Each field is folded and
normalised (cached), every term must start a word of the title, summary or body, and pieces rank
by where they matched (title > summary > body); the matching ids go back to SQLite as one JSON
parameter, so the count, the page and the facets stay ordinary queries.

Reader syntax, on both databases: words (all must match), ``"quoted phrases"`` and ``prefix*``.
Everything else a reader types is dropped before any SQL sees it, so no input can cause an error.
"""

import html
import json
import re
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import BooleanField, Expression, F, Q
from django.db.models.expressions import Col
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Article

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
_NOT_A_WORD_CHARACTER = re.compile(r"[\W_]")
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

    def needle(self) -> str:
        """The SQLite match: the term must start a word (which also covers plurals)."""
        if len(self.words) == 1 and not self.prefix:
            return " " + light_stem(self.words[0])
        return " " + " ".join(self.words)


@dataclass(frozen=True)
class ParsedQuery:
    """What a reader typed, cleaned: the terms to match and notes to show them."""

    text: str = ""
    terms: tuple[Term, ...] = ()
    notes: tuple[str, ...] = field(default=())
    cache: dict = field(default_factory=dict, compare=False, repr=False)  # work done once per search

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
        notes.append(f"Your search was long, so only its first {MAX_QUERY_LENGTH} characters were used.")
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
        notes.append(f"Only the first {MAX_TERMS} words or phrases of your search were used.")
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


def searchable(text) -> str:
    """The SQLite side of matching: tags and entities gone, folded, lower-case, words between spaces."""
    if not text:
        return " "
    plain = html.unescape(_TAG.sub(" ", text))
    return " " + " ".join(_WORD_SEPARATORS.split(fold(plain).lower())) + " "


# --- The query -------------------------------------------------------------------------------------


class _StoredVector(Expression):
    """A stored tsvector column of the article table that the model does not declare (PostgreSQL)."""

    output_field = SearchVectorField()

    def __init__(self, column):
        super().__init__()
        self.column = SearchVectorField()
        self.column.set_attributes_from_name(column)
        self.column.model = Article

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        return Col(query.get_initial_alias(), self.column)


# Which text search configuration indexes a piece, by its language (see migration 0003).
CONFIGS = {"en": "english", "ru": "russian"}
OTHER_CONFIG = "simple"


def _branches(parsed):
    """``(condition, config, tsquery)`` for English, Russian and all other pieces.

    English and Russian are stemmed. The others are folded words only, so each word of four
    letters or more also matches as a prefix: "muharibe" finds "müharibəsi" and "müharibədən", as
    Azerbaijani's suffixes need.
    """
    text = parsed.tsquery()
    prefixed = parsed.tsquery(auto_prefix=True)
    branches = [
        (Q(language=language), config, SearchQuery(text, config=config, search_type="raw"))
        for language, config in CONFIGS.items()
    ]
    branches.append(
        (~Q(language__in=list(CONFIGS)), OTHER_CONFIG, SearchQuery(prefixed, config=OTHER_CONFIG, search_type="raw"))
    )
    return branches


def _tsquery(parsed):
    """Every branch ORed, one condition the GIN index answers alone (no row's vector is re-read).

    A piece in one language can thus match another language's branch: an English piece matches
    "iran*"'s prefix through the ``simple`` branch, as SQLite's word-start matching would.
    """
    tsquery = None
    for _language, _config, branch in _branches(parsed):
        tsquery = branch if tsquery is None else tsquery | branch
    return tsquery


def _is_postgresql(queryset):
    return connections[queryset.db].vendor == "postgresql"


def matching(queryset, parsed: ParsedQuery):
    """Only the pieces of ``queryset`` that match every term (no ordering, no annotations)."""
    if not parsed:
        return queryset.none()
    if _is_postgresql(queryset):
        return queryset.alias(_search_vector=_StoredVector("search_vector")).filter(_search_vector=_tsquery(parsed))
    scores = parsed.cache["sqlite_scores"] = _sqlite_scores(queryset, parsed)
    return queryset.filter(_InIds(F("pk"), scores))


def _sqlite_scores(queryset, parsed):
    """``{pk: score}`` for the pieces of ``queryset`` containing every term (SQLite, in Python).

    One query reads the texts; their normalised forms are kept (``_NORMALISED``), so later searches
    need not normalise them again. A term found
    in the title scores 100, in the summary 10, in the body 1.
    """
    needles = [term.needle() for term in parsed.terms]
    rows = queryset.order_by().select_related(None).prefetch_related(None)
    rows = rows.values_list("pk", "updated_at", "title", "summary", "body")
    if len(_NORMALISED) > MAX_NORMALISED:
        _NORMALISED.clear()
    scores = {}
    for pk, updated_at, *texts in rows.iterator(chunk_size=1000):
        fields = _NORMALISED.get((pk, updated_at))
        if fields is None:
            fields = _NORMALISED[pk, updated_at] = tuple(searchable(text) for text in texts)
        title, summary, body = fields
        score = 0
        for needle in needles:
            if needle in title:
                score += 100
            elif needle in summary:
                score += 10
            elif needle in body:
                score += 1
            else:
                break
        else:
            scores[pk] = score
    return scores


# SQLite: each piece's normalised (title, summary, body), by (pk, updated_at), for this process.
_NORMALISED = {}
MAX_NORMALISED = 20_000


class _InIds(Expression):
    """``pk IN (ids)`` with every id in one JSON parameter, so any number fits in one SQLite query."""

    output_field = BooleanField()

    def __init__(self, expression, ids):
        super().__init__()
        self.expression = expression
        self.ids = json.dumps(sorted(ids))

    def get_source_expressions(self):
        return [self.expression]

    def set_source_expressions(self, expressions):
        (self.expression,) = expressions

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.expression)
        return f"({sql} IN (SELECT value FROM json_each(%s)))", (*params, self.ids)


MAX_RANKED = 1000  # a search ranks at most this many matches: the newest


class RankedResults(Sequence):
    """The results of a search, best first: their ids, in order, and the pieces a page at a time.

    The paginator counts them (``count()``) and slices them; a slice loads only its own pieces,
    in one query (``load``), so a page costs the same whatever the matches.
    """

    ordered = True  # for the paginator: the order is the ranking

    def __init__(self, ids, load, model, capped=False):
        self.ids, self._load, self.model = ids, load, model
        self.capped = capped  # more pieces matched than were ranked (MAX_RANKED)

    def count(self):
        return len(self.ids)

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._pieces(self.ids[index])
        return self._pieces([self.ids[index]])[0]

    def _pieces(self, ids):
        by_pk = {article.pk: article for article in self._load(ids)} if ids else {}
        return [by_pk[pk] for pk in ids if pk in by_pk]


def ranked(queryset, parsed: ParsedQuery) -> RankedResults:
    """``queryset`` (already ``matching()``) best match first (``highlights()`` marks the matches).

    Title matches rank above summary matches above body matches; newer first among equals. Only
    the newest ``MAX_RANKED`` matches are ranked, so that a word found in most pieces costs the same
    as a rare one: ranking reads every ranked piece, and a reader narrows a search of thousands
    with more words or a filter rather than by reading page 60.
    """
    if not parsed:
        return RankedResults([], lambda ids: [], queryset.model)
    newest = queryset.order_by("-published_at", "-pk")
    if _is_postgresql(queryset):
        # The newest MAX_RANKED + 1 matches (one more tells whether there were more), best first.
        candidates = queryset.model._base_manager.using(queryset.db).filter(
            pk__in=newest.values("pk")[: MAX_RANKED + 1]
        )
        order = (
            candidates.alias(_rank_vector=_StoredVector("search_rank_vector"))
            .alias(search_rank=SearchRank(F("_rank_vector"), _tsquery(parsed)))
            .order_by("-search_rank", "-published_at", "-pk")
        )
        with _planned_for(queryset):
            rows = list(order.values_list("pk", "published_at"))
        capped = len(rows) > MAX_RANKED
        if capped:
            oldest = min(rows, key=lambda row: (row[1], row[0]))
            rows.remove(oldest)
        ids = [pk for pk, _published_at in rows]
        return RankedResults(ids, lambda page: queryset.filter(pk__in=page), queryset.model, capped)

    scores = parsed.cache.get("sqlite_scores")
    if scores is None:
        scores = _sqlite_scores(queryset, parsed)
    pieces = list(newest.values_list("pk", flat=True)[: MAX_RANKED + 1])  # newest first
    capped = len(pieces) > MAX_RANKED
    ids = sorted(pieces[:MAX_RANKED], key=lambda pk: -scores.get(pk, 0))  # a stable sort: newest first among equals
    return RankedResults(ids, lambda page: queryset.filter(pk__in=page), queryset.model, capped)


# How PostgreSQL should find the newest matches. For a word in a large share of the pieces: walk the
# date index, newest first, reading each piece's vector until enough match. For a rarer one: ask the
# GIN index for every match, then keep the newest. The planner gets this wrong on its own: it does
# not count the cost of reading a stored vector (out of line, several pages each), so it walks the
# date index through tens of thousands of vectors to save a few hundred index pages.
COMMON_SHARE = 0.5


@contextmanager
def _planned_for(queryset):
    """A transaction in which the query on ``queryset``'s matches is planned for how many there are.

    The planner's own estimate of the matching share (``EXPLAIN``: no row is read) decides; for a
    rare search, plain and index scans are turned off for the transaction (``SET LOCAL``), which
    leaves the bitmap scan of the GIN index.
    """
    scans = "on" if _estimated_share(queryset) >= COMMON_SHARE else "off"
    with transaction.atomic(using=queryset.db, savepoint=False):
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(
                "SELECT set_config('enable_seqscan', %s, true), set_config('enable_indexscan', %s, true)",
                [scans, scans],
            )
        yield


def _estimated_share(queryset):
    """The planner's estimate of the share of all pieces in ``queryset``, from one ``EXPLAIN``."""

    def sql(pieces):
        return pieces.order_by().values("pk").query.get_compiler(queryset.db).as_sql()

    try:
        matching_sql, matching_params = sql(queryset)
    except EmptyResultSet:  # a filter that can match nothing
        return 0.0
    all_sql, all_params = sql(queryset.model._base_manager.all())
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) ({matching_sql}) UNION ALL ({all_sql})", (*matching_params, *all_params))
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    parts = plan[0]["Plan"].get("Plans", [])
    if len(parts) != 2:  # not the plan expected: leave the planner to its own choice
        return 1.0
    matching_rows, all_rows = (part["Plan Rows"] for part in parts)
    return matching_rows / max(all_rows, 1)


def search_articles(queryset, raw_query):
    """The search: ``(results, parsed)`` with results matching, ranked and ready to highlight."""
    parsed = parse_query(raw_query)
    return ranked(matching(queryset, parsed), parsed), parsed


# --- Highlighting ------------------------------------------------------------------------------------

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
    body_text = _TAG.sub(" ", article.body or "")
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
        words = (light_stem(term.words[0]),) if len(term.words) == 1 and not term.prefix else term.words
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(word) for word in words) + r"\w*"
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
