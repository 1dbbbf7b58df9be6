"""The front page: the lead, the features and the pinned reports as editors arrange them, the newest
pieces when they arrange nothing, news briefs in their own strip, the call for papers only while it is
open, and what it costs (articles/frontpage/)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, FrontPage, Placement
from tests.articles.test_admin import make_user
from tests.articles.test_views import ago, baku_time, elements, links, texts
from tests.conferences.factories import ConferenceFactory
from tests.factories import ArticleFactory, AuthorFactory, OutletFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def place(article, where, position=0):
    return Placement.objects.create(front_page=FrontPage.current(), article=article, place=where, position=position)


def lead_title(response):
    return texts(response, "lead__title")


@pytest.fixture
def newsroom():
    """A week of pieces, newest first: two news briefs, an op-ed, an analysis first published elsewhere,
    the Center's own analysis, a special report, two older analyses."""
    outlet = OutletFactory()
    pieces = [
        ("Brief one", "news-brief", {}),
        ("Brief two", "news-brief", {}),
        ("An op-ed", "op-ed", {}),
        ("Republished analysis", "analysis", {"outlet": outlet}),
        ("Own analysis", "analysis", {}),
        ("A special report", "special-report", {}),
        ("Older analysis", "analysis", {}),
        ("Oldest analysis", "analysis", {}),
    ]
    return {
        title: ArticleFactory(title=title, kind_slug=kind, published_at=ago(days=day + 1), **extra)
        for day, (title, kind, extra) in enumerate(pieces)
    }


# --- When editors choose nothing -----------------------------------------------------------------


def test_without_choices_the_newest_of_the_centers_own_analyses_and_reports_leads(client, newsroom):
    response = client.get("/")

    assert lead_title(response) == ["Own analysis"]
    assert texts(response, "section-head__title")[:3] == ["Reports", "Recent analysis", "News briefs"]


def test_without_choices_news_briefs_get_their_own_strip_and_never_lead_or_feature(client, newsroom):
    response = client.get("/")
    front = response.context["front"]

    assert [a.title for a in front.briefs] == ["Brief one", "Brief two"]
    assert [a.title for a in front.features] == ["An op-ed", "Republished analysis", "Older analysis"]
    assert [a.title for a in front.reports] == ["A special report"]
    assert [a.title for a in front.latest] == ["Oldest analysis"]
    assert front.curated is False


def test_each_piece_appears_once_on_the_front_page(client, newsroom):
    response = client.get("/")

    titles = texts(response, "lead__title") + texts(response, "card__title")
    assert sorted(titles) == sorted(newsroom)


def test_only_news_briefs_and_outside_pieces_means_the_newest_piece_that_is_no_brief_leads(client):
    ArticleFactory(title="Brief", kind_slug="news-brief", published_at=ago(days=1))
    ArticleFactory(title="Op-ed", kind_slug="op-ed", published_at=ago(days=2))

    assert lead_title(client.get("/")) == ["Op-ed"]


def test_a_site_with_only_news_briefs_has_no_lead_but_shows_the_briefs(client):
    ArticleFactory(title="Brief", kind_slug="news-brief")

    response = client.get("/")

    assert lead_title(response) == []
    assert texts(response, "intro__title") == ["Independent analysis of the Caucasus and its neighbours"]
    assert texts(response, "card__title") == ["Brief"]


def test_an_empty_site_says_so_and_shows_no_call_box(client):
    response = client.get("/")

    assert response.status_code == 200
    assert response.context["conference"] is None
    assert elements(response, "call-box") == []
    assert texts(response, "empty") == [
        "No articles yet.",
        "No special reports yet.",
        "No more articles yet.",
        "No series yet.",
    ]


# --- What editors choose -------------------------------------------------------------------------


def test_editors_lead_features_in_their_order_and_pinned_reports_take_their_places(client, newsroom):
    place(newsroom["Oldest analysis"], "lead")
    place(newsroom["Older analysis"], "feature", position=2)
    place(newsroom["An op-ed"], "feature", position=1)
    place(newsroom["Own analysis"], "report")

    response = client.get("/")
    front = response.context["front"]

    assert lead_title(response) == ["Oldest analysis"]
    assert [a.title for a in front.features] == ["An op-ed", "Older analysis"]
    assert [a.title for a in front.reports] == ["Own analysis"]
    assert [a.title for a in front.latest] == ["Republished analysis", "A special report"]
    assert texts(response, "section-head__title")[:2] == ["Reports", "Featured"]
    assert front.curated is True


def test_a_scheduled_lead_is_never_shown_before_it_goes_live_and_takes_its_place_then(client, newsroom):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        scheduled = ArticleFactory(title="Embargoed lead", published_at=start + timedelta(hours=1))
        place(scheduled, "lead")
        place(ArticleFactory(title="Embargoed feature", published_at=start + timedelta(hours=1)), "feature")
        before = client.get("/")
    with time_machine.travel(start + timedelta(hours=1, seconds=1), tick=False):
        after = client.get("/")

    assert lead_title(before) == ["Own analysis"]
    assert "Embargoed" not in before.content.decode()
    assert lead_title(after) == ["Embargoed lead"]
    assert [a.title for a in after.context["front"].features] == ["Embargoed feature"]


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.REVIEW])
def test_a_draft_or_a_piece_in_review_placed_by_editors_is_never_shown(client, newsroom, status):
    hidden = ArticleFactory(title="Hidden piece", status=status, published_at=ago(hours=1))
    place(hidden, "lead")
    place(hidden, "feature")
    place(hidden, "report")

    response = client.get("/")

    assert "Hidden piece" not in response.content.decode()
    assert lead_title(response) == ["Own analysis"]


