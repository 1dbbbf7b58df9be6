from django.urls import path

from . import share, views
from .feeds import AuthorFeed, LatestArticlesFeed, SeriesFeed, TagFeed, atom, conditional

app_name = "articles"

urlpatterns = [
    path("articles/", views.ArticleListView.as_view(), name="list"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("preview/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("share/<str:token>/", share.SharedPreviewView.as_view(), name="share"),
    path("authors/", views.AuthorListView.as_view(), name="authors"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author"),
    path("series/", views.SeriesListView.as_view(), name="series_list"),
    path("series/<slug:slug>/", views.SeriesDetailView.as_view(), name="series"),
    path("tags/<str:slug>/", views.TagDetailView.as_view(), name="tag"),
    path("outlets/<slug:slug>/", views.OutletDetailView.as_view(), name="outlet"),
    # Discovery: search, citations, feeds (the sitemap and robots.txt are the site's)
    path("search/", views.SearchView.as_view(), name="search"),
    path("articles/<slug:slug>/cite.bib", views.citation_file, {"style": "bibtex"}, name="cite_bibtex"),
    path("articles/<slug:slug>/cite.ris", views.citation_file, {"style": "ris"}, name="cite_ris"),
    path("feeds/rss/", conditional(LatestArticlesFeed), name="feed"),
    path("feeds/atom/", conditional(atom(LatestArticlesFeed)), name="feed_atom"),
    path("feeds/authors/<slug:slug>/rss/", conditional(AuthorFeed), name="author_feed"),
    path("feeds/authors/<slug:slug>/atom/", conditional(atom(AuthorFeed)), name="author_feed_atom"),
    path("feeds/series/<slug:slug>/rss/", conditional(SeriesFeed), name="series_feed"),
    path("feeds/series/<slug:slug>/atom/", conditional(atom(SeriesFeed)), name="series_feed_atom"),
    path("feeds/tags/<str:slug>/rss/", conditional(TagFeed), name="tag_feed"),
    path("feeds/tags/<str:slug>/atom/", conditional(atom(TagFeed)), name="tag_feed_atom"),
]
