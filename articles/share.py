"""The share-preview page: a draft as readers will see it, for whoever holds an unexpired, unrevoked link.

The links themselves (random, 256 bits) live in the editors' desk (``editorial.models.ShareLink``).
An expired, revoked or unknown link is the same "not found" as any missing page. The page is never
cached (``never_cache``: the page cache stores no ``no-cache`` response), never indexed (``noindex``
in the page and the headers) and listed in no sitemap or feed; it sends no referrer, so the secret
address does not leave with a click.
"""

from django.http import Http404
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView

from editorial.models import ShareLink

from .models import Article
from .views import ArticlePageMixin


@method_decorator(never_cache, name="dispatch")
class SharedPreviewView(ArticlePageMixin, DetailView):
    def get_object(self, queryset=None):
        link = ShareLink.objects.for_model(Article).active().filter(token=self.kwargs["token"]).first()
        article = link and Article.objects.for_reading().filter(pk=link.object_id).first()
        if article is None:
            raise Http404("No such preview.")
        self.link = link
        return article

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, share_link=self.link, **kwargs)

    def translation_members(self):
        return []  # a shared draft is read for itself; its published translations have their own pages

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        return response