def test_at_most_six_features_and_three_reports_are_shown(client):
    for n in range(8):
        place(ArticleFactory(title=f"Feature {n}", published_at=ago(days=n + 1)), "feature", position=n)
        place(
            ArticleFactory(title=f"Report {n}", kind_slug="special-report", published_at=ago(days=n + 1)), "report", n
        )

    front = client.get("/").context["front"]

    assert [a.title for a in front.features] == [f"Feature {n}" for n in range(6)]
    assert [a.title for a in front.reports] == [f"Report {n}" for n in range(3)]


def test_the_lead_shows_its_standfirst_and_byline(client):
    author = AuthorFactory(name="Fuad Shahbazov")
    ArticleFactory(title="Lachin corridor", summary="A road and a peace process.", authors=[author])

    response = client.get("/")

    assert texts(response, "lead__standfirst") == ["A road and a peace process."]
    assert links(response, "lead__title") == ["/articles/lachin-corridor/"]
    assert "Fuad Shahbazov" in texts(response, "byline")[0]


# --- The call for papers -------------------------------------------------------------------------


def test_the_call_box_appears_while_a_call_is_open_with_the_calls_title_dates_and_deadline_not_its_prose(client):
    ConferenceFactory(
        title="Baku Conference on Connectivity",
        subtitle="Corridors and borders",
        slug="baku-2099",
        summary="Papers on the Middle Corridor.",
        venue="Baku",
        opens_at=ago(days=1),
        deadline=baku_time(2099, 1, 31, 23, 59),
    )

    response = client.get("/")

    assert texts(response, "feature__kicker") == ["Call for papers open"]
    assert texts(response, "feature__title") == ["Baku Conference on Connectivity"]
    assert texts(response, "call-box") == [
        "Call for papers open Baku Conference on Connectivity Corridors and borders Baku"
        " Abstracts until 31 January 2099, 23:59 Baku time (UTC+04:00)"
        " The call and the programme All conferences"
    ]
    assert texts(response, "feature__meta") == ["Baku", "Abstracts until 31 January 2099, 23:59 Baku time (UTC+04:00)"]
    assert links(response, "feature__links") == ["/conference/baku-2099/", "/conference/"]


@pytest.mark.parametrize("when", ["closed", "upcoming"])
def test_no_call_box_for_a_closed_or_upcoming_call(client, when):
    if when == "closed":
        ConferenceFactory(closed=True)
    else:
        ConferenceFactory(opens_at=timezone.now() + timedelta(days=3), deadline=timezone.now() + timedelta(days=30))

    response = client.get("/")

    assert response.context["conference"] is None
    assert elements(response, "call-box") == []


