"""What other apps and the site may use of articles; nothing else of this app is imported outside it.

The site (``caucasuscenter``) asks for what the home page shows (``front_page()``: the lead, the
features, the reports, the news briefs and the latest pieces, as editors arranged them), the article
sections of the sitemap (``SITEMAPS``) and when a published piece last changed (``latest_change()``).

Readers of a series may send the editors their own simulation (``conferences``' contributions),
so conferences refers to a series by ``SERIES`` (a model label, for a foreign key) and finds the
series a form is for with ``series_or_404()``.
"""

from django.shortcuts import get_object_or_404

from .frontpage.selection import front_page_content
from .models import Series
from .sitemaps import SITEMAPS, latest_change

__all__ = ["SERIES", "SITEMAPS", "front_page", "latest_change", "series_or_404"]

SERIES = "articles.Series"


def series_or_404(slug):
    """The series with this slug, whether or not it has published pieces; 404 if there is none."""
    return get_object_or_404(Series, slug=slug)


def front_page():
    """What the home page shows: ``front`` (``articles.frontpage.selection.FrontPageContent``, five
    queries) and four series worth a visit (``series_list``, a lazy queryset: one query)."""
    series_to_show = Series.objects.worth_a_visit().with_published_counts()
    return {
        "front": front_page_content(),
        "series_list": series_to_show.order_by("-created_at", "title")[:4],
    }
