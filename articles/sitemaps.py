"""``sitemap.xml``: an index of one sitemap per kind of page, each with last-modified times.

Every section starts from ``Article.objects.published()``: an author, series, topic or outlet is
listed only while it has a published piece, and its last-modified time is that of its latest
piece. Times never precede publication (a scheduled piece goes live without being saved again).
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import F, Max
from django.db.models.functions import Greatest
from django.urls import NoReverseMatch, reverse

from .models import Article

# When a piece last changed for readers: its last edit, or its publication if that came later.
LAST_CHANGE = Greatest(F("updated_at"), F("published_at"))


class ArticleSitemap(Sitemap):
    def items(self):
        return (
            Article.objects.published().annotate(last_change=LAST_CHANGE).only("slug").order_by("-published_at", "-pk")
        )

    def lastmod(self, article):
        return article.last_change

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(latest=Max(LAST_CHANGE))["latest"]


class PiecesGroupSitemap(Sitemap):
    """The pages listing pieces by one author, series, topic or outlet (one row per page)."""

    group = None  # the lookup from an article to the slug of the page, e.g. "series__slug"
    url_name = None

    def items(self):
        return (
            Article.objects.published()
            .filter(**{f"{self.group}__isnull": False})
            .values(self.group)
            .annotate(last_change=Max(LAST_CHANGE))
            .order_by(self.group)
        )

    def location(self, row):
        return reverse(self.url_name, kwargs={"slug": row[self.group]})

    def lastmod(self, row):
        return row["last_change"]

    def get_latest_lastmod(self):
        articles = Article.objects.published().filter(**{f"{self.group}__isnull": False})
        return articles.aggregate(latest=Max(LAST_CHANGE))["latest"]


class AuthorSitemap(PiecesGroupSitemap):
    group = "authorships__author__slug"
    url_name = "articles:author"


class SeriesSitemap(PiecesGroupSitemap):
    group = "series__slug"
    url_name = "articles:series"


class TagSitemap(PiecesGroupSitemap):
    group = "tags__slug"
    url_name = "articles:tag"


class OutletSitemap(PiecesGroupSitemap):
    group = "outlet__slug"
    url_name = "articles:outlet"


class StaticSitemap(Sitemap):
    """The home page and the indexes, changed whenever a piece is."""

    url_names = ["articles:home", "articles:list", "articles:authors", "articles:series_list", "conferences:index"]

    def items(self):
        names = []
        for name in self.url_names:
            try:
                reverse(name)
            except NoReverseMatch:
                continue
            names.append(name)
        return names

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        if name.startswith("conferences:"):
            return None
        if not hasattr(self, "_latest"):
            self._latest = self.get_latest_lastmod()
        return self._latest

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(latest=Max(LAST_CHANGE))["latest"]


class ConferenceSitemap(Sitemap):
    """Each conference's page (demonstration calls excepted)."""

    def items(self):
        from conferences.models import Conference

        return Conference.objects.exclude(is_demo=True).only("slug", "updated_at").order_by("-deadline", "pk")

    def lastmod(self, conference):
        return conference.updated_at


SITEMAPS = {
    "pages": StaticSitemap,
    "articles": ArticleSitemap,
    "authors": AuthorSitemap,
    "series": SeriesSitemap,
    "tags": TagSitemap,
    "outlets": OutletSitemap,
    "conferences": ConferenceSitemap,
}
