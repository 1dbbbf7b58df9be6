from django.conf import settings
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

public_urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("conference/", include("conferences.urls")),
    path("api/v1/", include("articles.api_urls")),
    path("alerts/", include("alerts.urls")),
    path("", include("articles.urls")),
]

guard_methods(public_urlpatterns)  # 405 to PUT, PATCH, DELETE … (caucasuscenter/shared/requests.py)
urlpatterns = [path("admin/", admin.site.urls), *public_urlpatterns]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
