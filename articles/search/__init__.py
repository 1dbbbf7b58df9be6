"""Full-text search over published articles. The one entry point is ``search()``.

    found = search(Article.objects.published(), request.GET.get("q"))
    found.query          # what the reader typed, parsed (terms, notes to show)
    found.matches        # the pieces matching every term: filters narrow it, facets count over it
    found.ranked()       # the matches (or a narrowed queryset of them), best first, a page at a time
    found.highlighted(page)  # [(article, Highlights)] for a page of them

The package holds one module per question: ``query`` (the reader's syntax, folding, terms),
``postgres`` and ``sqlite`` (the index and query of each database), ``highlight`` (the marked
title, summary and passage). Behind ``search()`` both databases follow the same reader rules:
words (all must match), ``"quoted phrases"``, ``prefix*``, accents optional (Baki finds Bakı).

Both databases rank only the newest ``MAX_RANKED`` matches (the page says so when there were more),
so a word found in most pieces costs no more than a rare one, and give ``RankedResults``: the
ranked ids, whose pieces load a page at a time.
"""

from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass

from django.db import connections
from django.db.models import QuerySet

from . import id_lists, postgres, sqlite  # noqa: F401 - id_lists registers the pk__one_of lookup
from .highlight import Highlights, highlights
from .postgres import _estimated_share  # noqa: F401 - the tests ask the planner through it
from .query import FOLD_FROM, FOLD_TO, MAX_QUERY_LENGTH, MAX_TERMS, ParsedQuery, Term, fold, parse_query

__all__ = [
    "FOLD_FROM",
    "FOLD_TO",
    "MAX_QUERY_LENGTH",
    "MAX_TERMS",
    "Highlights",
    "ParsedQuery",
    "RankedResults",
    "Search",
    "Term",
    "fold",
    "highlights",
    "matching",
    "newest_matches",
    "parse_query",
    "planned",
    "ranked",
    "search",
    "search_articles",
]

MAX_RANKED = 1000  # a search ranks at most this many matches: the newest
COMMON_SHARE = postgres.COMMON_SHARE  # read here at each search, so it can be tuned (or tested) in one place


@dataclass(frozen=True)
class Search:
    """One search: the parsed query and the pieces matching it (a lazy queryset)."""

    query: ParsedQuery
    matches: QuerySet

    def ranked(self, pieces=None) -> "RankedResults":
        """``pieces`` (``matches``, perhaps narrowed by filters; by default all of them), best first."""
        return ranked(self.matches if pieces is None else pieces, self.query)

    def highlighted(self, articles):
        """``[(article, Highlights)]``: each of ``articles`` with the matched words marked."""
        return [(article, highlights(article, self.query)) for article in articles]


def search(queryset, raw_query) -> Search:
    """Search ``queryset`` (published pieces) for what a reader typed; never fails, whatever it is."""
    parsed = parse_query(raw_query)
    return Search(parsed, matching(queryset, parsed))


def search_articles(queryset, raw_query):
    """``(results, parsed)``: the matches of ``queryset`` ranked, and the parsed query."""
    found = search(queryset, raw_query)
    return found.ranked(), found.query


def _is_postgresql(queryset):
    return connections[queryset.db].vendor == "postgresql"


def matching(queryset, parsed: ParsedQuery):
    """Only the pieces of ``queryset`` that match every term (no ordering, no annotations)."""
    if not parsed:
        return queryset.none()
    backend = postgres if _is_postgresql(queryset) else sqlite
    return backend.matching(queryset, parsed)


def newest_matches(queryset, limit=None):
    """Only the newest ``limit`` (``MAX_RANKED``) pieces of ``queryset`` (already ``matching()``):
    the pieces a search ranks, which its facets count (a lazy queryset)."""
    newest = queryset.order_by("-published_at", "-pk").values("pk")[: limit or MAX_RANKED]
    return queryset.model._base_manager.using(queryset.db).filter(pk__in=newest)


def planned(queryset):
    """A block in which a query on ``queryset``'s matches is planned for how many there are (on
    PostgreSQL, see ``postgres.planned_for``; SQLite plans well by itself)."""
    return postgres.planned_for(queryset, COMMON_SHARE) if _is_postgresql(queryset) else nullcontext()


def ranked(queryset, parsed: ParsedQuery) -> "RankedResults":
    """``queryset`` (already ``matching()``) best match first (``highlights()`` marks the matches).

    Title matches rank above summary matches above body matches; newer first among equals. Only
    the newest ``MAX_RANKED`` matches are ranked, so that a word found in most pieces costs the same
    as a rare one: ranking reads every ranked piece, and a reader narrows a search of thousands
    with more words or a filter rather than by reading page 60.
    """
    if not parsed:
        return RankedResults([], lambda ids: [], queryset.model)
    if _is_postgresql(queryset):
        ids, capped = postgres.ranked_ids(queryset, parsed, MAX_RANKED, COMMON_SHARE)
    else:
        ids, capped = sqlite.ranked_ids(queryset, parsed, MAX_RANKED)
    return RankedResults(ids, lambda page: queryset.filter(pk__in=page), queryset.model, capped)


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
