"""The editorial vocabulary: what is published, what is scheduled, and what may be stored."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article, Author, Series
from tests.factories import ArticleFactory, AuthorFactory, OutletFactory, SeriesFactory, article_type

pytestmark = pytest.mark.django_db

SCRIPT = '<p>Safe words.</p><script>alert("x")</script><p onclick="steal()">Click <a href="javascript:go()">me</a></p>'
CLEAN = "<p>Safe words.</p><p>Click <a>me</a></p>"


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def later(**kwargs):
    return timezone.now() + timedelta(**kwargs)


# ---------------------------------------------------------------------------
# published() and scheduled()
# ---------------------------------------------------------------------------


def test_published_is_what_the_public_may_see_and_nothing_else():
    ArticleFactory(title="Live", published_at=ago(minutes=1))
    ArticleFactory(title="Draft", draft=True)
    ArticleFactory(title="Draft with a past date", status=Article.Status.DRAFT, published_at=ago(days=3))
    ArticleFactory(title="In review", status=Article.Status.REVIEW, published_at=ago(days=3))
    ArticleFactory(title="Scheduled", published_at=later(minutes=1))

    assert list(Article.objects.published().values_list("title", flat=True)) == ["Live"]


def test_scheduled_is_published_pieces_whose_time_has_not_come():
    ArticleFactory(title="Live", published_at=ago(minutes=1))
    ArticleFactory(title="Next week", published_at=later(days=7))
    ArticleFactory(title="Tomorrow", published_at=later(days=1))
    ArticleFactory(title="Draft for tomorrow", status=Article.Status.DRAFT, published_at=later(days=1))

    assert list(Article.objects.scheduled().values_list("title", flat=True)) == ["Next week", "Tomorrow"]


def test_a_scheduled_piece_moves_from_scheduled_to_published_when_its_time_passes():
    article = ArticleFactory(published_at=later(hours=1))
    assert (article.is_scheduled, article.is_public) == (True, False)
    assert list(Article.objects.published()) == []

    Article.objects.filter(pk=article.pk).update(published_at=ago(seconds=1))
    article.refresh_from_db()

    assert (article.is_scheduled, article.is_public) == (False, True)
    assert list(Article.objects.published()) == [article]
    assert list(Article.objects.scheduled()) == []


def test_newest_first_orders_by_publication_time_then_by_newest_row():
    same_time = ago(days=1)
    first = ArticleFactory(title="First row", published_at=same_time)
    second = ArticleFactory(title="Second row", published_at=same_time)
    newest = ArticleFactory(title="Newest", published_at=ago(hours=1))

    assert list(Article.objects.newest_first()) == [newest, second, first]


def test_a_published_article_must_have_a_publication_time():
    with pytest.raises(IntegrityError):
        ArticleFactory(status=Article.Status.PUBLISHED, published_at=None)


def test_clean_gives_a_piece_being_published_the_current_time():
    article = ArticleFactory.build(kind=article_type(), status=Article.Status.PUBLISHED, published_at=None)

    article.clean()

    assert abs(article.published_at - timezone.now()) < timedelta(seconds=5)


def test_clean_asks_for_a_series_for_a_part_number_and_an_outlet_for_original_details():
    article = ArticleFactory.build(kind=article_type(), series_part=2, original_issue="14")

    with pytest.raises(ValidationError) as error:
        article.clean()

    assert error.value.message_dict == {
        "series_part": ["A part number needs a series."],
        "outlet": ["Choose the outlet that first published the piece."],
    }


def test_a_series_has_only_one_article_per_part():
    series = SeriesFactory()
    ArticleFactory(series=series, series_part=1)

    with pytest.raises(IntegrityError):
        ArticleFactory(series=series, series_part=1)


def test_series_counts_only_published_parts():
    series = SeriesFactory(title="Counted")
    ArticleFactory(series=series, series_part=1)
    ArticleFactory(series=series, series_part=2)
    ArticleFactory(series=series, series_part=3, draft=True)
    ArticleFactory(series=series, series_part=4, scheduled=True)

    assert Series.objects.with_published_counts().get(pk=series.pk).published_count == 2


# ---------------------------------------------------------------------------
# Bylines and the original-publication line
# ---------------------------------------------------------------------------


def test_ordered_authors_follow_the_byline_order_not_the_alphabet():
    zaur, anar, leyla = (AuthorFactory(name=name) for name in ("Zaur", "Anar", "Leyla"))
    article = ArticleFactory(authors=[zaur, anar, leyla])

    article = Article.objects.for_listing().get(pk=article.pk)

    assert [author.name for author in article.ordered_authors] == ["Zaur", "Anar", "Leyla"]


def test_original_publication_line_names_the_outlet_volume_and_issue():
    article = ArticleFactory(
        outlet=OutletFactory(name="Eurasia Daily Monitor"), original_volume="20", original_issue="14"
    )

    assert article.original_publication_line == "First published in Eurasia Daily Monitor, Volume 20, Issue 14"


def test_original_publication_line_ends_with_the_date_when_known():
    article = ArticleFactory(
        outlet=OutletFactory(name="Eurasia Daily Monitor"),
        original_issue="14",
        original_date=date(2023, 1, 27),
    )

    assert article.original_publication_line == "First published in Eurasia Daily Monitor, Issue 14, 27 January 2023"


def test_original_publication_line_is_just_the_outlet_without_details():
    article = ArticleFactory(outlet=OutletFactory(name="Caspian News"))

    assert article.original_publication_line == "First published in Caspian News"


def test_a_piece_first_published_here_has_no_original_publication_line():
    assert ArticleFactory().original_publication_line == ""


# ---------------------------------------------------------------------------
# Rich text is sanitised on every write path
# ---------------------------------------------------------------------------


def test_script_is_stripped_from_the_body_by_objects_create():
    article = Article.objects.create(title="T", slug="t", kind=article_type(), body=SCRIPT)

    article.refresh_from_db()

    assert article.body == CLEAN


def test_script_is_stripped_from_the_body_by_save():
    article = ArticleFactory()
    article.body = SCRIPT

    article.save()
    article.refresh_from_db()

    assert article.body == CLEAN


def test_script_is_stripped_from_the_body_by_bulk_create():
    Article.objects.bulk_create(
        [Article(title="One", slug="one", kind=article_type(), body=SCRIPT)]
        + [Article(title="Two", slug="two", kind=article_type(), body="<p>Plain.</p>")]
    )

    assert list(Article.objects.order_by("slug").values_list("body", flat=True)) == [CLEAN, "<p>Plain.</p>"]


def test_script_is_stripped_from_the_body_by_queryset_update():
    article = ArticleFactory()

    Article.objects.filter(pk=article.pk).update(body=SCRIPT)
    article.refresh_from_db()

    assert article.body == CLEAN


@pytest.mark.parametrize(
    ("model", "field", "make"),
    [
        (Author, "bio", AuthorFactory),
        (Series, "description", SeriesFactory),
        (Series, "invitation", SeriesFactory),
    ],
)
def test_script_is_stripped_from_every_rich_text_field(model, field, make):
    obj = make()

    model.objects.filter(pk=obj.pk).update(**{field: SCRIPT})
    obj.refresh_from_db()

    assert getattr(obj, field) == CLEAN


def test_sanitising_keeps_what_editors_may_use():
    allowed = (
        "<h2>Heading</h2><p><strong>Bold</strong>, <em>italic</em> and "
        '<a href="https://example.org/">a link</a>.</p><blockquote><p>Quote</p></blockquote>'
        "<ul><li><p>Item</p></li></ul><hr>"
    )
    article = Article.objects.create(title="T", slug="t", kind=article_type(), body=allowed)

    article.refresh_from_db()

    assert article.body == allowed


@pytest.mark.parametrize(
    ("summary", "body", "expected"),
    [
        ("Tensions rose.", "<p>Tensions   rose.</p><p>More.</p>", True),
        ("Baku &amp; Yerevan", "<p>Baku &amp;amp; Yerevan met.</p>", True),
        ("A standfirst of its own.", "<p>The body starts differently.</p>", False),
        ("", "<p>Anything.</p>", False),
    ],
)
def test_summary_opens_body_tells_when_the_lede_is_already_the_first_paragraph(summary, body, expected):
    assert Article(summary=summary, body=body).summary_opens_body is expected
