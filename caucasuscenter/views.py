"""The site's own pages: the home page, robots.txt and the error pages that must render without a database."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.generic import TemplateView

from articles.interface import front_page
from conferences.interface import open_call


class HomeView(TemplateView):
    """The front page. Its sections are kept for the content version (``{% keep … with=parts %}``):
    what they show is looked up only when they are rendered afresh, so a kept front page runs no query."""

    template_name = "home.html"
    extra_context = {"keep_parts": True}

    def get_context_data(self, **kwargs):
        return super().get_context_data(parts=self.parts, **kwargs)

    def parts(self):
        if not hasattr(self, "_parts"):
            self._parts = {**front_page(), "conference": open_call()}
        return self._parts


robots_txt = TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8")


# A database that cannot be reached, or a connection lost mid-request: the site is briefly unavailable.
OUTAGE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
NOT_ECHOED = (
    "csrfmiddlewaretoken",
    "password",
    "token",
    "TOTAL_FORMS",
    "INITIAL_FORMS",
    "MIN_NUM_FORMS",
    "MAX_NUM_FORMS",
)


def server_error(request):
    """The 500 page (``500.html``, with only the site's names: no request, no query); a 503 instead
    when the error is the database being out of reach."""
    if isinstance(sys.exc_info()[1], OUTAGE_ERRORS):
        return service_unavailable(request)
    return HttpResponseServerError(loader.get_template("500.html").render({"site": settings.SITE}))


def typed_values(request):
    """``[(field name, value)]`` of what a person typed into the form they sent (nothing secret)."""
    try:
        posted = request.POST
    except Exception:  # a body that cannot be read: there is nothing to give back
        return []
    return [
        (name, value)
        for name in posted
        if not any(part in name for part in NOT_ECHOED)
        for value in posted.getlist(name)
        if value.strip()
    ]


def service_unavailable(request):
    """The 503 page: no query, ``Retry-After``, never cached; a form sent during the outage gets its
    typed text back, since nothing of it was saved."""
    typed = typed_values(request) if request.method == "POST" else []
    html = loader.get_template("503.html").render({"site": settings.SITE, "typed": typed})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
