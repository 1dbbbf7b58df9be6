"""``sitemap.xml``: an index of one sitemap per kind of page, each with last-modified times.

The site's own pages (home, the indexes) are listed here; each app gives its sections
(``articles.interface.SITEMAPS``, ``conferences.interface.SITEMAPS``).
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.interface import SITEMAPS as ARTICLE_SITEMAPS
from articles.interface import latest_change
from conferences.interface import SITEMAPS as CONFERENCE_SITEMAPS


class StaticSitemap(Sitemap):
    """The home page and the indexes, changed whenever a piece is (the conference index has its own pace)."""

    url_names = ["home", "articles:list", "articles:authors", "articles:series_list", "conferences:index"]

    def items(self):
        return self.url_names

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        if name.startswith("conferences:"):
            return None
        if not hasattr(self, "_latest"):
            self._latest = self.get_latest_lastmod()
        return self._latest

    def get_latest_lastmod(self):
        return latest_change()


SITEMAPS = {"pages": StaticSitemap, **ARTICLE_SITEMAPS, **CONFERENCE_SITEMAPS}
