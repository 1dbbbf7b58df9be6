"""The two floors every page is measured against, served by the same server with the same settings
and middleware as the site (``benchmarks/urls.py`` mounts them only when ``BENCHMARK_URLS=1``).

* ``constant``: a bare view returning a constant 10 KB page: the framework's limit.
* ``rows``: a bare view rendering a template with 20 rows from one query: a realistic floor.

Neither is ever served from the page cache (``never_cache``), so with the cache on they still
measure a view.
"""

from django.http import HttpResponse
from django.template import engines
from django.views.decorators.cache import never_cache

from articles.models import Article

_HEAD = '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Floor</title></head><body><main>\n'
_PARAGRAPH = "<p>The Caucasus Center for Strategic and International Studies: a constant paragraph.</p>\n"
_TAIL = "</main></body></html>\n"
_BODY = _PARAGRAPH * ((10 * 1024 - len(_HEAD) - len(_TAIL)) // len(_PARAGRAPH))
CONSTANT_PAGE = (_HEAD + _BODY.ljust(10 * 1024 - len(_HEAD) - len(_TAIL)) + _TAIL).encode()  # exactly 10 KB

ROWS_TEMPLATE = engines["django"].from_string(
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Latest analyses</title></head><body><main>
<h1>Latest analyses</h1>
<ol>{% for article in articles %}
  <li><a href="/articles/{{ article.slug }}/">{{ article.title }}</a>
    <time datetime="{{ article.published_at|date:'c' }}">{{ article.published_at|date:'j F Y' }}</time>
    <p>{{ article.summary|truncatewords:40 }}</p></li>{% endfor %}
</ol></main></body></html>
"""
)


@never_cache
def constant(request):
    return HttpResponse(CONSTANT_PAGE)


@never_cache
def rows(request):
    articles = Article.objects.published().only("title", "slug", "summary", "published_at").newest_first()[:20]
    return HttpResponse(ROWS_TEMPLATE.render({"articles": articles}, request))