def test_the_call_box_goes_when_the_deadline_passes(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        ConferenceFactory(title="Closing soon", deadline=start + timedelta(hours=1))
        assert texts(client.get("/"), "feature__title") == ["Closing soon"]
    with time_machine.travel(start + timedelta(hours=1, seconds=1), tick=False):
        assert elements(client.get("/"), "call-box") == []


def test_a_scheduled_lead_takes_its_place_at_its_time_although_the_home_page_was_cached(client, settings, newsroom):
    settings.PAGE_CACHE_SECONDS = 600
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        place(ArticleFactory(title="Embargoed lead", published_at=start + timedelta(minutes=30)), "lead")
        assert lead_title(client.get("/")) == ["Own analysis"]
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert lead_title(client.get("/")) == ["Own analysis"]
    with time_machine.travel(start + timedelta(minutes=30, seconds=1), tick=False):
        assert lead_title(client.get("/")) == ["Embargoed lead"]


# --- Cost and cache ------------------------------------------------------------------------------


# The placed pieces, the newest pieces, the newest reports, the newest news briefs, the bylines of all
# shown (articles.frontpage.selection: 5), the series (1), the open call (1).
HOME_QUERIES = 5 + 1 + 1


@pytest.mark.parametrize("n", [1, 3])
def test_home_runs_the_same_queries_for_1_or_3_features(client, django_assert_num_queries, n):
    series = SeriesFactory(invitation="<p>Send us yours.</p>")
    author = AuthorFactory()
    pieces = [
        ArticleFactory(
            published_at=ago(days=i + 1), series=series, series_part=i + 1, authors=[author, AuthorFactory()]
        )
        for i in range(n + 2)
    ]
    ArticleFactory(kind_slug="news-brief", authors=[author])
    ArticleFactory(kind_slug="special-report", authors=[author])
    place(pieces[0], "lead")
    for position, piece in enumerate(pieces[1 : n + 1]):
        place(piece, "feature", position)
    ConferenceFactory()

    with django_assert_num_queries(HOME_QUERIES):
        response = client.get("/")

    assert len(response.context["front"].features) == n


@pytest.mark.parametrize("n", [1, 3])
def test_home_without_choices_runs_the_same_queries_for_1_or_3_features(client, django_assert_num_queries, n):
    for i in range(n + 1):
        ArticleFactory(published_at=ago(days=i + 1), authors=[AuthorFactory()])

    with django_assert_num_queries(HOME_QUERIES):
        response = client.get("/")

    assert len(response.context["front"].features) == n


def test_arranging_the_front_page_reaches_cached_pages_at_once(client, settings, django_capture_on_commit_callbacks):
    settings.PAGE_CACHE_SECONDS = 600
    ArticleFactory(title="Newest", published_at=ago(days=1))
    older = ArticleFactory(title="Chosen by editors", published_at=ago(days=9))
    assert lead_title(client.get("/")) == ["Newest"]

    with django_capture_on_commit_callbacks(execute=True):
        place(older, "lead")
    assert lead_title(client.get("/")) == ["Chosen by editors"]

    with django_capture_on_commit_callbacks(execute=True):
        Placement.objects.get().delete()
    assert lead_title(client.get("/")) == ["Newest"]


# --- The admin's front-page screen ---------------------------------------------------------------


def inline(prefix, pieces, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(pieces)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, (article, position) in enumerate(pieces):
        data[f"{prefix}-{i}-article"] = str(article.pk)
        data[f"{prefix}-{i}-position"] = str(position)
    return data


def front_page_form(lead=(), features=(), reports=()):
    return {
        **inline("placements", [(a, 0) for a in lead]),
        **inline("placements-2", [(a, i) for i, a in enumerate(features)]),
        **inline("placements-3", [(a, i) for i, a in enumerate(reports)]),
    }


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("eda", "Editors"))
    return client


def test_the_front_pages_list_opens_the_one_front_page(editor_client):
    response = editor_client.get(reverse("admin:articles_frontpage_changelist"))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_frontpage_change", args=[1])
    assert FrontPage.objects.count() == 1


def test_an_editor_sets_the_lead_and_orders_the_features_and_readers_see_them(editor_client, client, newsroom):
    url = reverse("admin:articles_frontpage_change", args=[FrontPage.current().pk])
    page = editor_client.get(url)
    assert page.status_code == 200
    prefixes = [formset.formset.prefix for formset in page.context["inline_admin_formsets"]]

    data = {}
    for prefix, pieces in zip(
        prefixes,
        [
            [newsroom["Older analysis"]],
            [newsroom["An op-ed"], newsroom["Own analysis"]],
            [newsroom["A special report"]],
        ],
        strict=True,
    ):
        data |= inline(prefix, [(article, i) for i, article in enumerate(pieces)])
    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert sorted(Placement.objects.values_list("place", "article__title", "position")) == [
        ("feature", "An op-ed", 0),
        ("feature", "Own analysis", 1),
        ("lead", "Older analysis", 0),
        ("report", "A special report", 0),
    ]
    home = client.get("/")
    assert lead_title(home) == ["Older analysis"]
    assert [a.title for a in home.context["front"].features] == ["An op-ed", "Own analysis"]


def post_placements(editor_client, lead=(), features=()):
    url = reverse("admin:articles_frontpage_change", args=[FrontPage.current().pk])
    prefixes = [formset.formset.prefix for formset in editor_client.get(url).context["inline_admin_formsets"]]
    data = inline(prefixes[0], [(a, 0) for a in lead])
    data |= inline(prefixes[1], [(a, i) for i, a in enumerate(features)])
    data |= inline(prefixes[2], [])
    return editor_client.post(url, data)


def test_a_news_brief_cannot_lead(editor_client, newsroom):
    response = post_placements(editor_client, lead=[newsroom["Brief one"]])

    assert response.status_code == 200
    assert Placement.objects.count() == 0
    errors = [error for formset in response.context["inline_admin_formsets"] for error in formset.formset.errors]
    assert {"article": ["A news brief does not lead the front page; choose another piece."]} in errors


def test_more_than_six_features_are_refused(editor_client):
    response = post_placements(editor_client, features=ArticleFactory.create_batch(7))

    assert response.status_code == 200
    assert Placement.objects.count() == 0
    (features,) = [f.formset for f in response.context["inline_admin_formsets"] if f.formset.max_num == 6]
    assert features.non_form_errors() == ["Please submit at most 6 forms."]


def test_the_screen_says_what_readers_see_and_what_waits_to_go_live(editor_client, newsroom):
    place(ArticleFactory(title="Embargoed", published_at=timezone.now() + timedelta(days=1)), "lead")
    place(ArticleFactory(title="Unfinished", draft=True), "feature")

    response = editor_client.get(reverse("admin:articles_frontpage_change", args=[1]))
    content = response.content.decode()

    assert "Lead: <a href='/articles/own-analysis/'>Own analysis</a>" in content
    assert "Lead story: Embargoed (appears when it goes live" in content
    assert "Feature: Unfinished (not shown: it is not published)" in content
