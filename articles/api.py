"""A read-only JSON API of what readers may see: published pieces, their authors and series.

    GET /api/v1/articles/?type=analysis&tag=energy&page=2   the list's filters, 20 a page (page_size ≤ 50)
    GET /api/v1/articles/<slug>/                              one piece, with its body
    GET /api/v1/authors/  /api/v1/authors/<slug>/             people and institutions with a published piece
    GET /api/v1/series/   /api/v1/series/<slug>/              series with a published part or an invitation
    GET /api/v1/openapi.json                                  the OpenAPI 3.1 description (articles/api_schema.py)

Plain Django views rather than Django REST framework or django-ninja: six GET endpoints over
querysets the site already has (``published()``, ``for_listing()``, the list's ``ArticleFilter``),
so the JSON is a few small functions, with no serializer layer, permissions or browsable pages to
configure and keep safe. Every answer carries an ETag (a digest of the JSON) and answers
``If-None-Match`` with 304; as a GET without cookies, it is kept by the page cache like any page
and dies with the content version. Anyone may read it (``Access-Control-Allow-Origin: *``).

Every piece is listed, each translation too (the site's lists show one per translation group, in
the reader's language; the API leaves that choice to its client): each names the other published
pieces of its group in ``translations`` (language, title, addresses), one query per answer.
"""

import hashlib

from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.views.decorators.http import require_safe

from caucasuscenter.shared.links import absolute_url, slug_url

from .api_schema import openapi_description
from .filters import ArticleFilter
from .models import Article, Author, Series, byline_text
from .translations import published_translations

PAGE_SIZE, MAX_PAGE_SIZE = 20, 50


# --- The answer ----------------------------------------------------------------------------------


def answer(request, data, status=200):
    """``data`` as JSON, with an ETag; 304 when the reader already has it."""
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    if status == 200:
        response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        response = get_conditional_response(request, etag=response["ETag"], response=response)
    response["Access-Control-Allow-Origin"] = "*"
    response["X-Content-Type-Options"] = "nosniff"
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def error(request, status, message):
    return answer(request, {"error": message}, status=status)


def paginated(request, queryset, item):
    """``{"count", "page", "pages", "next", "previous", "results"}`` for the page asked for."""
    try:
        size = min(MAX_PAGE_SIZE, max(1, int(request.GET.get("page_size", PAGE_SIZE))))
        number = int(request.GET.get("page", 1))
    except ValueError:
        raise BadRequest("page and page_size are whole numbers") from None
    paginator = Paginator(queryset, size)
    try:
        page = paginator.page(number)
    except EmptyPage:
        raise Http404(f"There is no page {number}.") from None

    def link(n):
        query = request.GET.copy()
        query["page"] = n
        return absolute_url(f"{request.path}?{query.urlencode()}")

    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": items(list(page.object_list), item),
    }


def items(objects, item):
    """Each object as ``item()`` makes it; articles with their published translations (one query)."""
    if objects and isinstance(objects[0], Article):
        translations = published_translations(objects)
        return [item(obj, translations.get(obj.pk, [])) for obj in objects]
    return [item(obj) for obj in objects]


class BadRequest(Exception):
    pass


def endpoint(view):
    """GET and HEAD only (405 otherwise); a 404 or a bad parameter as a JSON error."""

    @require_safe
    def wrapped(request, *args, **kwargs):
        try:
            return answer(request, view(request, *args, **kwargs))
        except Http404 as missing:
            return error(request, 404, str(missing) or "Not found.")
        except BadRequest as bad:
            return error(request, 400, str(bad))

    wrapped.__name__ = wrapped.__qualname__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


# --- What each object looks like -----------------------------------------------------------------


def moment(value):
    return value.isoformat() if value else None


def author_ref(author):
    return {"name": author.name, "slug": author.slug, "url": absolute_url(slug_url("articles:author", author.slug))}


def series_ref(series):
    if series is None:
        return None
    return {"title": series.title, "slug": series.slug, "url": absolute_url(slug_url("articles:series", series.slug))}


def translation_ref(article):
    return {
        "language": article.language,
        "title": article.title,
        "url": absolute_url(slug_url("articles:detail", article.slug)),
        "api_url": absolute_url(slug_url("api:article", article.slug)),
    }


