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

Each facet is declared once, in ``FACETS``: its URL parameter, label, what it filters on and how
its choices are counted and labelled (the kinds of facet are in ``articles.facets``). The filter
set's fields, the choices' order and limits, and the counting query all follow from that list.
"""

import hashlib
from urllib.parse import urlencode

import django_filters
from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from caucasuscenter.shared import pagecache

from . import settled
from .facets import (
    Choice,
    ChoicesFacet,
    Facet,
    RelatedFacet,
    TagFacet,
    YearFacet,
    facet_counts,
    merged_counts,
    shorten,
)
from .models import ArticleType, Author, Authorship, Language, Outlet, Series
from .search import newest_matches, planned, search
from .search.id_lists import Ids
from .translations import reader_language

# Every facet of a list of pieces, in the order the page shows them: adding one is one line here.
FACETS = (
    RelatedFacet("type", _("Type"), model=ArticleType, field="kind", position="position"),
    RelatedFacet("author", _("Author"), 12, model=Author, field="authorships__author", through=Authorship),
    RelatedFacet("series", _("Series"), 10, model=Series, field="series", title="title"),
    TagFacet("tag", _("Topics"), 20),
    RelatedFacet("outlet", _("First published in"), 10, model=Outlet, field="outlet"),
    ChoicesFacet("language", _("Language"), field="language", choices=tuple(Language.choices)),
    YearFacet("year", _("Year"), field="published_at"),
)
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}
FACET_NAMES = tuple(FACETS_BY_NAME)

# A FilterSet with one filter per facet (its metaclass collects them, as if declared in a class body).
FacetFilterSet = type(django_filters.FilterSet)(
    "FacetFilterSet", (django_filters.FilterSet,), {"__module__": __name__} | {f.name: f.filter() for f in FACETS}
)


class ArticleFilter(FacetFilterSet):
    """The facets of a list of published pieces (the view passes ``published()`` pieces in), and dates."""

    since = django_filters.DateFilter(
        field_name="published_at", lookup_expr="date__gte", label=_("From"), error_messages={"invalid": _("not a date")}
    )
    until = django_filters.DateFilter(
        field_name="published_at",
        lookup_expr="date__lte",
        label=_("Until"),
        error_messages={"invalid": _("not a date")},
    )

    # Each facet: at most how many choices to show (the most frequent; every chosen one stays).
    LIMITS = {facet.name: facet.limit for facet in FACETS}

    #: One card per translation group, in the reader's language where there is one
    #: (``articles.translations``); a reader who chose a language sees all its pieces.
    collapse_translations = True

    # --- The pieces ------------------------------------------------------------------------------

    @property
    def qs(self):
        if not hasattr(self, "_one_per_group"):
            self._one_per_group = self.one_per_translation_group(super().qs)
        return self._one_per_group

    @property
    def one_card_per_group(self):
        """Unless a language was chosen (a group has one piece per language: nothing to choose) or
        this list shows every piece."""
        return self.collapse_translations and "language" not in self.cleaned

    def one_per_translation_group(self, queryset):
        """``queryset`` with one piece per translation group, where this list shows one."""
        return queryset.one_per_translation_group(reader_language()) if self.one_card_per_group else queryset

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
            value, reason = shorten(self.data.get(name, "")), errors[0].rstrip(".")
            notes.append(
                gettext("Ignored %(name)s “%(value)s”: %(reason)s.") % {"name": name, "value": value, "reason": reason}
            )
        if "tag" in self.filters:
            ignored = getattr(self.form.fields["tag"], "ignored", [])
            notes += [gettext("Ignored %(reason)s.") % {"reason": reason} for reason in ignored]
        return notes

    @property
    def is_filtered(self):
        return bool(self.cleaned)

    # --- Facets ----------------------------------------------------------------------------------

    def filtered_except(self, excluded=None):
        """The pieces filtered by every facet but ``excluded`` (topics: by all of them), every
        piece of each translation group (``_counts()`` counts one card per group)."""
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
            counts = self._cached_counts(self.facet_names)
            self._facets = [self._facet(name, counts.get(name, [])) for name in self.facet_names]
        return self._facets

    @property
    def facet_names(self):
        return [name for name in FACET_NAMES if name in self.filters]

    #: An unfiltered list's counts are kept in two sides, its settled pieces' across content
    #: versions (``articles.settled``): the list and each author's, topic's, outlet's and series'
    #: page, which a save sends readers to. A filtered list (any of countless combinations) and a
    #: search (which counts the few matches it ranks) are counted whole.
    counts_in_sides = True

    def _counts(self, names):
        in_sides = self.counts_in_sides and self.request is not None and not self.is_filtered
        sides = settled.current() if in_sides else None
        if sides is None:
            rows = self._rows(names)
        else:
            kept = sides.remember(self._identity(("facets", names)), lambda: self._rows(names, sides.settled))
            recent = self._rows(names, sides.recent)
            if sum(row[-1] for row in recent.get("type", [])) > settled.RECENT_MAX:
                settled.unsettle()  # the next visit settles them
            rows = merged_counts(kept, recent)
        return {name: self._shown_rows(name, rows) for name, rows in rows.items()}

    def _rows(self, names, side=None):
        """Every row of each facet of ``names``, over the pieces of ``side`` (all when ``None``)."""
        bases = {}
        for name in names:
            bases.setdefault(name if name in self.cleaned and name != "tag" else None, []).append(name)
        counts = {}
        for excluded, group in bases.items():
            counts.update(self._count_facets(excluded, [FACETS_BY_NAME[name] for name in group], side))
        return counts

    def _count_facets(self, excluded, kinds, side=None):
        """The facets count cards, as the list shows them (one per translation group); languages
        count every piece in each, as choosing one shows them all."""
        pieces = self.filtered_except(excluded)
        if side is not None:
            pieces = side(pieces)
        if self.one_card_per_group:
            cards = pieces.card_in(reader_language())
            return facet_counts(pieces, kinds, cards=cards, every_piece={"language"})
        return facet_counts(pieces, kinds)

    def _shown_rows(self, name, rows):
        """The rows of ``facet_counts()`` that a facet shows, in its order: at most ``LIMITS[name]``
        of the most frequent, then any chosen value beyond them (kept, and cached, small)."""
        rows = sorted(rows, key=FACETS_BY_NAME[name].sort_key)
        limit = self.LIMITS.get(name)
        if limit:
            selected = self._selected_values(name)
            rows = rows[:limit] + [row for row in rows[limit:] if row[0] in selected]
        return rows

    def _cached_counts(self, names):
        """The facet counts, once per request (the paginator's total may come from them first)."""
        counted = self.__dict__.setdefault("_counted", {})
        if tuple(names) not in counted:
            counted[tuple(names)] = self._remember(("facets", names), lambda: self._counts(names))
        return counted[tuple(names)]

    def count(self):
        """How many cards the filtered list holds, for its paginator (kept like the facet counts).

        Unless a type is chosen, the type facet counts these very cards, each once (every piece has
        one type, and the facet shows them all): its sum is the total, and the page needs its counts
        anyway. That spares the count of its own, which reads every piece again (0.6 s of a first
        visit to the list at 100,000 pieces)."""
        if "type" in self.filters and "type" not in self.cleaned and not self.LIMITS.get("type"):
            return sum(row[-1] for row in self._cached_counts(self.facet_names).get("type", []))
        return self._remember("count", self.qs.count)

    def _remember(self, what, compute):
        """``compute()``, from the cache when this content version has counted the same pieces before.

        The pieces are fixed by the page (its path: the list, an author, a tag…) and its parameters
        (filters, search query), not by the page number."""
        seconds = settings.FACET_CACHE_SECONDS
        if not seconds or self.request is None:
            return compute()
        return pagecache.remember(self._identity(what), seconds, compute)

    def _identity(self, what):
        """A key for ``what`` is counted of this list's pieces (``self.request`` is set)."""
        params = sorted((name, values) for name, values in self.data.lists() if name != "page")
        identity = repr((type(self).__name__, self.request.path, params, reader_language(), what))
        return f"counts:{hashlib.sha256(identity.encode()).hexdigest()}"

    def _facet(self, name, rows):
        """``rows``: ``(value, label, position, count)``, as ``_shown_rows()`` keeps them."""
        kind = FACETS_BY_NAME[name]
        selected = self._selected_values(name)
        choices = {value: (kind.choice_label(value, label), count) for value, label, _position, count in rows}
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
        return {} if value is None else FACETS_BY_NAME[name].selected(value)

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
    """The facets of a search. ``?q=`` is searched once, by ``articles.search.search()`` (kept as
    ``search``: the query, and the results' highlights); the facets count over the matches it
    ranks, and ``qs`` is the matches the filters keep, ranked best first. A search finds every
    piece whose words match, in whichever language it is written: translations are not folded
    into one."""

    collapse_translations = False

    def __init__(self, data=None, queryset=None, **kwargs):
        self.search = search(queryset, (data or {}).get("q", ""))
        super().__init__(data, self.search.matches, **kwargs)

    @property
    def query(self):
        return self.search.query

    counts_in_sides = False

    def _count_facets(self, excluded, kinds, side=None):
        """A search's facets count what its reader can page through: the newest ``MAX_RANKED``
        matches (all of them when there are fewer), the same on both databases, so that a word
        found in most pieces costs what a rare one does. With every chosen filter applied, these
        are the ranked results themselves; a facet in use counts the newest of the pieces the
        other filters keep."""
        if excluded is None:
            ranked = self.queryset.model._base_manager.using(self.queryset.db).filter(pk__one_of=Ids(self.qs.ids))
            return facet_counts(ranked, kinds)
        pieces = self.filtered_except(excluded)
        with planned(pieces):
            return facet_counts(newest_matches(pieces), kinds)

    @property
    def qs(self):
        if not hasattr(self, "_ranked"):
            self._ranked = self.search.ranked(super().qs)
        return self._ranked
