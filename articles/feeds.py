"""RSS 2.0 and Atom feeds: the whole site, and each author, series and topic.

Items come from ``Article.objects.published()``: full summaries, every author (with their page)
and categories (the type and the topics). Who wrote a piece (its authors, "by", and interviewers)
are its authors; who wrote with them ("with") and its translators are its contributors. Each feed
answers conditional GETs: its ETag and Last-Modified describe exactly the items it lists, so a
feed reader polling an unchanged feed gets a 304 without the feed being built.
"""

import hashlib

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import get_language
from django.views.decorators.http import condition
from taggit.models import Tag

from caucasuscenter.shared import pagecache
from caucasuscenter.shared.dates import is_exact, iso_date

from .models import Article, Author, Series

DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"


class RssFeed(Rss201rev2Feed):
    """RSS 2.0 with one ``dc:creator`` per author (RSS's own ``author`` wants an email address) and
    one ``dc:contributor`` per co-writer or translator, in byline order.

    ``pubDate`` must be a whole date and time (RFC 822), so a piece whose date is known only to the
    month or the year has none; its ``dc:date`` (W3C-DTF, which allows ``2021-04`` and ``2021``)
    says what is known."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DUBLIN_CORE}

    def add_item_elements(self, handler, item):
        exact = is_exact(item["date_precision"])
        super().add_item_elements(handler, item if exact else {**item, "pubdate": None})
        if not exact:
            handler.addQuickElement("dc:date", iso_date(item["pubdate"], item["date_precision"]))
        for name, _link in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        for name, _link in item["contributors"]:
            handler.addQuickElement("dc:contributor", name)


class AtomFeed(Atom1Feed):
    """Atom with one ``author`` (name and page) per author, one ``contributor`` per co-writer or
    translator. ``published`` (RFC 3339, a whole date
    and time) only for a piece whose day is known; ``updated``, which Atom requires, always."""

    def add_item_elements(self, handler, item):
        exact = is_exact(item["date_precision"])
        super().add_item_elements(handler, item if exact else {**item, "pubdate": None})
        for element, people in (("author", item["authors"]), ("contributor", item["contributors"])):
            for name, link in people:
                handler.startElement(element, {})
                handler.addQuickElement("name", name)
                handler.addQuickElement("uri", link)
                handler.endElement(element)


class LatestArticlesFeed(Feed):
    """The newest published pieces of the whole site."""

    feed_type = RssFeed
    limit = 30
    language = settings.LANGUAGE_CODE
    title_words = "Latest analysis"

    def get_object(self, request, *args, **kwargs):
        return None

    def articles(self, obj):
        """All the published pieces this feed is about; ``items()`` lists the newest."""
        return Article.objects.published()

    def items(self, obj):
        return self.articles(obj).for_reading().newest_first()[: self.limit]

    def title(self, obj):
        return f"{self.title_words} — {settings.SITE['name']}"

    def link(self, obj):
        return obj.get_absolute_url() if obj is not None else reverse("articles:list")

    def description(self, obj):
        return f"{self.title_words}: analyses, op-eds, reports and interviews on the South Caucasus and its neighbours."

    def subtitle(self, obj):  # Atom's name for the description
        return self.description(obj)

    def __call__(self, request, *args, **kwargs):
        self.request = request  # safe: ``conditional()`` makes one feed object per request
        return super().__call__(request, *args, **kwargs)

    def feed_url(self, obj):
        return self.request.path

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.summary

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        # Never before publication: a scheduled piece goes live without being saved again.
        return max(article.updated_at, article.published_at)

    def item_categories(self, article):
        return [article.kind.name] + sorted((tag.name for tag in article.tags.all()), key=str.casefold)

    def item_extra_kwargs(self, article):
        def people(authors):
            return [(author.name, self.request.build_absolute_uri(author.get_absolute_url())) for author in authors]

        return {
            "date_precision": article.published_precision,
            "authors": people(article.writers),
            "contributors": people(article.contributors + article.translators),
        }


class AuthorFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(
            Article.objects.public_users_of(Author.objects.all(), "authorships__author"), slug=slug
        )

    def articles(self, author):
        return Article.objects.published().filter(authorships__author=author)

    def title(self, author):
        return f"{author.name} — {settings.SITE['name']}"

    def description(self, author):
        return f"Pieces by {author.name} for {settings.SITE['name']}."


class SeriesFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Series.objects.worth_a_visit(), slug=slug)

    def articles(self, series):
        return Article.objects.published().filter(series=series)

    def title(self, series):
        return f"{series.title} — {settings.SITE['name']}"

    def description(self, series):
        return f"The parts of the series “{series.title}”, newest first."


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Article.objects.public_users_of(Tag.objects.all(), "tags"), slug=slug)

    def articles(self, tag):
        return Article.objects.published().filter(tags=tag)

    def link(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})

    def title(self, tag):
        return f"{tag.name} — {settings.SITE['name']}"

    def description(self, tag):
        return f"Analysis and commentary on {tag.name} from {settings.SITE['name']}."


def atom(feed_class):
    """The Atom twin of an RSS feed class."""
    return type(f"{feed_class.__name__}Atom", (feed_class,), {"feed_type": AtomFeed})


def conditional(feed_class):
    """A view serving ``feed_class`` that answers If-None-Match / If-Modified-Since with 304 when
    nothing changed.

    The validators come from one small query on the very items the feed lists (their ids and
    times), so a new, edited, unpublished or newly visible scheduled piece changes them.
    """

    def versions(request, *args, **kwargs):
        if not hasattr(request, "_feed_versions"):
            feed = feed_class()
            articles = feed.articles(feed.get_object(request, *args, **kwargs)).newest_first()
            request._feed_versions = list(articles.values_list("pk", "updated_at", "published_at")[: feed.limit])
        return request._feed_versions

    def etag(request, *args, **kwargs):
        signature = ";".join(
            f"{pk}:{updated.timestamp()}:{published.timestamp()}"
            for pk, updated, published in versions(request, *args, **kwargs)
        )
        return hashlib.sha256(f"{feed_class.feed_type.__name__}|{signature}".encode()).hexdigest()[:32]

    def last_modified(request, *args, **kwargs):
        rows = versions(request, *args, **kwargs)
        return max((max(updated, published) for _pk, updated, published in rows), default=None)

    @condition(etag_func=etag, last_modified_func=last_modified)
    def view(request, *args, **kwargs):
        return kept_feed(request, lambda: feed_class()(request, *args, **kwargs))

    return view


def kept_feed(request, build):
    """The feed ``build()`` makes, kept for the content version (``PARTS_CACHE_SECONDS``, as the
    pages' parts are: ``caucasuscenter.shared.fragments``) per absolute address and language, frozen
    and thawed as the page cache does its pages. A feed holds nothing of its reader's; an unknown
    author or topic (a 404) is never kept."""
    seconds = settings.PARTS_CACHE_SECONDS
    if not seconds:
        return build()
    identity = f"{request.build_absolute_uri()}\n{get_language()}"
    name = f"feed:{hashlib.sha256(identity.encode()).hexdigest()}"
    return pagecache.thaw(pagecache.remember(name, seconds, lambda: pagecache.freeze(build())), request)
