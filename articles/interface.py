"""What other apps and the site may use of articles; nothing else of this app is imported outside it.

The site (``caucasuscenter``) asks for what the home page shows (``front_page()``: the lead, the
features, the reports, the news briefs and the latest pieces, as editors arranged them), the article
sections of the sitemap (``SITEMAPS``) and when a published piece last changed (``latest_change()``).

Readers of a series may send the editors their own simulation (``conferences``' contributions),
so conferences refers to a series by ``SERIES`` (a model label, for a foreign key) and finds the
series a form is for with ``series_or_404()``.

Email alerts (``alerts``) ask which author, series or topic a reader may follow
(``alert_target()``: only one a published piece uses, as its page shows) and which pieces went
live (``live_pieces_since()``, ``live_pieces()``): always ``published()`` ones, so no draft,
piece in review or scheduled piece ever reaches an email.
"""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.utils.functional import lazy
from taggit.models import Tag

from .frontpage.selection import front_page_content
from .models import Article, Author, Series, byline_text
from .sitemaps import SITEMAPS, latest_change

__all__ = [
    "SERIES",
    "SITEMAPS",
    "LivePiece",
    "alert_target",
    "front_page",
    "latest_change",
    "live_pieces",
    "live_pieces_since",
    "series_or_404",
]

SERIES = "articles.Series"


def series_or_404(slug):
    """The series with this slug, whether or not it has published pieces; 404 if there is none."""
    return get_object_or_404(Series, slug=slug)


def front_page():
    """What the home page shows: ``front`` (``articles.frontpage.selection.FrontPageContent``, five
    queries) and four series worth a visit (``series_list``, a lazy queryset: one query)."""
    series_to_show = Series.objects.worth_a_visit().with_published_counts()
    return {
        "front": front_page_content(),
        "series_list": series_to_show.order_by("-created_at", "title")[:4],
    }


#: What a reader may follow by email: the model of each kind of target, and how its pieces name it.
ALERT_TARGETS = {"author": (Author, "authors"), "series": (Series, "series"), "tag": (Tag, "tags")}


def alert_target(kind, slug):
    """``(pk, name)`` of the author, series or topic (``kind``) with this slug that a published piece
    uses, or ``None``: one known only to drafts is as unknown as one that never was (one query)."""
    if kind not in ALERT_TARGETS or not slug:
        return None
    model, lookup = ALERT_TARGETS[kind]
    name_field = "title" if model is Series else "name"
    found = Article.objects.public_users_of(model.objects.filter(slug=slug), lookup)
    return found.values_list("pk", name_field).first()


@dataclass(frozen=True)
class LivePiece:
    """A published piece as an email names it, and what it may be followed by."""

    pk: int
    title: str
    url: str
    summary: str
    byline: str
    published_at: object
    author_ids: frozenset
    series_id: int | None
    tag_ids: frozenset


def _live(pieces):
    pieces = pieces.for_listing().prefetch_related("tags").order_by("published_at", "pk")
    return [
        LivePiece(
            pk=piece.pk,
            title=piece.title,
            url=piece.get_absolute_url(),
            summary=piece.summary,
            byline=lazy(byline_text, str)(piece),  # in the language of each email it is written into
            published_at=piece.published_at,
            author_ids=frozenset(a.pk for a in piece.ordered_authors),
            series_id=piece.series_id,
            tag_ids=frozenset(t.pk for t in piece.tags.all()),
        )
        for piece in pieces
    ]


def live_pieces_since(moment, excluding):
    """The pieces published after ``moment`` that are live now, oldest first, leaving out the pks in
    ``excluding`` (a queryset of pks: those already announced). Three queries."""
    return _live(Article.objects.published().filter(published_at__gt=moment).exclude(pk__in=excluding))


def live_pieces(pks):
    """Those of the pieces ``pks`` that are live now (a piece sent back to draft is not), oldest first."""
    return _live(Article.objects.published().filter(pk__in=pks))
