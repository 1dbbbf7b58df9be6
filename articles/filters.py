"""Facets for lists of published pieces: type, author, series, topics, outlet, language, year, dates.

Filters live in the URL (``?type=analysis&tag=energy&tag=russia&year=2024``), so a filtered view
can be shared, bookmarked and paginated. A value that is unknown or malformed never fails: it is
ignored, and ``ArticleFilter.notes`` says so. Each facet shows how many pieces each choice would
give: one aggregate query per facet, on the pieces filtered by all the *other* facets (the usual
faceted-search rule; topics combine with AND, so their counts include the chosen topics), whatever
the number of pieces.

Counting every facet over a large unfiltered corpus, and counting the list for its paginator, are
the costliest queries of a list page, and their answers change only when the content does: both
are kept in the cache for the current content version (``caucasuscenter.shared.pagecache``: a publish, an
edit or a scheduled piece going live starts a new one), for at most ``FACET_CACHE_SECONDS``, for
everyone, since they count published pieces only.
"""

import hashlib
import sqlite3
from dataclasses import dataclass
from urllib.parse import urlencode

import django_filters
from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F
from django.db.models.functions import ExtractYear
from django.http import QueryDict
from taggit.models import Tag, TaggedItem

from caucasuscenter.shared import pagecache

from .models import ArticleType, Author, Authorship, Language, Outlet, Series
from .search import matching, parse_query, ranked

MAX_TAGS = 5
MAX_NOTE_VALUE = 60


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    count: int
    selected: bool
    url: str  # the list with this choice toggled (page reset)


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    choices: list
    clear_url: str = ""  # the list without this facet, when it is in use


class TagSlugsField(forms.ModelMultipleChoiceField):
    """Topics by slug. Unknown ones and those beyond ``MAX_TAGS`` are dropped, and noted."""

    def clean(self, value):
        self.ignored = []
        slugs = list(dict.fromkeys(slug.strip() for slug in (value or []) if isinstance(slug, str) and slug.strip()))
        if len(slugs) > MAX_TAGS:
            self.ignored.append(f"topics after the first {MAX_TAGS} (choose at most {MAX_TAGS})")
            slugs = slugs[:MAX_TAGS]
        if not slugs:
            return []
        found = {tag.slug: tag for tag in self.queryset.filter(slug__in=[slug for slug in slugs if "\x00" not in slug])}
        self.ignored += [f"topic “{_shorten(slug)}”: there is no such topic" for slug in slugs if slug not in found]
        return [found[slug] for slug in slugs if slug in found]


class TagsFilter(django_filters.Filter):
    """Pieces with every chosen topic."""

    field_class = TagSlugsField

    def filter(self, qs, value):
        for tag in value or ():
            qs = qs.filter(tags=tag)
        return qs


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


def _choice(queryset, message, **kwargs):
    return django_filters.ModelChoiceFilter(
        queryset=queryset, to_field_name="slug", error_messages={"invalid_choice": message}, **kwargs
    )


