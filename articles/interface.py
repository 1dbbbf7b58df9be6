"""What other apps may use of articles; nothing else of this app is imported outside it.

Readers of a series may send the editors their own simulation (``conferences``' contributions),
so conferences refers to a series by ``SERIES`` (a model label, for a foreign key) and finds the
series a form is for with ``series_or_404()``.
"""

from django.shortcuts import get_object_or_404

from .models import Series

SERIES = "articles.Series"


def series_or_404(slug):
    """The series with this slug, whether or not it has published pieces; 404 if there is none."""
    return get_object_or_404(Series, slug=slug)
