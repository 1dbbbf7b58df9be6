"""How a facet of a list of pieces is filtered and counted; ``articles.filters.FACETS`` declares
which facets the lists have.

A facet (``FacetKind``) knows its URL parameter, label, filter, and how its choices are counted
and labelled: ``RelatedFacet`` (pieces' related objects, by slug, through a foreign key or a link
model), ``TagFacet`` (topics, all chosen ones required), ``ChoicesFacet`` (a field's fixed
choices) and ``YearFacet`` (the year of a date). ``facet_counts()`` counts every facet of a list
in one query.
"""

import sqlite3
from dataclasses import dataclass

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper, F
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext
from taggit.models import Tag, TaggedItem

from .models import Article

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
            self.ignored.append(
                gettext("topics after the first %(limit)s (choose at most %(limit)s)") % {"limit": MAX_TAGS}
            )
            slugs = slugs[:MAX_TAGS]
        if not slugs:
            return []
        found = {tag.slug: tag for tag in self.queryset.filter(slug__in=[slug for slug in slugs if "\x00" not in slug])}
        missing = [shorten(slug) for slug in slugs if slug not in found]
        self.ignored += [gettext("topic “%(slug)s”: there is no such topic") % {"slug": slug} for slug in missing]
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


# --- How a facet is declared --------------------------------------------------------------------


@dataclass(frozen=True)
class FacetKind:
    """One facet: its URL parameter (``name``), ``label``, at most how many choices it shows
    (``limit``: the most frequent; every chosen one stays) and how they are ordered, and, in the
    subclasses, its filter and how its choices are counted and labelled.

    Counting: ``column()`` is what the facet needs of each matched piece (``None``: its id is
    enough), kept as the column ``c_<name>`` of the ``matched`` pieces, and ``count_sql()`` the
    SELECT of ``(facet, value, label, position, count)`` rows over them.
    """

    name: str
    label: str
    limit: int | None = None

    def filter(self):
        raise NotImplementedError

    def column(self):
        return None

    def count_sql(self, table, source="matched"):
        """``table(model)``: the quoted table name of a model; ``source``: the pieces counted."""
        raise NotImplementedError

    def selected(self, value) -> dict:
        """``{value: label}`` of what is chosen (``value``: the cleaned filter value)."""
        return {value.slug: str(value)}

    def sort_key(self, row):
        _value, label, _position, count = row
        return (-count, label.casefold())

    def choice_label(self, value, label):
        return label

    def _grouped(self, source, value, label, joins="", position=None):
        group = f"{value}, {label}" + (f", {position}" if position else "")
        counted = f"SELECT '{self.name}', {value}, {label}, {position or 0}, COUNT(*)"
        return f"{counted} FROM {source} m {joins} GROUP BY {group}"

    def _grouped_by_id(self, source, key, joins, table, title, position=None):
        """Counted by the related object's id (``key``), then labelled: the pieces' links are grouped
        on one integer and only each counted object is looked up, once (at 100,000 pieces, a
        third of the time of grouping every link's slug and name)."""
        counted = f"SELECT {key} AS k, COUNT(*) AS n FROM {source} m {joins} GROUP BY {key}"
        return (
            f"SELECT '{self.name}', t.slug, t.{title}, {f't.{position}' if position else 0}, g.n "
            f"FROM ({counted}) g JOIN {table} t ON t.id = g.k"
        )


@dataclass(frozen=True)
class RelatedFacet(FacetKind):
    """Pieces by a related object, chosen by slug: through a foreign key of the piece (``field``),
    or through a link model (``through``, ``field`` its lookup from the piece)."""

    model: type = None
    field: str = ""
    title: str = "name"  # the related object's field its choices are labelled with
    position: str = ""  # a field ordering the choices (instead of the most frequent first)
    through: type = None

    def filter(self):
        return django_filters.ModelChoiceFilter(
            queryset=self.model.objects.all(),
            to_field_name="slug",
            field_name=self.field,
            label=self.label,
            error_messages={"invalid_choice": f"there is no such {self.name}"},
        )

    def column(self):
        return None if self.through else F(f"{self.field}_id")

    def count_sql(self, table, source="matched"):
        if self.through:
            fields = self.through._meta.concrete_fields
            link = {field.related_model: field.column for field in fields if field.is_relation}
            key, joins = f"a.{link[self.model]}", f"JOIN {table(self.through)} a ON a.{link[Article]} = m.id"
        else:
            key, joins = f"m.c_{self.name}", ""
        return self._grouped_by_id(source, key, joins, table(self.model), self.title, self.position)

    def sort_key(self, row):
        return (row[2], row[1]) if self.position else super().sort_key(row)