class ArticleFilter(django_filters.FilterSet):
    """The facets of a list of published pieces (the view passes ``published()`` pieces in)."""

    type = _choice(ArticleType.objects.all(), "there is no such type", field_name="kind", label="Type")
    author = _choice(Author.objects.all(), "there is no such author", field_name="authorships__author", label="Author")
    series = _choice(Series.objects.all(), "there is no such series", field_name="series", label="Series")
    tag = TagsFilter(queryset=Tag.objects.all(), to_field_name="slug", label="Topics")
    outlet = _choice(Outlet.objects.all(), "there is no such outlet", field_name="outlet", label="First published in")
    language = django_filters.ChoiceFilter(
        choices=Language.choices,
        label="Language",
        error_messages={"invalid_choice": "there is no such language"},
    )
    year = YearFilter(
        field_name="published_at",
        lookup_expr="year",
        label="Year",
        min_value=1900,
        max_value=2100,
        error_messages={
            "invalid": "not a year",
            "min_value": "not a year we published in",
            "max_value": "not a year we published in",
        },
    )
    since = django_filters.DateFilter(
        field_name="published_at", lookup_expr="date__gte", label="From", error_messages={"invalid": "not a date"}
    )
    until = django_filters.DateFilter(
        field_name="published_at", lookup_expr="date__lte", label="Until", error_messages={"invalid": "not a date"}
    )

    # Each facet: at most how many choices to show (the most frequent; every chosen one stays).
    LIMITS = {"type": None, "author": 12, "series": 10, "tag": 20, "outlet": 10, "language": None, "year": None}

    # --- What was asked, and what was ignored ---------------------------------------------------

    @property
    def cleaned(self):
        """The valid filter values (none when no filter was asked for)."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return {name: value for name, value in self.form.cleaned_data.items() if value not in (None, "", [])}

    @property
    def notes(self):
        """Friendly sentences about every parameter that was ignored, and why."""
        if not self.is_bound:
            return []
        self.form.is_valid()
        notes = []
        for name, errors in self.form.errors.items():
            notes.append(f"Ignored {name} “{_shorten(self.data.get(name, ''))}”: {errors[0].rstrip('.')}.")
        if "tag" in self.filters:
            notes += [f"Ignored {reason}." for reason in getattr(self.form.fields["tag"], "ignored", [])]
        return notes

    @property
    def is_filtered(self):
        return bool(self.cleaned)

    # --- Facets ----------------------------------------------------------------------------------

    def filtered_except(self, excluded=None):
        """The pieces filtered by every facet but ``excluded`` (topics: by all of them)."""
        queryset = self.queryset
        for name, value in self.cleaned.items():
            if name != excluded or name == "tag":
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    @property
    def facets(self):
        """Each facet with its choices, their counts and the links that toggle them.

        Facets whose own filter is not in use (and the topics, which combine) count on the fully
        filtered pieces, all in one query; each other facet in use counts on the pieces filtered
        by the rest, one query each.
        """
        if not hasattr(self, "_facets"):
            names = [name for name in FACET_NAMES if name in self.filters]
            counts = self._cached_counts(names)
            self._facets = [self._facet(name, counts.get(name, [])) for name in names]
        return self._facets

    def _counts(self, names):
        bases = {}
        for name in names:
            bases.setdefault(name if name in self.cleaned and name != "tag" else None, []).append(name)
        counts = {}
        for excluded, group in bases.items():
            counts.update(facet_counts(self.filtered_except(excluded), group))
        return {name: self._shown_rows(name, rows) for name, rows in counts.items()}

    def _shown_rows(self, name, rows):
        """The rows of ``facet_counts()`` that a facet shows, in its order: at most ``LIMITS[name]``
        of the most frequent, then any chosen value beyond them (kept, and cached, small)."""
        if name == "type":
            rows = sorted(rows, key=lambda row: (row[2], row[1]))
        elif name == "year":
            rows = sorted(rows, key=lambda row: -int(row[0]))
        else:
            rows = sorted(rows, key=lambda row: (-row[3], row[1].casefold()))
        limit = self.LIMITS.get(name)
        if limit:
            selected = self._selected_values(name)
            rows = rows[:limit] + [row for row in rows[limit:] if row[0] in selected]
        return rows

    def _cached_counts(self, names):
        return self._remember(("facets", names), lambda: self._counts(names))

    def count(self):
        """How many pieces the filtered list holds, for its paginator (kept like the facet counts)."""
        return self._remember("count", self.qs.count)

    def _remember(self, what, compute):
        """``compute()``, from the cache when this content version has counted the same pieces before.

        The pieces are fixed by the page (its path: the list, an author, a tag…) and its parameters
        (filters, search query), not by the page number."""
        seconds = settings.FACET_CACHE_SECONDS
        if not seconds or self.request is None:
            return compute()
        params = sorted((name, values) for name, values in self.data.lists() if name != "page")
        identity = repr((type(self).__name__, self.request.path, params, what))
        key = f"counts:{hashlib.sha256(identity.encode()).hexdigest()}"
        return pagecache.remember(key, seconds, compute)

    def _facet(self, name, rows):
        """``rows``: ``(value, label, position, count)``, as ``_shown_rows()`` keeps them."""
        selected = self._selected_values(name)
        labels = dict(Language.choices) if name == "language" else {}
        choices = {value: (labels.get(value, label), count) for value, label, _position, count in rows}
        for value, label in selected.items():  # a chosen value stays visible, even with no pieces
            choices.setdefault(value, (label, 0))
        return Facet(
            name=name,
            label=self.filters[name].label,
            choices=[
                Choice(value, label, count, value in selected, self._toggle_url(name, value))
                for value, (label, count) in choices.items()
            ],
            clear_url=self._url_without(name) if selected else "",
        )

    def _selected_values(self, name):
        value = self.cleaned.get(name)
        if value is None:
            return {}
        if name == "tag":
            return {tag.slug: tag.name for tag in value}
        if name == "language":
            return {value: dict(Language.choices)[value]}
        if name == "year":
            return {str(value): str(value)}
        return {value.slug: str(value)}

    # --- Links -----------------------------------------------------------------------------------

    def _url(self, params):
        """This page's path with ``params`` (``{name: [values]}``), the page number left out."""
        params.pop("page", None)
        path = self.request.path if self.request else ""
        query = urlencode([(name, value) for name, values in params.items() for value in values])
        return f"{path}?{query}" if query else path or "?"

    def _params(self):
        """The parameters of this request, as ``{name: [values]}`` (a plain copy: cheap to change)."""
        if isinstance(self.data, QueryDict):
            return {name: list(values) for name, values in self.data.lists()}
        return {}

    def _toggle_url(self, name, value):
        params = self._params()
        if name == "tag":
            chosen = [tag.slug for tag in self.cleaned.get("tag", [])]
            params[name] = [slug for slug in chosen if slug != value] if value in chosen else chosen + [value]
        elif value in self._selected_values(name):
            params.pop(name, None)
        else:
            params[name] = [value]
        return self._url(params)

    def _url_without(self, *names):
        params = self._params()
        for name in names:
            params.pop(name, None)
        return self._url(params)

    @property
    def clear_url(self):
        """The same list (and search) without any filter."""
        return self._url_without(*self.filters)

    @property
    def kept_params(self):
        """``(name, value)`` pairs a form for the dates must resend to keep the other filters."""
        return [
            (name, value)
            for name, values in self._params().items()
            if name not in {"since", "until", "page"}
            for value in values
        ]


