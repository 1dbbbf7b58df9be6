from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "The Caucasus Center — editors"
admin.site.site_title = "CCSIS editors"
admin.site.index_title = "Publishing"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("conference/", include("conferences.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
