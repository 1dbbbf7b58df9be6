"""Public pages. Every queryset starts from ``Article.objects.published()``."""

import hashlib
import math

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Window, prefetch_related_objects
from django.db.models.functions import RowNumber
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView
from taggit.models import Tag, TaggedItem

from caucasuscenter.shared import pagecache
from caucasuscenter.shared.requests import client_address
from caucasuscenter.shared.throttle import Counter

from .citations import bibtex, ris
from .filters import (
    ArticleFilter,
    AuthorArticleFilter,
    OutletArticleFilter,
    SearchFilter,
    SeriesArticleFilter,
    TagArticleFilter,
)
from .models import Article, Author, Authorship, Outlet, Series, byline
from .search.budget import SearchTooSlow, search_budget
from .translations import reader_language, versions


class CountedPaginator(Paginator):
    """A paginator told how to count (``count``: a callable), e.g. from the cache."""

    def __init__(self, *args, count, **kwargs):
        super().__init__(*args, **kwargs)
        self._count = count

    @cached_property
    def count(self):
        return self._count()


class FacetedListView(FilterView):
    """A paginated list of published pieces with the facets of ``filterset_class``; the total comes
    from the filter set, which keeps it with the facet counts."""

    strict = False  # an invalid filter value is ignored (and explained), never an empty page
    paginate_by = 20
    paginator_class = CountedPaginator

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(queryset, per_page, count=self.filterset.count, **kwargs)

    extra_context = {"keep_parts": True}  # public: see caucasuscenter.shared.fragments


class ArticleListView(FacetedListView):
    template_name = "articles/article_list.html"
    filterset_class = ArticleFilter

    def get_queryset(self):
        return Article.objects.published().for_listing().newest_first()


class SearchView(FilterView):
    """Full-text search (see ``articles.search``), combined with the facets of the article list."""

    template_name = "articles/search.html"
    filterset_class = SearchFilter
    strict = False
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().for_listing().with_body()  # the snippets come from the body

    def get(self, request, *args, **kwargs):
        if request.GET.get("q", "").strip():
            limit = Counter(
                "search", (client_address(request),), settings.SEARCH_RATE_LIMIT, settings.SEARCH_RATE_WINDOW
            )
            allowed, wait = limit.allow()
            if not allowed:
                return self.too_many(request, wait)
            not_database = None
            try:
                with search_budget() as granted:
                    if not granted:
                        return self.unavailable(request, "busy")
                    try:
                        return self.respond().render()  # its queries inside the budget
                    except DatabaseError:
                        raise
                    except Exception as error:  # a 404 (a page that does not exist) …: leave the block cleanly
                        not_database = error
            except SearchTooSlow:
                return self.unavailable(request, "slow")
            raise not_database
        return self.respond()

    def respond(self):
        """The page. Unlike ``FilterView.get()``, the search is not run here but in ``search_parts()``."""
        self.filterset = self.get_filterset(self.get_filterset_class())
        self.object_list = None  # until search_parts()
        return self.render_to_response(self.get_context_data(filter=self.filterset))

    def unavailable(self, request, reason):
        """503: every search slot is taken, or this search ran too long (the other pages still answer)."""
        query = request.GET.get("q", "")[:200]
        response = render(request, "articles/search_unavailable.html", {"reason": reason, "text": query}, status=503)
        response["Retry-After"] = "5"
        response["Cache-Control"] = "no-store"
        return response

    def too_many(self, request, wait):
        """429: this address searched more than ``SEARCH_RATE_LIMIT`` times in a minute (no query run)."""
        response = render(request, "articles/search_throttled.html", {"wait": math.ceil(wait)}, status=429)
        response["Retry-After"] = str(math.ceil(wait))
        response["Cache-Control"] = "no-store"
        return response

    def get_context_data(self, **kwargs):
        """The query, parsed; the search itself runs when the page's parts are rendered afresh
        (``search_parts``), so a search kept for the content version (``{% keep %}``) runs no query."""
        query = self.filterset.search.query
        return {**kwargs, "view": self, "query": query, "keep_parts": True, "parts": self.search_parts}

    def search_parts(self):
        """The page of results, their highlights and the paginator (``page_obj``, ``results``, …)."""
        if not hasattr(self, "_parts"):
            self.object_list = self.filterset.qs  # the matches the filters keep, ranked best first
            context = super().get_context_data(filter=self.filterset, object_list=self.object_list)
            context["results_capped"] = getattr(self.object_list, "capped", False)  # see search.MAX_RANKED
            context["results"] = self.filterset.search.highlighted(context["object_list"])
            self._parts = context
        return self._parts


CITATION_FILES = {
    "bibtex": (bibtex, "application/x-bibtex", "bib"),
    "ris": (ris, "application/x-research-info-systems", "ris"),
}