class AuthorArticleFilter(ArticleFilter):
    """On an author's page the author is given."""

    author = None


class SeriesArticleFilter(ArticleFilter):
    series = None


class OutletArticleFilter(ArticleFilter):
    outlet = None


class TagArticleFilter(ArticleFilter):
    """On a topic's page, the other topics narrow it further; the page's own topic is not a choice."""

    def _facet(self, name, rows):
        facet = super()._facet(name, rows)
        page_tag = self.request.resolver_match.kwargs.get("slug") if self.request and name == "tag" else None
        if page_tag:
            return Facet(facet.name, facet.label, [c for c in facet.choices if c.value != page_tag], facet.clear_url)
        return facet


class SearchFilter(ArticleFilter):
    """The facets of a search: ``?q=`` picks the matching pieces; ``qs`` is ranked, best first."""

    def __init__(self, data=None, queryset=None, **kwargs):
        self.query = parse_query((data or {}).get("q", ""))
        super().__init__(data, matching(queryset, self.query), **kwargs)

    @property
    def qs(self):
        if not hasattr(self, "_ranked"):
            self._ranked = ranked(super().qs, self.query)
        return self._ranked


# --- Counting ---------------------------------------------------------------------------------------


def _facet_sql(quote):
    """For each facet, the SELECT counting its choices among the ``matched`` pieces, as rows of
    (facet, value, label, position, count). Table names come from the models."""

    def table(model):
        return quote(model._meta.db_table)

    def grouped(name, value, label, joins="", position=None):
        group = f"{value}, {label}" + (f", {position}" if position else "")
        return f"SELECT '{name}', {value}, {label}, {position or 0}, COUNT(*) FROM matched m {joins} GROUP BY {group}"

    tagged = (
        f"JOIN {table(TaggedItem)} i ON i.object_id = m.id "
        f"JOIN {table(ContentType)} c ON c.id = i.content_type_id AND c.app_label = 'articles' AND c.model = 'article' "
        f"JOIN {table(Tag)} t ON t.id = i.tag_id"
    )
    return {
        "type": grouped("type", "t.slug", "t.name", f"JOIN {table(ArticleType)} t ON t.id = m.kind", "t.position"),
        "author": grouped(
            "author",
            "t.slug",
            "t.name",
            f"JOIN {table(Authorship)} a ON a.article_id = m.id JOIN {table(Author)} t ON t.id = a.author_id",
        ),
        "series": grouped("series", "t.slug", "t.title", f"JOIN {table(Series)} t ON t.id = m.series"),
        "tag": grouped("tag", "t.slug", "t.name", tagged),
        "outlet": grouped("outlet", "t.slug", "t.name", f"JOIN {table(Outlet)} t ON t.id = m.outlet"),
        "language": grouped("language", "m.language", "m.language"),
        "year": grouped("year", "CAST(m.year AS TEXT)", "CAST(m.year AS TEXT)"),
    }


FACET_NAMES = ("type", "author", "series", "tag", "outlet", "language", "year")


def facet_counts(queryset, names):
    """``{facet: [(value, label, position, count), …]}`` for the pieces of ``queryset``, in one query.

    The pieces are selected once (a materialised CTE: the search and the filters run once) and
    every facet is counted on them. ``queryset`` must hold each piece once, as ours do: their
    to-many filters each join one row per piece.
    """
    pieces = queryset.order_by().select_related(None).prefetch_related(None)
    pieces = pieces.values(
        c_id=F("pk"),
        c_kind=F("kind_id"),
        c_series=F("series_id"),
        c_outlet=F("outlet_id"),
        c_language=F("language"),
        c_year=ExtractYear("published_at"),
    )
    try:
        sql, params = pieces.query.sql_with_params()
    except EmptyResultSet:
        return {}
    db = connections[queryset.db]
    materialized = "MATERIALIZED " if db.vendor != "sqlite" or sqlite3.sqlite_version_info >= (3, 35) else ""
    facet_sql = _facet_sql(db.ops.quote_name)
    union = " UNION ALL ".join(facet_sql[name] for name in names)
    query = f"WITH matched (id, kind, series, outlet, language, year) AS {materialized}({sql}) {union}"
    with db.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    counts = {name: [] for name in names}
    for facet, value, label, position, count in rows:
        counts[facet].append((str(value), str(label), position, count))
    return counts


def _shorten(value):
    value = str(value)
    return value if len(value) <= MAX_NOTE_VALUE else value[: MAX_NOTE_VALUE - 1] + "…"
