"""A list's facet counts in two sides, so that publishing a piece does not make the next visit count
every piece again.

A list's facets count its pieces, one card per translation group (``articles.filters``), and are
kept for the content version (``pagecache``): every save starts a new one. Counting 100,000 pieces
afresh takes a third of a second. So the pieces are split by their translation group's original
id (``Coalesce(translation_of, pk)``: a group, on which the one-card test depends, is never split)
at a *watermark*:

* the **settled** side, the groups up to the watermark, is counted once per *generation* and kept
  under it (``remember()``), across content versions;
* the **recent** side, the groups above it (the newest ``RECENT`` when the generation began, and
  every piece added since), is counted for each content version, with the list's other counts.

The generation ends (``unsettle()``), and the next visit counts everything again, when something
could change the settled side's counts: a save or deletion of a piece of a settled group (before or
after: a piece that leaves or joins one), of its bylines or topics; any save or deletion of a
type, author, series, outlet or topic (their labels, and what a deletion takes with it); any write
whose pieces are not known (a staff POST but an article's own add and change pages, whose signals
name the piece, an explicit ``pagecache.invalidate()``, a fixture); a settled scheduled piece going
live (the generation's ``until``); and the recent side growing past ``RECENT_MAX`` pieces. Where the
cache is down, nothing is kept and the counts are counted whole, as before.
"""

import logging
import math
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max, Min, Q
from django.db.models.signals import m2m_changed
from django.utils import timezone

from caucasuscenter.shared import pagecache

logger = logging.getLogger(__name__)

STATE_KEY = "settled:state"
RECENT = 200  # the newest groups a new generation leaves on the recent side (the pieces edited most)
RECENT_MAX = 2000  # more recent pieces than this, and the next visit settles them
# An article's own add and change pages: every write they make to a piece sends a signal naming it.
PAGES_NAMING_THEIR_PIECE = {"admin:articles_article_add", "admin:articles_article_change"}


def _in_groups(lookup, watermark):
    """Pieces whose translation group's original id is ``lookup`` (``"lte"``, ``"gt"``) the
    watermark, said so that the indexes of the keys and of ``translation_of`` answer (a condition on
    ``Coalesce(translation_of, pk)`` would read every piece)."""
    return Q(translation_of__isnull=True, **{f"pk__{lookup}": watermark}) | Q(
        **{f"translation_of__{lookup}": watermark}
    )


@dataclass(frozen=True)
class Sides:
    token: str
    watermark: int

    def settled(self, queryset):
        return queryset.filter(_in_groups("lte", self.watermark))

    def recent(self, queryset):
        return queryset.filter(_in_groups("gt", self.watermark))

    def remember(self, name, compute):
        """``compute()``, kept for this generation (at most ``SETTLED_COUNTS_SECONDS``)."""
        key = f"settled:{self.token}:{pagecache.release()}:{name}"
        return pagecache.kept(key, settings.SETTLED_COUNTS_SECONDS, compute)


def current():
    """The sides of this generation (a new one begins when there is none), or ``None`` when the
    settled counts are not kept (``SETTLED_COUNTS_SECONDS`` 0) or the cache is down."""
    seconds = settings.SETTLED_COUNTS_SECONDS
    if not seconds:
        return None
    now = timezone.now()
    try:
        state = cache.get(STATE_KEY)
        if state is None or (state[2] is not None and state[2] <= now):
            state = _begin(now)
            timeout = seconds if state[2] is None else min(seconds, math.ceil((state[2] - now).total_seconds()))
            cache.set(STATE_KEY, state, max(1, timeout))
    except Exception:
        logger.exception("Cache unavailable; the facets are counted whole")
        return None
    return Sides(state[0], state[1])


def _begin(now):
    """``(token, watermark, until)`` of a new generation: ``until`` is when its first settled
    scheduled piece goes live."""
    from .models import Article

    pieces = Article._base_manager.all()
    watermark = max(0, (pieces.aggregate(last=Max("pk"))["last"] or 0) - RECENT)
    scheduled = pieces.filter(_in_groups("lte", watermark), status=Article.Status.PUBLISHED, published_at__gt=now)
    until = scheduled.aggregate(first=Min("published_at"))["first"]
    return (secrets.token_hex(8), watermark, until)


def unsettle():
    """End the generation once the current transaction (if any) commits."""
    transaction.on_commit(lambda: cache.delete(STATE_KEY), robust=True)


def _watermark():
    """The watermark of the generation under way, or ``None`` (none: nothing is kept to end)."""
    try:
        state = cache.get(STATE_KEY)
    except Exception:
        return None
    return None if state is None else state[1]


# --- What ends a generation --------------------------------------------------------------------


def _groups_of(article, created=False):
    """The translation groups ``article`` is in now and was in when loaded (``Article.from_db``);
    ``None`` when where it was is unknown (a stored piece not loaded with its original)."""
    groups = {article.translation_of_id or article.pk}
    if not created:
        if not hasattr(article, "_stored_original_id"):
            return None
        groups.add(article._stored_original_id or article.pk)
    return groups


def _touches_settled(article_id, article=None, created=False):
    """Whether a change to the piece ``article_id`` (``article``, when at hand) can change the
    settled side's counts: it is, or was, in a settled group."""
    watermark = _watermark()
    if watermark is None:
        return False
    if article is None:
        from .models import Article

        if article_id is None or article_id <= watermark:
            return True
        original = Article._base_manager.filter(pk=article_id).values_list("translation_of_id", flat=True).first()
        return original is not None and original <= watermark
    groups = _groups_of(article, created)
    return groups is None or min(groups) <= watermark


def _on_content_changed(sender, instance=None, created=False, raw=False, staff_request=None, **kwargs):
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import Tag, TaggedItem

    from .models import Article, ArticleType, Author, Authorship, Outlet, Series

    if staff_request is not None:
        match = getattr(staff_request, "resolver_match", None)
        if match is None or match.view_name not in PAGES_NAMING_THEIR_PIECE:
            unsettle()
    elif instance is None or raw:
        unsettle()
    elif isinstance(instance, Article):
        if _touches_settled(instance.pk, instance, created):
            unsettle()
        instance._stored_original_id = instance.translation_of_id  # as stored now
    elif isinstance(instance, Authorship):
        if _touches_settled(instance.article_id, instance._state.fields_cache.get("article")):
            unsettle()
    elif isinstance(instance, TaggedItem):
        tagged = ContentType.objects.get_for_id(instance.content_type_id).model_class()
        if tagged is Article and _touches_settled(instance.object_id):
            unsettle()
    elif isinstance(instance, (ArticleType, Author, Outlet, Series, Tag)) and not created:
        unsettle()  # a facet's label, or what its deletion takes with it (a new one counts nothing yet)


def _on_topics_changed(sender, instance, action, reverse, **kwargs):
    """Topics added, removed or cleared (``tags.add()`` writes with ``bulk_create``: no save signal)."""
    from .models import Article

    if action.startswith("post_") and (not isinstance(instance, Article) or _touches_settled(instance.pk, instance)):
        unsettle()


def connect():
    from .models import Article

    pagecache.content_changed.connect(_on_content_changed, dispatch_uid="articles.settled")
    m2m_changed.connect(_on_topics_changed, sender=Article.tags.through, dispatch_uid="articles.settled.topics")