def citation_file(request, slug, style):
    """A published piece as a BibTeX or RIS file, for reference managers."""
    article = get_object_or_404(Article.objects.published().for_reading(), slug=slug)
    make, content_type, extension = CITATION_FILES[style]
    response = HttpResponse(
        make(article, request.build_absolute_uri(article.get_absolute_url())),
        content_type=f"{content_type}; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{article.slug}.{extension}"'
    return response


class ArticlePageMixin:
    """What the article page shows around the piece: related pieces and the neighbouring parts of its series."""

    template_name = "articles/article_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parts"] = self.page_parts  # called by the page's {% keep … with=parts %}, when they render
        context["translation_group"] = group = versions(self.object, self.translation_members())
        context["translations"] = [version for version in group if not version.is_current]
        return context

    def page_parts(self):
        """What the page's text and metadata show beyond the piece's own fields: its byline and
        topics (loaded here, unless its queryset did), and ``kept_surroundings()``. Only a page part
        rendered afresh asks for them; one kept for the content version does not."""
        if not hasattr(self, "_page_parts"):
            prefetch_related_objects([self.object], byline(), "tags")
            self._page_parts = kept_surroundings(self.object)
        return self._page_parts

    def translation_members(self):
        """The published pieces of this piece's translation group (``articles.translations``)."""
        return (
            Article.objects.published()
            .translations_of(self.object)
            .only("slug", "language", "translation_of_id", "published_at")
        )


def surroundings(article):
    """What the page shows around ``article``: ``related`` pieces, ``author_cards``, and the
    ``previous_part`` and ``next_part`` of its series (or ``None``)."""
    found = {"related": related_articles(article), "author_cards": author_cards(article)}
    found["previous_part"] = found["next_part"] = None
    if article.series_id and article.series_part is not None:
        parts = Article.objects.published().filter(series_id=article.series_id).only("title", "slug", "series_part")
        found["previous_part"] = parts.filter(series_part__lt=article.series_part).order_by("-series_part").first()
        found["next_part"] = parts.filter(series_part__gt=article.series_part).order_by("series_part").first()
    return found


def kept_surroundings(article):
    """``surroundings(article)``, kept for the current content version (``PARTS_CACHE_SECONDS``).

    They depend only on the piece and on what is published: any save of a piece, an author, a
    series or a topic, and a scheduled piece going live, start a new version (``pagecache``). The
    piece's own fields are not kept (a preview shows the draft as it is); the page language is part
    of the key, since the parts' labels and choices may depend on it."""
    seconds = settings.PARTS_CACHE_SECONDS
    if not seconds:
        return surroundings(article)
    name = f"article-surroundings:{article.pk}:{get_language()}"
    return pagecache.remember(name, seconds, lambda: surroundings(article))


class ArticleDetailView(ArticlePageMixin, DetailView):
    """A published piece; its page's parts are kept for the content version (``{% keep %}``)."""

    extra_context = {"keep_parts": True}

    def get_queryset(self):
        return Article.objects.published().for_cards().with_body()  # its byline and topics: page_parts()

    def get_object(self, queryset=None):
        """The piece, and in the same query the other published pieces of its translation group."""
        group = list(self.get_queryset().with_its_translations(slug=self.kwargs["slug"]))
        article = next((member for member in group if member.slug == self.kwargs["slug"]), None)
        if article is None:
            raise Http404("No article found matching the query")
        self._translation_members = group
        return article

    def translation_members(self):
        return self._translation_members


def same_piece(article):
    """The ids of ``article``'s translations and original (the same piece, which is named in "Also
    in" rather than again as related or as more by its authors), as a subquery."""
    return Article.objects.translations_of(article).values("pk")


#: How many of the pieces latest added to a piece's topics ``related_articles()`` weighs.
RELATED_CANDIDATES = 200


def related_articles(article, limit=4, candidates=RELATED_CANDIDATES):
    """Published pieces sharing the most tags with ``article``, newest first among equals; one per
    translation group, in the reader's language where there is one, and none of this piece's.

    Only the ``candidates`` pieces latest added to its topics (the highest ids: the newest, except
    old pieces imported later) are weighed, so the cost stays small whatever a topic's size (a
    popular one is on a third of the pieces): an older piece sharing more topics may be passed
    over for newer ones."""
    tag_ids = [tag.pk for tag in article.tags.all()]  # prefetched by for_reading()
    if not tag_ids:
        return []
    tagged = TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(Article), tag_id__in=tag_ids)
    latest = tagged.exclude(object_id=article.pk).order_by("-object_id").values("object_id").distinct()
    shared = tagged.filter(object_id=OuterRef("pk")).order_by().values("object_id").annotate(n=Count("pk"))
    return list(
        Article.objects.published()
        .one_per_translation_group(reader_language())
        .for_listing()
        .filter(pk__in=latest[:candidates])
        .exclude(pk__in=same_piece(article))
        .annotate(shared_tags=Subquery(shared.values("n"), output_field=IntegerField()))
        .order_by("-shared_tags", "-published_at", "-pk")[:limit]
    )


ROLE_NOUNS = {
    Authorship.Role.WITH: _("Co-writer"),
    Authorship.Role.INTERVIEW_BY: _("Interviewer"),
    Authorship.Role.TRANSLATED_BY: _("Translator"),
}


