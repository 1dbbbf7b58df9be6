"""The read-only JSON API's addresses (``articles/api.py``), under /api/v1/."""

from django.urls import path

from . import api

app_name = "api"

urlpatterns = [
    path("articles/", api.article_list, name="articles"),
    path("articles/<slug:slug>/", api.article_detail, name="article"),
    path("authors/", api.author_list, name="authors"),
    path("authors/<slug:slug>/", api.author_detail, name="author"),
    path("series/", api.series_list, name="series_list"),
    path("series/<slug:slug>/", api.series_detail, name="series"),
    path("openapi.json", api.openapi, name="openapi"),
]
