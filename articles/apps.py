from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from taggit.models import Tag, TaggedItem

        from caucasuscenter.shared import pagecache

        from .models import Article, ArticleType, Author, Authorship, Outlet, Series

        # Cached public pages change when anything readers see is saved or deleted, and by
        # themselves when a scheduled article goes live.
        pagecache.invalidate_on_change(Article, ArticleType, Author, Authorship, Outlet, Series, Tag, TaggedItem)

        @pagecache.expire_at
        def next_scheduled_article_goes_live(now):
            return Article.objects.scheduled().order_by("published_at").values_list("published_at", flat=True).first()
