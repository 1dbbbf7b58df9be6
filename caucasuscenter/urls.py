"""The site's addresses. The public pages are under ``i18n_patterns``: English at ``/``, the other
interface languages under ``/az/``, ``/ru/``, ``/tr/`` (caucasuscenter/shared/languages.py). The admin,
the API, the sitemaps and robots.txt have one address each and no prefix: the admin is English, the
API is data, and the sitemaps and robots.txt speak to crawlers, not readers."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from caucasuscenter.shared.requests import guard_methods

from . import views
from .sitemaps import SITEMAPS

admin.site.site_header = f"{settings.SITE['brand']} — editors"
admin.site.site_title = f"{settings.SITE['short_name']} editors"
admin.site.index_title = "Publishing"

handler500 = views.server_error

unprefixed_urlpatterns = [
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("api/v1/", include("articles.api_urls")),
]
# The pages readers read, in each interface language (the feeds too: their titles are interface words).
public_urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("conference/", include("conferences.urls")),
    path("alerts/", include("alerts.urls")),
    path("", include("articles.urls")),
]

guard_methods(unprefixed_urlpatterns)  # 405 to PUT, PATCH, DELETE … (caucasuscenter/shared/requests.py)
guard_methods(public_urlpatterns)
urlpatterns = [
    path("admin/", admin.site.urls),
    *unprefixed_urlpatterns,
    *i18n_patterns(*public_urlpatterns, prefix_default_language=False),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