@dataclass(frozen=True)
class TagFacet(FacetKind):
    """Pieces with every chosen topic (taggit's tags, by slug)."""

    def filter(self):
        return TagsFilter(queryset=Tag.objects.all(), to_field_name="slug", label=self.label)

    def count_sql(self, table, source="matched"):
        # The content type's id is found once (a subquery, not a join): the taggings' (content
        # type, object, tag) index then answers alone.
        content_type = (
            f"SELECT id FROM {table(ContentType)} "
            f"WHERE app_label = '{Article._meta.app_label}' AND model = '{Article._meta.model_name}'"
        )
        joins = f"JOIN {table(TaggedItem)} i ON i.object_id = m.id AND i.content_type_id = ({content_type})"
        return self._grouped_by_id(source, "i.tag_id", joins, table(Tag), "name")

    def selected(self, value):
        return {tag.slug: tag.name for tag in value}


@dataclass(frozen=True)
class ChoicesFacet(FacetKind):
    """Pieces by the value of one of their fields, among fixed ``choices``."""

    field: str = ""
    choices: tuple = ()

    def filter(self):
        return django_filters.ChoiceFilter(
            field_name=self.field,
            choices=self.choices,
            label=self.label,
            error_messages={"invalid_choice": f"there is no such {self.name}"},
        )

    def column(self):
        return F(self.field)

    def count_sql(self, table, source="matched"):
        return self._grouped(source, f"m.c_{self.name}", f"m.c_{self.name}")

    def selected(self, value):
        return {value: dict(self.choices)[value]}

    def choice_label(self, value, label):
        return dict(self.choices).get(value, label)


@dataclass(frozen=True)
class YearFacet(FacetKind):
    """Pieces by the year of a date field, newest year first."""

    field: str = ""

    def filter(self):
        return YearFilter(
            field_name=self.field,
            lookup_expr="year",
            label=self.label,
            min_value=1900,
            max_value=2100,
            error_messages={
                "invalid": "not a year",
                "min_value": "not a year we published in",
                "max_value": "not a year we published in",
            },
        )

    def column(self):
        return ExtractYear(self.field)

    def count_sql(self, table, source="matched"):
        return self._grouped(source, f"CAST(m.c_{self.name} AS TEXT)", f"CAST(m.c_{self.name} AS TEXT)")

    def selected(self, value):
        return {str(value): str(value)}

    def sort_key(self, row):
        return -int(row[0])


# --- Counting ---------------------------------------------------------------------------------------


def facet_counts(queryset, kinds, cards=None, every_piece=()):
    """``{facet: [(value, label, position, count), …]}`` for the pieces of ``queryset``, in one query.

    The pieces are selected once (a materialised CTE: the search and the filters run once) and
    every facet is counted on them. ``queryset`` must hold each piece once, as ours do: their
    to-many filters each join one row per piece.

    ``cards``, a condition on a piece (one per translation group, ``articles.translations``):
    the facets count the pieces that meet it, those named in ``every_piece`` every piece.
    """
    columns = {f"c_{kind.name}": kind.column() for kind in kinds if kind.column() is not None}
    if cards is not None:
        columns["c_card"] = ExpressionWrapper(cards, output_field=BooleanField())
    pieces = queryset.order_by().select_related(None).prefetch_related(None)
    pieces = pieces.values(c_id=F("pk"), **columns)
    try:
        sql, params = pieces.query.sql_with_params()
    except EmptyResultSet:
        return {}
    db = connections[queryset.db]
    materialized = "MATERIALIZED " if db.vendor != "sqlite" or sqlite3.sqlite_version_info >= (3, 35) else ""

    def table(model):
        return db.ops.quote_name(model._meta.db_table)

    names = ", ".join(["id", *columns])
    if cards is None:
        union = " UNION ALL ".join(kind.count_sql(table) for kind in kinds)
        query = f"WITH matched ({names}) AS {materialized}({sql}) {union}"
    else:
        union = " UNION ALL ".join(
            kind.count_sql(table, "every_piece" if kind.name in every_piece else "matched") for kind in kinds
        )
        query = (
            f"WITH every_piece ({names}) AS {materialized}({sql}), "
            f"matched AS (SELECT * FROM every_piece WHERE c_card) {union}"
        )
    with db.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    counts = {kind.name: [] for kind in kinds}
    for facet, value, label, position, count in rows:
        counts[facet].append((str(value), str(label), position, count))
    return counts


def merged_counts(*counts):
    """``facet_counts()`` of disjoint sets of pieces, summed: one row per facet value, its label (and
    position) from the last that has it."""
    merged = {}
    for each in counts:
        for facet, rows in each.items():
            values = merged.setdefault(facet, {})
            for value, label, position, count in rows:
                earlier = values.get(value)
                values[value] = (value, label, position, count + (earlier[3] if earlier else 0))
    return {facet: list(values.values()) for facet, values in merged.items()}


def shorten(value):
    """``value`` as text, cut to ``MAX_NOTE_VALUE`` characters for a note."""
    value = str(value)
    return value if len(value) <= MAX_NOTE_VALUE else value[: MAX_NOTE_VALUE - 1] + "…"