def author_cards(article, limit=3):
    """The cards after a piece: one per person or institution credited, in byline order, each with
    up to ``limit`` of their latest other published pieces ("More by them"), one per translation group.

    One query whatever the number of authors: their published pieces ranked per author (a window
    function), the first ``limit`` of each kept. The authors themselves come with the byline."""
    authorships = list(article.authorships.all())  # prefetched by for_reading(), with the authors
    if not authorships:
        return []
    ranked = (
        Authorship.objects.filter(
            author_id__in=[authorship.author_id for authorship in authorships],
            article__in=Article.objects.published().one_per_translation_group(reader_language()),
        )
        .exclude(article_id=article.pk)
        .exclude(article_id__in=same_piece(article))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("author_id")],
                order_by=[F("article__published_at").desc(), F("article_id").desc()],
            )
        )
        .filter(rank__lte=limit)
        .select_related("article")
        .only(
            "author_id",
            "article__title",
            "article__slug",
            "article__language",
            "article__published_at",
            "article__published_precision",
        )
        .order_by("author_id", "rank")
    )
    more = {}
    for row in ranked:
        more.setdefault(row.author_id, []).append(row.article)
    return [
        {
            "author": authorship.author,
            "role": ROLE_NOUNS.get(authorship.role, ""),
            "more": more.get(authorship.author_id, []),
        }
        for authorship in authorships
    ]


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(PermissionRequiredMixin, ArticlePageMixin, DetailView):
    """Staff see any article, whatever its status, exactly as readers will."""

    permission_required = "articles.view_article"
    login_url = reverse_lazy("admin:login")

    def get_queryset(self):
        return Article.objects.for_reading()

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, **kwargs)


class AuthorListView(ListView):
    template_name = "articles/author_list.html"
    paginate_by = 50

    def get_queryset(self):
        """People first, then institutional authors (the Center, its staff); only those with a published piece."""
        return Author.objects.with_published_counts().filter(published_count__gt=0).people_first()


class ArticlesOfObjectView(FacetedListView):
    """A paginated list of published pieces belonging to one object (author, tag, …), with facets."""

    filterset_class = ArticleFilter
    object_model = None
    context_object_name_for_object = None
    #: How a piece names the object (``"tags"``): only an object a published piece uses has a page.
    published_lookup = None

    def public_objects(self):
        return Article.objects.public_users_of(self.object_model.objects.all(), self.published_lookup)

    def get_object(self):
        """The page's object, kept for the content version once found, as the page's parts are (an
        address that finds none is a 404, asked afresh each time)."""
        slug, seconds = self.kwargs["slug"], settings.PARTS_CACHE_SECONDS
        find = self.public_objects().filter(slug=slug).first
        key = f"object:{self.object_model._meta.label}:{hashlib.sha256(slug.encode()).hexdigest()}"
        found = pagecache.remember(key, seconds, find) if seconds else find()
        if found is None:
            raise Http404(f"No public {self.object_model._meta.verbose_name} at this address.")
        return found

    def filter_articles(self, articles):
        raise NotImplementedError

    def get_queryset(self):
        self.object = self.get_object()
        return self.filter_articles(Article.objects.published().for_listing().newest_first())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs, object=self.object, **{self.context_object_name_for_object: self.object}
        )


class AuthorDetailView(ArticlesOfObjectView):
    template_name = "articles/author_detail.html"
    filterset_class = AuthorArticleFilter
    object_model = Author
    context_object_name_for_object = "author"
    published_lookup = "authorships__author"

    def filter_articles(self, articles):
        return articles.filter(authorships__author=self.object)


class TagDetailView(ArticlesOfObjectView):
    template_name = "articles/tag_detail.html"
    filterset_class = TagArticleFilter
    object_model = Tag
    context_object_name_for_object = "tag"
    published_lookup = "tags"

    def filter_articles(self, articles):
        return articles.filter(tags=self.object)


class OutletDetailView(ArticlesOfObjectView):
    template_name = "articles/outlet_detail.html"
    filterset_class = OutletArticleFilter
    object_model = Outlet
    context_object_name_for_object = "outlet"
    published_lookup = "outlet"

    def filter_articles(self, articles):
        return articles.filter(outlet=self.object)


class SeriesListView(ListView):
    template_name = "articles/series_list.html"
    paginate_by = 20

    def get_queryset(self):
        return Series.objects.with_published_counts().order_by("-created_at", "title")


class SeriesDetailView(ArticlesOfObjectView):
    """The parts of a series in reading order."""

    template_name = "articles/series_detail.html"
    filterset_class = SeriesArticleFilter
    object_model = Series
    context_object_name_for_object = "series"
    paginate_by = 50

    def public_objects(self):
        return Series.objects.worth_a_visit()  # a published part, or an invitation to contribute

    def filter_articles(self, articles):
        return articles.filter(series=self.object).order_by(F("series_part").asc(nulls_last=True), "published_at", "pk")
