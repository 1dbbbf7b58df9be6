"""The article sections of ``sitemap.xml`` (the index itself is the site's: ``caucasuscenter.sitemaps``).

Every section starts from ``Article.objects.published()``: an author, series, topic or outlet is
listed only while it has a published piece, and its last-modified time is that of its latest
piece. Times never precede publication (a scheduled piece goes live without being saved again).

A piece with published translations lists every published piece of its group, itself included,
as an ``<xhtml:link rel="alternate" hreflang>`` (and ``x-default``, its original), as its page's
head does (``articles.translations.alternates()``; Django's ``sitemap.xml`` prints them). These are
pieces in other languages, not one page in several interface languages, so they are found here
(one query for the groups of a sitemap page) rather than by the framework's ``i18n``.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import F, Max, Q
from django.db.models.functions import Greatest
from django.urls import reverse

from .models import Article
from .translations import alternates, group_key, versions

# When a piece last changed for readers: its last edit, or its publication if that came later.
LAST_CHANGE = Greatest(F("updated_at"), F("published_at"))


def latest_change():
    """When any published piece last changed for readers (the indexes' last-modified time)."""
    return Article.objects.published().aggregate(latest=Max(LAST_CHANGE))["latest"]


class ArticleSitemap(Sitemap):
    def items(self):
        return (
            Article.objects.published()
            .annotate(last_change=LAST_CHANGE)
            .only("slug", "language", "translation_of_id", "published_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, article):
        return article.last_change

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page, site, protocol)
        prefix = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        keys = {group_key(url["item"]) for url in urls}
        members = {}
        if keys:
            published = Article.objects.published().filter(Q(pk__in=keys) | Q(translation_of_id__in=keys))
            for member in published.only("slug", "language", "translation_of_id", "published_at"):
                members.setdefault(group_key(member), []).append(member)
        for url in urls:
            article = url["item"]
            group = versions(article, members.get(group_key(article), []))
            url["alternates"] = [
                {"lang_code": language, "location": location}
                for language, location in alternates(group, lambda path: f"{prefix}{path}")
            ]
        return urls

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
