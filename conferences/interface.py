"""What the rest of the site may ask of conferences; nothing else of this app is imported outside it.

The home page asks for the open call (``open_call()``), the site's sitemap for the conference section.
"""

from .models import Conference
from .sitemaps import ConferenceSitemap

SITEMAPS = {"conferences": ConferenceSitemap}


def open_call():
    """The call the home page announces: the open call closing first, or ``None`` (one query).
    A closed call is not announced: the home page's box appears only while a call is open."""
    return Conference.objects.open().order_by("deadline").first()
