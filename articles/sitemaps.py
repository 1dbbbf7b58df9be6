"""The article sections of ``sitemap.xml`` (the index itself is the site's: ``caucasuscenter.sitemaps``).

Every section starts from ``Article.objects.published()``: an author, series, topic or outlet is
listed only while it has a published piece, and its last-modified time is that of its latest
piece. Times never precede publication (a scheduled piece goes live without being saved again).
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import F, Max
from django.db.models.functions import Greatest
from django.urls import reverse

from .models import Article

# When a piece last changed for readers: its last edit, or its publication if that came later.
LAST_CHANGE = Greatest(F("updated_at"), F("published_at"))


def latest_change():
    """When any published piece last changed for readers (the indexes' last-modified time)."""
    return Article.objects.published().aggregate(latest=Max(LAST_CHANGE))["latest"]


class ArticleSitemap(Sitemap):
    def items(self):
        return (
            Article.objects.published().annotate(last_change=LAST_CHANGE).only("slug").order_by("-published_at", "-pk")
        )

    def lastmod(self, article):
        return article.last_change

    def get_latest_lastmod(self):
        return latest_change()


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


SITEMAPS = {
    "articles": ArticleSitemap,
    "authors": AuthorSitemap,
    "series": SeriesSitemap,
    "tags": TagSitemap,
    "outlets": OutletSitemap,
}
