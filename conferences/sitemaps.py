"""The conference section of ``sitemap.xml``."""

from django.contrib.sitemaps import Sitemap

from .models import Conference


class ConferenceSitemap(Sitemap):
    """Each conference's page (demonstration calls excepted)."""

    def items(self):
        return Conference.objects.exclude(is_demo=True).only("slug", "updated_at").order_by("-deadline", "pk")

    def lastmod(self, conference):
        return conference.updated_at
