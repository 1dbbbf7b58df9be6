"""What the rest of the site may ask of conferences; nothing else of this app is imported outside it.

The home page asks for the call to show, the site's sitemap for the conference section.
"""

from .models import Conference
from .sitemaps import ConferenceSitemap

SITEMAPS = {"conferences": ConferenceSitemap}


def call_to_show():
    """The conference the home page features: the open call closing first, else the latest (≤ 2 queries)."""
    return Conference.objects.featured()
