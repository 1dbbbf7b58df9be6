"""What the home page shows: the editors' arrangement where they made one, the newest pieces where not.

- **Lead**: the piece editors chose; else the newest of the Center's own analyses and reports (first
  published here, not elsewhere) among the newest pieces; else the newest piece. Never a news brief.
- **Features**: up to six, in the editors' order; else the next newest pieces (after the reports took theirs).
- **Reports**: the pinned reports; else the newest special and exclusive reports.
- **News briefs**: their own strip, the newest first; they never lead and are no feature by default.
- **Latest**: the newest pieces not shown above.

Where editors chose nothing, a piece and its translations make one card: the one in the reader's
language where there is one (``one_per_translation_group()``, ``articles.translations``).

Only what ``published()`` lets through is shown: a scheduled piece placed by editors appears when
it goes live (the page cache expires then), a draft never. A piece appears once on the page.

Five queries whatever the numbers: the placed pieces, the newest pieces, the newest reports, the
newest news briefs, and the bylines of every piece shown.
"""

from dataclasses import dataclass, field

from django.db.models import F, prefetch_related_objects

from .. import renditions
from ..models import LEAD_TYPES, Article, byline
from ..translations import reader_language
from .models import MAX_PLACED, Placement

NEWEST = 24  # how many of the newest pieces the fallbacks and "Latest" choose from
FALLBACK_FEATURES = 3
LATEST = 6
BRIEFS = 4


@dataclass
class FrontPageContent:
    lead: Article | None = None
    features: list = field(default_factory=list)
    reports: list = field(default_factory=list)
    briefs: list = field(default_factory=list)
    latest: list = field(default_factory=list)
    curated: bool = False  # editors chose the lead or the features

    @property
    def share_image(self):
        """``(path, description)`` of the lead's photo for a social card (its widest rendition), or ``("", "")``."""
        lead = self.lead
        if not (lead and lead.photo):
            return "", ""
        picture = renditions.picture(lead.photo, lead.photo_width, lead.photo_height, shown_at=renditions.WIDTHS[-1])
        return (picture.src if picture else lead.photo.url), lead.photo_alt

    @property
    def pieces(self):
        return [piece for piece in [self.lead, *self.features, *self.reports, *self.briefs, *self.latest] if piece]


def placed_pieces(public):
    """The public pieces editors placed, each with ``place``, in their order: ``{place: [piece, …]}``."""
    placed = (
        public.filter(front_page_placements__isnull=False)
        .annotate(
            place=F("front_page_placements__place"),
            slot=F("front_page_placements__position"),
            placement=F("front_page_placements__pk"),
        )
        .order_by("slot", "placement")
    )
    by_place = {place: [] for place in Placement.Place.values}
    for piece in placed:
        by_place[piece.place].append(piece)
    return {place: pieces[: MAX_PLACED[place]] for place, pieces in by_place.items()}


def default_lead(candidates):
    """The newest of the Center's own analyses and reports, else the newest piece (never a news brief)."""
    own = (piece for piece in candidates if piece.outlet_id is None and piece.kind.slug in LEAD_TYPES)
    return next(own, candidates[0] if candidates else None)


def front_page_content():
    public = Article.objects.published().for_cards()
    placed = placed_pieces(public)
    one_per_group = public.one_per_translation_group(reader_language())
    newest = list(one_per_group.without_news_briefs().newest_first()[:NEWEST])
    newest_reports = list(one_per_group.special_reports().newest_first()[: MAX_PLACED["report"] + 1])
    briefs = list(one_per_group.news_briefs().newest_first()[:BRIEFS])

    shown = set()

    def take(pieces, limit):
        chosen = [piece for piece in pieces if piece.pk not in shown][:limit]
        shown.update(piece.pk for piece in chosen)
        return chosen

    placed_elsewhere = {piece.pk for piece in placed["feature"] + placed["report"]}
    lead = default_lead([piece for piece in newest if piece.pk not in placed_elsewhere])
    leads = take(placed["lead"], 1) or take([lead] if lead else [], 1)
    content = FrontPageContent(
        lead=leads[0] if leads else None,
        curated=bool(placed["lead"] or placed["feature"]),
    )
    content.reports = take(placed["report"] or newest_reports, MAX_PLACED["report"])
    content.features = take(placed["feature"], MAX_PLACED["feature"]) or take(newest, FALLBACK_FEATURES)
    content.briefs = take(briefs, BRIEFS)
    content.latest = take(newest, LATEST)
    prefetch_related_objects(content.pieces, byline())
    return content
