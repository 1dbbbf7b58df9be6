"""The seed content's dates are as precise as their reasoning (fixtures/README.md) and no more: the
day only where the seed gives it, the month where the text ties the piece to one month, else the year.
The stored times (and so the order of every list) are those of test_seed_content.py."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "articles.json"

# title → (precision, what a reader sees); the reason is the README's, in brief.
SEED_DATES = {
    # Seed 000: the sidebar gives its four dates; the lead piece is inferred.
    "Is Azerbaijan preparing to invade Armenia?": ("month", "October 2023"),  # "on Monday" 23 Oct, "this week"
    "Canada’s Trudeau resigns as PM, to stay on until new leader chosen": ("day", "6 January 2025"),
    "Biden blocks Nippon Steel deal": ("day", "3 January 2025"),
    "To open or not: the embassy question": ("day", "20 December 2024"),
    "Trump’s ambassadorial line-up": ("day", "16 December 2024"),
    # Seed 001.
    "Rising tensions between Azerbaijan and West": ("year", "2023"),  # after 20 Sep 2023, "recent"
    "Lachin Corridor crisis: How a strategic road could spark a new war in the Caucasus": ("year", "2023"),
    "What Does Israel’s President Visit to Azerbaijan Mean for Iran and the Region?": ("year", "2023"),
    "Lachin Corridor Blocked: Azerbaijan Blames Russian Peacekeepers": ("month", "December 2022"),
    "Armenia and Iran Amplify Diplomatic and Military Relations Against Common Threats": ("year", "2022"),
    "Can Timely Diplomacy Avert a Second Armenia-Azerbaijan Conflict?": ("month", "September 2022"),
    "The European Political Community: Another New Front Against Russia?": ("month", "September 2022"),
    "Will Armenia and Azerbaijan head towards another War?": ("month", "November 2021"),
    # Seed 002.
    "Russia’s peace mission in Karabakh provokes reaction in Azerbaijan": ("year", "2021"),
    "Azerbaijan Feels Pressure to Join Moscow-Dominated Eurasian Economic Union": ("month", "April 2021"),
    "What’s driving Turkey and Ukraine’s growing alliance?": ("year", "2021"),
    "The Second Karabakh War and Caspian Energy": ("year", "2021"),
    "Beijing’s Long Road to the Gulf Region": ("year", "2021"),  # "Spring 2021": no month
    "Searching for the right formula for South Caucasus regional co-operation": ("year", "2021"),
    "The Revival of Islam: How Do External Factors Shape the Potential Islamist Threat in Azerbaijan?": (
        "month",
        "February 2021",
    ),
    "Why is Azerbaijan trying to rekindle Israeli-Turkish ties?": ("year", "2021"),
    "Turkey’s rise and Iran’s decline in the South Caucasus": ("year", "2020"),
    "Turkey is the new major power in the South Caucasus": ("month", "November 2020"),
    # Seed 004.
    "Will Azerbaijan–Iran tensions reach point of no return?": ("year", "2023"),
    "VOA Azerbaijan: Rusiya-Ukrayna müharibəsi ənənəvi təhlükəsizlik anlayışını kardinal şəkildə dəyişib": (
        "year",
        "2023",
    ),
    "What to Expect From the Azerbaijani–Armenian Peace Process in 2023": ("month", "January 2023"),
    "Iran’s Drone Exports to Armenia Could Undermine Peace Process in Karabakh": ("month", "December 2022"),
    "Ethnic Minorities in the Iranian Protests: Tehran’s No-Win Situation": ("year", "2022"),
    "Gas crunch emerging in East as Kazakhstan fails to meet China’s import requests": ("year", "2022"),
    "Tehran Eyes Drone Dominance in its Near-Abroad": ("year", "2022"),
    "Amid global energy crisis Balkan states reach out to energy-rich Azerbaijan": ("year", "2022"),
    "Azerbaijan remaking its military in Turkey’s image": ("month", "July 2022"),
    "How “Spy Games” Between Iran and Israel Could Enflame Regional Tensions": ("year", "2022"),
}


@pytest.fixture
def seeded(db):
    call_command("loaddata", str(FIXTURE), verbosity=0)


def test_every_published_seed_date_has_the_precision_its_reasoning_supports(seeded):
    stored = dict(Article.objects.published().values_list("title", "published_precision"))
    assert stored == {title: precision for title, (precision, _shown) in SEED_DATES.items()}


def test_only_the_dates_the_seeds_give_are_exact(seeded):
    exact = set(Article.objects.published().filter(published_precision="day").values_list("kind__slug", flat=True))
    assert exact == {"news-brief"}


def test_no_original_date_is_set_so_none_has_a_precision_to_choose(seeded):
    assert set(Article.objects.values_list("original_date", "original_date_precision")) == {(None, "day")}


@pytest.mark.parametrize("title", list(SEED_DATES), ids=[title[:40] for title in SEED_DATES])
def test_each_seed_page_prints_only_what_is_known(client, seeded, title):
    from tests.articles.test_date_precision import page

    article = Article.objects.get(title=title)
    precision, shown = SEED_DATES[title]
    datetime_attribute, text = page(client, article.get_absolute_url()).times[0]  # the piece's own; then related
    assert text == shown
    if precision == "day":
        assert datetime_attribute == timezone.localtime(article.published_at).isoformat()
    else:
        assert datetime_attribute == {"month": article.published_at.strftime("%Y-%m"), "year": shown}[precision]
