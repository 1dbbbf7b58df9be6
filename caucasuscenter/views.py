"""The site's own pages: the home page, robots.txt and the error page that must render without a database."""

from django.conf import settings
from django.http import HttpResponseServerError
from django.template import loader
from django.views.generic import TemplateView

from articles.interface import front_page
from conferences.interface import call_to_show


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**front_page(), conference=call_to_show(), **kwargs)


robots_txt = TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8")


def server_error(request):
    """The 500 page: rendered from ``500.html`` with only the site's names (no request, no query)."""
    return HttpResponseServerError(loader.get_template("500.html").render({"site": settings.SITE}))
