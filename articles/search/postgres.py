"""The search on PostgreSQL: the stored, indexed tsvector of migration 0003.

Migration 0003 adds a stored generated column ``search_vector`` (title weighted A, summary B, body
C, accent-folded, with English or Russian stemming for pieces in those languages and the ``simple``
configuration for the others) and a GIN index on it; being generated, it follows every write. The
model does not declare the column: only this module reads it. The query ORs an English, a Russian
and a ``simple`` tsquery built from the folded text, ranked with ``ts_rank`` on the small
title-and-summary vector ``search_rank_vector``.

How the newest matches are found is chosen per search (``planned_for()``), with planner settings
that last for the ranking query only: they are put back as they were right after it. Where Debian's
``postgresql-NN-rum`` is installed, migration 0015 adds a RUM index, which a rare search asks for
its newest matches instead (``ranked_ids()``); without it the search gives the same results.
"""

import json
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import Expression, F, FloatField, Func, Q, Value
from django.db.models.expressions import Col

from .id_lists import Ids
from .query import ParsedQuery

# Which text search configuration indexes a piece, by its language (see migration 0003).
CONFIGS = {"en": "english", "ru": "russian"}
OTHER_CONFIG = "simple"

# How PostgreSQL should find the newest matches. For a word in a large share of the pieces: walk the
# date index, newest first, reading each piece's vector until enough match. For a rarer one: ask the
# GIN index for every match, then keep the newest. The planner gets this wrong on its own: it does
# not count the cost of reading a stored vector (out of line, several pages each), so it walks the
# date index through tens of thousands of vectors to save a few hundred index pages.
COMMON_SHARE = 0.5
PLANNER_SETTINGS = ("enable_seqscan", "enable_indexscan")  # "off" for a rare search: the bitmap scan is left


class _StoredVector(Expression):
    """A stored tsvector column of the article table that the model does not declare."""

    output_field = SearchVectorField()

    def __init__(self, column, model):
        super().__init__()
        self.column = SearchVectorField()
        self.column.set_attributes_from_name(column)
        self.column.model = model

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        return Col(query.get_initial_alias(), self.column)


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


def matching(queryset, parsed: ParsedQuery):
    """The pieces of ``queryset`` whose stored vector matches every term."""
    vector = _StoredVector("search_vector", queryset.model)
    return queryset.alias(_search_vector=vector).filter(_search_vector=_tsquery(parsed))


def ranked_ids(queryset, parsed: ParsedQuery, limit, common_share=COMMON_SHARE):
    """``(ids, capped)``: the newest ``limit`` matches in ``queryset`` (already ``matching()``) best
    first (``ts_rank`` on title and summary, newer first among equals), and whether there were more.

    A rare search, where the RUM index is there, asks it for the newest matches directly: it holds
    each piece's words with their positions and its publication time, so a phrase is checked
    without reading the pieces' vectors and the matches come out newest first."""
    rare = _estimated_share(queryset) < common_share
    if rare and has_rum_index(queryset.db):
        newest, hints = queryset.alias(_age=_Age(F("published_at"), Value(FAR_FUTURE))).order_by("_age"), nullcontext()
    else:
        newest, hints = queryset.order_by("-published_at", "-pk"), _hinted(queryset.db, rare)
    # The ids first, in a query of their own: as a subquery, the planner would join them to every
    # piece (a sequential scan, 30 ms at 100,000 pieces) rather than look up 1,001 rows by their keys.
    with hints:
        ids = list(newest.values_list("pk", flat=True)[: limit + 1])
    order = (
        queryset.model._base_manager.using(queryset.db)
        .filter(pk__one_of=Ids(ids))
        .alias(_rank_vector=_StoredVector("search_rank_vector", queryset.model))
        .alias(search_rank=SearchRank(F("_rank_vector"), _tsquery(parsed)))
        .order_by("-search_rank", "-published_at", "-pk")
    )
    rows = list(order.values_list("pk", "published_at"))  # one more than limit tells there were more
    capped = len(rows) > limit
    if capped:
        rows.remove(min(rows, key=lambda row: (row[1], row[0])))  # the oldest
    return [pk for pk, _published_at in rows], capped


@contextmanager
def planned_for(queryset, common_share=COMMON_SHARE):
    """A block in which a query on ``queryset``'s matches is planned for how many there are.

    The planner's own estimate of the matching share (``EXPLAIN``: no row is read) decides. For a
    common search the planner is left as it is. For a rare one, plain and index scans are turned off
    (``set_config(…, true)``: for the transaction only), which leaves the bitmap scan of the GIN
    index; they never outlive the block: in a transaction of its own they end with it, and inside a
    caller's transaction they are put back to their earlier values on the way out.
    """
    with _hinted(queryset.db, _estimated_share(queryset) < common_share):
        yield


@contextmanager
def _hinted(alias, rare):
    """For a ``rare`` search, plain and index scans off for the block (see ``planned_for()``)."""
    if not rare:
        yield
        return
    connection = connections[alias]
    outer_transaction = connection.in_atomic_block
    # No savepoint (two more queries): after an error the caller's block can only roll back, which
    # takes the settings with it.
    with transaction.atomic(using=alias, savepoint=False), connection.cursor() as cursor:
        earlier = _set(cursor, dict.fromkeys(PLANNER_SETTINGS, "off"))
        yield
        if outer_transaction:
            _set(cursor, earlier)


# --- The RUM index (migration 0015), where PostgreSQL has the extension ---------------------------

RUM_INDEX = "article_search_rum_idx"
FAR_FUTURE = datetime(2200, 1, 1, tzinfo=UTC)  # the distance to it orders pieces newest first
_rum_indexes = {}


class _Age(Func):
    """``published_at <=> FAR_FUTURE``: RUM's distance, which its index returns in order."""

    template = "%(expressions)s"
    arg_joiner = " <=> "
    output_field = FloatField()


def has_rum_index(alias):
    """Whether this database has the RUM index; asked once per process and database."""
    connection = connections[alias]
    key = (alias, connection.settings_dict["NAME"])
    if key not in _rum_indexes:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [RUM_INDEX])
            _rum_indexes[key] = cursor.fetchone() is not None
    return _rum_indexes[key]


def _set(cursor, values):
    """Set ``values`` (``{setting: value}``) for the transaction; returns the values they had."""
    names = list(values)
    # current_setting() is read in a subquery that the planner cannot fold into the outer query
    # (OFFSET 0), so the earlier values are read before set_config() changes them.
    reads = ", ".join(f"current_setting(%s) AS s{i}" for i in range(len(names)))
    sets = ", ".join(f"earlier.s{i}, set_config(%s, %s, true)" for i in range(len(names)))
    params = [*(param for name in names for param in (name, values[name])), *names]  # in the order of the text
    cursor.execute(f"SELECT {sets} FROM (SELECT {reads} OFFSET 0) AS earlier", params)
    row = cursor.fetchone()
    return {name: row[2 * i] for i, name in enumerate(names)}


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
