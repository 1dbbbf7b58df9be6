from django.apps import AppConfig
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from taggit.models import Tag, TaggedItem

        from caucasuscenter.shared import pagecache

        from . import desk, settled
        from .frontpage.models import FeaturePlacement, FrontPage, LeadPlacement, Placement, ReportPlacement
        from .models import Article, ArticleType, Author, Authorship, Outlet, Series
        from .search import sqlite as sqlite_search
        from .tags import clean_tag_name

        # SQLite's full-text index is kept by triggers that call a Python function on every connection.
        connection_created.connect(sqlite_search.register_functions)
        for connection in connections.all(initialized_only=True):
            if connection.connection is not None:
                sqlite_search.register_functions(connection=connection)
        post_migrate.connect(sqlite_search.ensure_index, sender=self)

        # Cached public pages change when anything readers see is saved or deleted, and by
        # themselves when a scheduled article goes live.
        pagecache.invalidate_on_change(Article, ArticleType, Author, Authorship, Outlet, Series, Tag, TaggedItem)
        # The front page's arrangement; a proxy's save signals with the proxy as sender, so each is named.
        pagecache.invalidate_on_change(FrontPage, Placement, LeadPlacement, FeaturePlacement, ReportPlacement)
        pre_save.connect(clean_tag_name, sender=Tag, dispatch_uid="articles.clean_tag_name")
        desk.register()  # revisions, audit log and slug redirects (the editorial app)
        settled.connect()  # the facet counts kept across content versions

        @pagecache.expire_at
        def next_scheduled_article_goes_live(now):
            return Article.objects.scheduled().order_by("published_at").values_list("published_at", flat=True).first()
