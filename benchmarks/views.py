"""The two floors every page is measured against, served by the same server with the same settings
and middleware as the site (``benchmarks/urls.py`` mounts them only when ``BENCHMARK_URLS=1``), and
the save the first visits after a save follow.

* ``constant``: a bare view returning a constant 10 KB page: the framework's limit.
* ``rows``: a bare view rendering a template with 20 rows from one query: a realistic floor.

Neither is ever served from the page cache (``never_cache``), so with the cache on they still
measure a view.
"""

import uuid

from django.db import transaction
from django.http import HttpResponse
from django.template import engines
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.models import Article, Authorship

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


@csrf_exempt
@never_cache
@require_POST
def save(request):
    """A save as an editor makes one, for the first visit after it to be timed (``?what=``): ``publish``
    a new piece (a copy of the newest, with its byline and topics), ``edit-recent`` the newest
    piece's title, or ``edit-settled`` the oldest's. The model's signals start a new content version,
    as the admin's save does."""
    what = request.GET.get("what", "publish")
    with transaction.atomic():
        published = Article.objects.published()
        if what == "publish":
            original = published.newest_first().first()
            authors = [(a.author_id, a.position, a.role) for a in original.authorships.all()]
            tags = list(original.tags.all())
            piece = Article.objects.get(pk=original.pk)
            piece.pk, piece.translation_of, piece.series, piece.series_part = None, None, None, None
            piece.slug = f"benchmark-save-{uuid.uuid4().hex[:12]}"
            piece.title, piece.published_at = f"A piece published by the benchmark {piece.slug[-12:]}", timezone.now()
            piece._state.adding = True
            piece.save()
            for author_id, position, role in authors:
                Authorship.objects.create(article=piece, author_id=author_id, position=position, role=role)
            piece.tags.add(*tags)
        else:
            piece = (published.newest_first() if what == "edit-recent" else published.order_by("published_at")).first()
            piece.title = piece.title[:-2] if piece.title.endswith(" ·") else piece.title + " ·"
            piece.save()
    return HttpResponse(status=204)