def article_item(article, translations=()):
    """A piece; ``translations``: the other published pieces of its translation group."""
    outlet = article.outlet
    return {
        "title": article.title,
        "slug": article.slug,
        "url": absolute_url(slug_url("articles:detail", article.slug)),
        "api_url": absolute_url(slug_url("api:article", article.slug)),
        "type": article.kind.slug,
        "language": article.language,
        "summary": article.summary,
        "published_at": moment(article.published_at),
        "updated_at": moment(article.updated_at),
        "authors": [
            {**author_ref(authorship.author), "role": authorship.role} for authorship in article.authorships.all()
        ],
        "byline": byline_text(article) or None,
        "series": series_ref(article.series),
        "series_part": article.series_part,
        "tags": [{"name": tag.name, "slug": tag.slug} for tag in article.tags.all()],
        "first_published_in": outlet
        and {
            "outlet": outlet.name,
            "volume": article.original_volume or None,
            "issue": article.original_issue or None,
            "date": article.original_date.isoformat() if article.original_date else None,
            "url": article.original_url or None,
        },
        "photo": article.photo.url if article.photo else None,
        "translations": [translation_ref(translation) for translation in translations],
    }


def article_whole(article, translations=()):
    return {
        **article_item(article, translations),
        "body": article.body,
        "photo_alt": article.photo_alt or None,
        "photo_caption": article.photo_caption or None,
        "photo_credit": article.photo_credit or None,
    }


def author_item(author):
    return {
        **author_ref(author),
        "api_url": absolute_url(slug_url("api:author", author.slug)),
        "is_organisation": author.is_organisation,
        "job_title": author.job_title or None,
        "affiliation": author.affiliation or None,
        "expertise": author.expertise or None,
        "short_bio": author.short_bio or None,
        "website": author.website or None,
        "published_count": author.published_count,
    }


def series_item(series):
    return {
        **series_ref(series),
        "api_url": absolute_url(slug_url("api:series", series.slug)),
        "description": series.description,
        "published_count": series.published_count,
    }


# --- The endpoints -------------------------------------------------------------------------------


class EveryPieceFilter(ArticleFilter):
    """The list's filters over every piece: the API lists each translation, with the others named."""

    collapse_translations = False


def pieces():
    return Article.objects.published().for_listing().prefetch_related("tags")


def public_authors():
    return Author.objects.with_published_counts().filter(published_count__gt=0)


@endpoint
def article_list(request):
    """Published pieces, newest first, filtered like the article list (type, tag, author, series, …)."""
    filterset = EveryPieceFilter(request.GET, queryset=pieces().newest_first(), request=request)
    if not filterset.is_valid():
        raise BadRequest("; ".join(f"{name}: {errors[0]}" for name, errors in filterset.errors.items()))
    return paginated(request, filterset.qs, article_item)


@endpoint
def article_detail(request, slug):
    """One published piece, with its body (sanitised HTML)."""
    article = get_object_or_404(pieces().with_body(), slug=slug)
    return article_whole(article, published_translations([article])[article.pk])


@endpoint
def author_list(request):
    return paginated(request, public_authors().people_first(), author_item)  # as /authors/ lists them


@endpoint
def author_detail(request, slug):
    """An author with a published piece (one who has none answers 404, as one that does not exist)."""
    author = get_object_or_404(public_authors(), slug=slug)
    latest = pieces().filter(authorships__author=author).newest_first()[:10]
    return {**author_item(author), "bio": author.bio, "latest": items(list(latest), article_item)}


@endpoint
def series_list(request):
    series = Series.objects.worth_a_visit().with_published_counts().order_by("-created_at", "title")
    return paginated(request, series, series_item)


@endpoint
def series_detail(request, slug):
    series = get_object_or_404(Series.objects.worth_a_visit().with_published_counts(), slug=slug)
    parts = pieces().filter(series=series).order_by("series_part", "published_at", "pk")
    return {**series_item(series), "invitation": series.invitation, "parts": items(list(parts), article_item)}


@endpoint
def openapi(request):
    return openapi_description(absolute_url("/api/v1"))
