"""The seed content: ``fixtures/articles.json`` holds every titled piece of the old site, with its facts.

The expected values below were checked by hand against ../shared/seeds/*.txt; the
judgements behind them (dates, merges, attributions, drafts) are in fixtures/README.md.
"""

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.fields import sanitize_html
from articles.models import Article, Author, Authorship, Outlet, Series

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "articles.json"
SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"

FUAD = "fuad-shahbazov"
STAFF = "ccsis-staff"
CENTER = "ccsis"  # the Center's own byline (settings.SITE["author_slug"])

PUBLISHED_COUNT = 33
DRAFT_COUNT = 7


@pytest.fixture
def seeded(db):
    call_command("loaddata", str(FIXTURE), verbosity=0)


def noon_in_baku(day):
    """12:00 Asia/Baku (UTC+4) on ``day``."""
    return datetime(day.year, day.month, day.day, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Piece:
    title: str
    kind: str
    published: date
    authors: tuple = ()
    outlet: str | None = None
    volume: str = ""
    issue: str = ""
    caption: str = ""
    credit: str = ""
    language: str = "en"
    notice: str = ""
    sentence: str = ""


# Every titled piece of the seeds (the conference call in seed 001 is modelled elsewhere).
PIECES = [
    # Seed 000: an unsigned article page, and its "Latest Author Articles" sidebar (dates given).
    Piece(
        "Is Azerbaijan preparing to invade Armenia?",
        "analysis",
        date(2023, 10, 24),
        authors=(),
        sentence="There’s speculation this is partly due to Azerbaijan’s leverage as a major gas exporter.",
    ),
    Piece(
        "Canada’s Trudeau resigns as PM, to stay on until new leader chosen",
        "news-brief",
        date(2025, 1, 6),
        authors=(),
        sentence=(
            "Trudeau’s resignation ends his nine-year term in power, marked by an open-revolt ending with numerous […]"
        ),
    ),
    Piece(
        "Biden blocks Nippon Steel deal",
        "news-brief",
        date(2025, 1, 3),
        authors=(),
        sentence=(
            "With less than two weeks in US President Joe Biden’s term, the outgoing president blocked Japan’s Nippon "
            "Steel’s proposed $14.9B purchase of US Steel, citing national security and supply chain concerns."
        ),
    ),
    Piece(
        "To open or not: the embassy question",
        "news-brief",
        date(2024, 12, 20),
        authors=(),
        sentence=(
            "Some capitals are diving chin-first right into the shallow end: Others have been a little more cautious: "
            "Stay on top […]"
        ),
    ),
    Piece(
        "Trump’s ambassadorial line-up",
        "news-brief",
        date(2024, 12, 16),
        authors=(),
        sentence=(
            "So let’s get you up to speed on what Trump’s initial ambassadorial picks might mean for the next four "
            "years: Trump wants former senator for Georgia and […]"
        ),
    ),
    # Seed 001: the Center's own listing, newest first: its pieces carry the Center's byline.
    Piece(
        "Rising tensions between Azerbaijan and West",
        "analysis",
        date(2023, 9, 21),
        authors=(CENTER,),
        sentence=(
            "The West needs to adopt a more proactive and coherent strategy towards the region, based on dialogue, "
            "diplomacy and development, as well as support the efforts of the Minsk Group and the OSCE to find a "
            "lasting and comprehensive solution to the conflict."
        ),
    ),
    Piece(
        "Lachin Corridor crisis: How a strategic road could spark a new war in the Caucasus",
        "special-report",
        date(2023, 6, 1),
        authors=(CENTER,),
        sentence=(
            "It has also stated that it is ready to provide assistance to Armenia in case of external aggression "
            "against its territory or sovereignty."
        ),
    ),
    Piece(
        "What Does Israel’s President Visit to Azerbaijan Mean for Iran and the Region?",
        "analysis",
        date(2023, 5, 31),
        authors=(CENTER,),
        sentence=(
            "Israel has also carried out covert operations and cyberattacks against Iran’s nuclear facilities and "
            "military assets."
        ),
    ),
    Piece(
        "Lachin Corridor Blocked: Azerbaijan Blames Russian Peacekeepers",
        "analysis",
        date(2022, 12, 13),
        authors=(CENTER,),
        sentence=(
            "Anxiety is also rising about the intentions of the Russian forces given the close relation between Russia "
            "and Armenia."
        ),
    ),
    Piece(
        "Armenia and Iran Amplify Diplomatic and Military Relations Against Common Threats",
        "analysis",
        date(2022, 10, 22),
        authors=(CENTER,),
        sentence=(
            "Moscow is the primary guarantor of peace between Armenia and Azerbaijan and has become alerted to "
            "European efforts to increase diplomatic influence in the Caucuses and tap into its vast gas reserves."
        ),
    ),
    Piece(
        "Can Timely Diplomacy Avert a Second Armenia-Azerbaijan Conflict?",
        "analysis",
        date(2022, 9, 14),
        authors=(CENTER,),
        sentence=(
            "For western powers desiring to divert Russia’s focus from its actions in Ukraine and ultimately bring the "
            "country down to its knees, such regional tensions could be very beneficial."
        ),
    ),
    Piece(
        "The European Political Community: Another New Front Against Russia?",
        "exclusive-report",
        date(2022, 9, 5),
        authors=(CENTER,),
        notice=(
            "Exclusive Report of The Caucasus Center – Any form of its republishing needs credit of The Caucasus "
            "Center for Strategic and Int’l Studies (CCSIS)."  # the seed's "need credit" mended
        ),
        sentence=(
            "How these protests pan out will determine the discourse that takes place at the European Political "
            "Community summit and the message that it will send to Russia, if it happens at all."
        ),
    ),
    Piece(
        "Will Armenia and Azerbaijan head towards another War?",
        "analysis",
        date(2021, 11, 17),
        authors=(CENTER,),
        sentence="However both sides still apparently stuck with the Russian brokered ceasefire deal.",
    ),
    # Seed 002: Fuad Shahbazov's pages of work, newest first.
    Piece(
        "Russia’s peace mission in Karabakh provokes reaction in Azerbaijan",
        "op-ed",
        date(2021, 5, 3),
        authors=(FUAD,),
        caption="Opening ceremony of accommodation for the Russian peace-keeping contingent in Karabakh",
        credit="Russian Ministry of Defence",
        sentence=(
            "The fact that there is still no formally agreed mandate for the Russian forces operating on the ground "
            "causes outrage in Azerbaijan as local authorities loudly criticise Moscow for provocative actions."
        ),
    ),
    Piece(
        "Azerbaijan Feels Pressure to Join Moscow-Dominated Eurasian Economic Union",
        "analysis",
        date(2021, 4, 27),
        authors=(FUAD,),
        outlet="eurasia-daily-monitor",
        volume="18",
        issue="68",
        caption=(
            "EAEU member states’ leaders pose for a picture before a meeting of the Supreme Eurasian Economic Council "
            "in Sochi on May 14, 2018."
        ),
        credit="MIKHAIL KLIMENTIEV/AFP/Getty Images",
        sentence=(
            "However, from the point of view of Armenia, several important issues will need to be addressed before it "
            "would agree to Azerbaijani attendance at this week’s EEU gathering."
        ),
    ),
    Piece(
        "What’s driving Turkey and Ukraine’s growing alliance?",
        "analysis",
        date(2021, 4, 12),
        authors=(FUAD,),
        caption=(
            "President of Turkey, Recep Tayyip Erdogan (R), and President of Ukraine, Volodymyr Zelenskiy (L), attend "
            "a signing ceremony ahead of a press conference in Istanbul, Turkey on October 16, 2020."
        ),
        credit="Murat Cetinmuhurdar / AA",
        sentence="In recent years, high-ranking figures have made several official visits.",
    ),
    Piece(
        "The Second Karabakh War and Caspian Energy",
        "analysis",
        date(2021, 3, 15),
        authors=(FUAD,),
        caption="Trans-Caspian Pipeline",
        credit="IENE",
        sentence=(
            "On September 27, 2020, fighting escalated beyond the established “meeting point” (Line of Contact) with "
            "the involvement of a significant number of military personnel, artillery units, and long-range missiles, "
            "threatening the geopolitical stability in the Black Sea-Caspian region."
        ),
    ),
    Piece(
        "Beijing’s Long Road to the Gulf Region",
        "analysis",
        date(2021, 3, 1),
        authors=(FUAD,),
        outlet="baku-dialogues",
        issue="4 (Spring 2021)",
        sentence=(
            "This has provided China with an opportunity to obtain a foothold in the region, which sits adjacent to "
            "the Silk Road region and is therefore of significant and lasting interest to readers of Baku Dialogues."
        ),
    ),
    Piece(
        "Searching for the right formula for South Caucasus regional co-operation",
        "op-ed",
        date(2021, 2, 15),
        authors=(FUAD,),
        sentence=(
            "In the aftermath of the Armenian forces’ devastating defeat in the 44-day war, the idea of regional "
            "co-operation becomes increasingly important."
        ),
    ),
    Piece(
        "The Revival of Islam: How Do External Factors Shape the Potential Islamist Threat in Azerbaijan?",
        "analysis",
        date(2021, 2, 1),
        authors=(FUAD,),
        outlet="international-counter-terrorism-review",
        sentence=(
            "Nevertheless, it is necessary to understand the historical evolution process of Islamic thought in "
            "Azerbaijan, underline the role of certain external actors in promoting radical Islamic ideology, and "
            "understand how they pose an existential threat to national security and identity."
        ),
    ),
    Piece(
        "Why is Azerbaijan trying to rekindle Israeli-Turkish ties?",
        "analysis",
        date(2021, 1, 11),
        authors=(FUAD,),
        caption="An image from a pro-Azerbaijani community protest in Washington DC",
        credit="Jerusalem Post",
        sentence=(
            "The fact that Tel Aviv and Ankara’s reconciliation process emerged just weeks before newly elected US "
            "President Joe Biden was to assume office suggests that Ankara was keen to send a positive signal and "
            "prevent any possible political isolation under the new administration."
        ),
    ),
    Piece(
        "Turkey’s rise and Iran’s decline in the South Caucasus",
        "analysis",
        date(2020, 12, 1),
        authors=(FUAD,),
        caption="Azeri Artillery shelling Armenian positions",
        credit="BBC",
        sentence=(
            "During the war, Ankara provided Baku with active political and military support by exporting at least six "
            "armed Bayraktar TB2 type attack drones and supplying smart munitions (MAM-L), including precision-guided "
            "missiles."
        ),
    ),
    Piece(
        "Turkey is the new major power in the South Caucasus",
        "analysis",
        date(2020, 11, 12),
        authors=(FUAD,),
        caption=(
            "Turkish soldier greets an Azerbaijani colleague during recent military exercises between the two countries"
        ),
        credit="TRT Istanbul",
        sentence="It also marked a significant shift in regional geopolitics.",
    ),
    # Seed 004: "Author Archives: admin", newest first (three bodies merged from seed 003).
    Piece(
        "Will Azerbaijan–Iran tensions reach point of no return?",
        "analysis",
        date(2023, 3, 15),
        authors=(STAFF,),
        sentence="Absent a change in these dynamics, relations could further deteriorate, with tensions boiling over.",
    ),
    Piece(
        "VOA Azerbaijan: Rusiya-Ukrayna müharibəsi ənənəvi təhlükəsizlik anlayışını kardinal şəkildə dəyişib",
        "interview",
        date(2023, 2, 1),
        authors=(FUAD,),
        outlet="voa-azerbaijan",
        language="az",
        sentence=(
            "Bu o deməkdir ki, nisbətən kiçik ölkələr daha böyük qonşu ölkələrin, hətta daha qlobal və yaxud regional "
            "güclərin çox asanlıqla hədəfinə çevrilə bilər. Çox destruktiv müharibənin tam ortasında qala bilər."
        ),
    ),
    Piece(
        "What to Expect From the Azerbaijani–Armenian Peace Process in 2023",
        "analysis",
        date(2023, 1, 26),
        authors=(FUAD,),
        outlet="eurasia-daily-monitor",
        volume="20",
        issue="14",
        caption="",  # the seed's "No photo description available." is a placeholder, not a caption
        sentence=(
            "While Azerbaijani state officials were deprived of free movement inside the separatist portion of "
            "Karabakh by the peacekeeping mission, it fueled scepticism in Azerbaijani and Armenian societies "
            "regarding Russia’s role in the process (Eurasianet, December 15, 2022)."
        ),
    ),
    Piece(
        "Iran’s Drone Exports to Armenia Could Undermine Peace Process in Karabakh",
        "analysis",
        date(2022, 12, 19),
        authors=(FUAD,),
        outlet="eurasia-daily-monitor",
        volume="19",
        issue="188",
        credit="Iranian Army/Handout/Anadolu Agency via Getty Images",
        sentence=(
            "Although Russia maintains the role of “key mediator” on the Karabakh issue, Azerbaijan now openly "
            "demonstrates its discontent over Moscow’s role in the peace process, particularly after the merely "
            "symbolic meeting in Sochi on October 3 (Apa.az, November 28)."
        ),
    ),
    Piece(
        "Ethnic Minorities in the Iranian Protests: Tehran’s No-Win Situation",
        "analysis",
        date(2022, 11, 16),
        authors=(STAFF,),
        sentence=(
            "The Iranian regime’s harsh stance toward Baluchis, Kurds, Arabs, and Azerbaijanis comes as part of a "
            "broader conflict between the Iranian government and ethnic minorities seeking better treatment or greater "
            "autonomy; Tehran has attempted to subdue its restive Kurdistan region in particular, both through direct "
            "military action and by attacking the neighboring Kurdistan region of Iraq."
        ),
    ),
    Piece(
        "Gas crunch emerging in East as Kazakhstan fails to meet China’s import requests",
        "analysis",
        date(2022, 11, 1),
        authors=(STAFF,),
        sentence=(
            "Tokayev said meeting domestic demand for gas must be held as an absolute priority over exports, with the "
            "gas to be sourced from the Tengiz field developed by a consortium led by US energy giant Chevron."
        ),
    ),
    Piece(
        "Tehran Eyes Drone Dominance in its Near-Abroad",
        "analysis",
        date(2022, 10, 10),
        authors=(STAFF,),
        sentence=(
            "The Ukrainian Defense Ministry identified the downed aerial vehicles as Shahid-136 unmanned kamikaze "
            "drones and Mohajer-6 drones, which can carry missiles or perform reconnaissance missions."
        ),
    ),
    Piece(
        "Amid global energy crisis Balkan states reach out to energy-rich Azerbaijan",
        "analysis",
        date(2022, 9, 15),
        authors=(STAFF,),
        sentence=(
            "Obviously, Serbia is heavily dependent on Russian oil and gas, which have been disrupted following the "
            "Ukraine war and the imposition of sanctions on Moscow by the European Union, which Serbia is seeking to "
            "join."
        ),
    ),
    Piece(
        "Azerbaijan remaking its military in Turkey’s image",
        "analysis",
        date(2022, 7, 28),
        authors=(FUAD,),
        outlet="eurasianet",
        caption="Turkey and Azerbaijan joined air force drills.",
        credit="File photo - Sputnik International, 28.07.2021",  # the seed's image size "1920" dropped
        sentence="The Turkish Army is the second strongest army in NATO today, and no one can confront it.”",
    ),
    Piece(
        "How “Spy Games” Between Iran and Israel Could Enflame Regional Tensions",
        "analysis",
        date(2022, 7, 21),
        authors=(STAFF,),
        sentence=(
            "Iranian authorities have traditionally blamed similar assassinations on the Forqa Group and the "
            "Mojahedin-e-Khalq, the two major anti-regime armed groups; instead, Tehran implicated Mossad, Israel’s "
            "intelligence service, in Fakhrizadeh’s killing, publicly admitting to Israel’s ability to strike deep "
            "within Iran for perhaps the first time."
        ),
    ),
]

W1 = (
    "The end of 2022 marked another round of confrontation between Azerbaijan and Armenia in the Karabakh region with "
    "the involvement of Russian peacekeeping forces. The standoff began in early December, when the Russian "
    "peacekeeping contingent in the separatist Karabakh region denied access to Azerbaijani officials from the "
    "Ministry of Economy, Ministry of Ecology and Natural Resources and the state-owned mining company AzerGold CJSC "
    "from carrying out on-site inspections of the Gizilbulag gold deposits and the Demirli copper-molybdenum deposits "
    "to evaluate potential risks to the environment (Mfa.gov.az, December 13, 2022; Fed.az, December 16, 2022). While "
    "Azerbaijani state officials were deprived of free movement inside the separatist portion of Karabakh by the "
    "peacekeeping mission, it fueled scepticism in Azerbaijani and Armenian societies regarding Russia’s role in the "
    "process (Eurasianet, December 15, 2022)."
)
W2 = (
    "The recent war of words between Azerbaijan and Armenia, and the developments of the last several weeks, have "
    "demonstrated that both sides are far from inking a peace deal, which was promised by the end of 2022. Although "
    "both states vowed to intensify joint efforts on the final peace treaty in October 2022 on the sidelines of the "
    "Prague summit, little has been done since. On the contrary, the failure to hold peace negotiations has been "
    "magnified by Russian President Vladimir Putin’s controversial statements regarding Moscow’s non-recognition of "
    "Azerbaijan’s sovereignty over Karabakh, which have immensely increased the risks of renewed hostilities between "
    "Baku and Yerevan (JAM-news, October 28). Although Russia maintains the role of “key mediator” on the Karabakh "
    "issue, Azerbaijan now openly demonstrates its discontent over Moscow’s role in the peace process, particularly "
    "after the merely symbolic meeting in Sochi on October 3 (Apa.az, November 28)."
)
W3 = [
    (
        "On October 5, 2020, when the full-scale war between Azerbaijani and Armenian armed forces had just started in "
        "and around Nagorno-Karabakh, President Ilham Aliyev was already talking about military reform. In an "
        "interview with Turkish state-run broadcaster TRT, Aliyev said that his intention was to remake the "
        "Azerbaijani military “based on the Turkish model but on a smaller scale.”"
    ),
    (
        "That reform had been underway for several years as Azerbaijan sought to move away from a Soviet model of the "
        "armed forces – featuring a heavy use of conscripts and large quantities of infantry and armor units – toward "
        "a more NATO-style professional, mobile, high-tech force. As Turkey was Azerbaijan’s closest ally, it was "
        "naturally the NATO military Baku sought to emulate."
    ),
    (
        "Turkey’s heavy military support to Azerbaijan in the war against Armenia solidified that orientation. As "
        "Aliyev put it in the interview: “Turkey’s moral support and the Turkish defense industry products at our "
        "disposal strengthen us, and the whole world can see that. The Turkish Army is the second strongest army in "
        "NATO today, and no one can confront it.”"
    ),
]

# The three pieces listed with an excerpt in seed 004 whose full bodies are in seed 003.
# Seed 003 has exactly the excerpts' text for them (nothing more): the article holds it
# once, without "Continue reading".
MERGED = {
    "What to Expect From the Azerbaijani–Armenian Peace Process in 2023": [W1],
    "Iran’s Drone Exports to Armenia Could Undermine Peace Process in Karabakh": [W2],
    "Azerbaijan remaking its military in Turkey’s image": W3,
}

FUAD_BIO = (
    "Fuad Shahbazov is a policy analyst covering regional security issues in the South Caucasus. He is a former "
    "research fellow at the Center for Strategic Studies of Azerbaijan and a former senior analyst at the Center for "
    "Strategic Communications, also in Azerbaijan. He has been a visiting scholar at the Daniel Morgan School of "
    "National Security in Washington. Currently, he is a master’s degree candidate in Defense and Diplomacy at the "
    "University of Durham in the U.K. He can be found on Twitter at @fuadshahbazov."
)


@dataclass(frozen=True)
class Draft:
    title: str
    kind: str
    first: str
    last: str
    authors: tuple = ()
    outlet: str | None = None
    caption: str = ""
    credit: str = ""


# The untitled bodies of seed 003 that are not a titled piece: drafts with working titles.
DRAFTS = [
    Draft(
        "Different interpretations of the 10 November 2020 trilateral declaration…",
        "op-ed",
        first="Different interpretations of the 10 November 2020 trilateral declaration which ended the 44 day",
        last="elements of the Armenian Armed Forces were transferred to this region.",
        authors=(FUAD,),
        outlet="karabakhspace-eu",
    ),
    Draft(
        "On Feb. 22, Azerbaijani President Ilham Aliyev visited Moscow…",
        "analysis",
        first="On Feb. 22, Azerbaijani President Ilham Aliyev visited Moscow at the invitation of Russian President",
        last="begin to feel the economic and political costs.",
        authors=(FUAD,),
        caption=(
            "President Ilham Aliyev and President Vladimir Putin sign “Declaration on allied interaction between the "
            "Republic of Azerbaijan and the Russian Federation”, Moscow, Russia, February 22, 2022"
        ),
        credit="President.Az",
    ),
    Draft(
        "The current crisis between Russia and Ukraine…",
        "analysis",
        first="The current crisis between Russia and Ukraine has put the United States and its European allies",
        last="which would have long-term implications for European energy supplies.",
    ),
    Draft(
        "On October 6, 2021, Russia’s Minister of Foreign Affairs Sergei Lavrov…",
        "analysis",
        first="On October 6, 2021, Russia’s Minister of Foreign Affairs Sergei Lavrov met his Iranian counterpart",
        last="In the case of Georgia, Russia’s participation in the format spells a danger of negative repercussions.",
    ),
    Draft(
        "Last September, long-brewing strains between Iran and Azerbaijan reached an unprecedented level…",
        "analysis",
        first="Last September, long-brewing strains between Iran and Azerbaijan reached an unprecedented level",
        last=(
            "Baku’s blockade of the road for Iranian trucks also notably spotlighted Iran’s energy exports to Karabakh."
        ),
    ),
    Draft(
        "On July 28, The United States’ House of Representatives voted…",
        "analysis",
        first="On July 28, The United States’ House of Representatives voted overwhelmingly in favor of an amendment",
        last="estimated at around $58.6 million in 2018 and $42.9 million in 2019, respectively.",
    ),
    Draft(
        "Russia may have deployed thousands of soldiers in and around Nagorno-Karabakh…",
        "op-ed",
        first="Russia may have deployed thousands of soldiers in and around Nagorno-Karabakh, but it isn’t the only",
        last="thus acquiring additional leverage over both Azerbaijan and Armenia.",
        authors=(FUAD,),
        outlet="karabakhspace-eu",
    ),
]


def text_of(html):
    """The body's text: tags become line breaks."""
    return "\n".join(part for part in re.split(r"<[^>]+>", html) if part.strip())


def byline(article):
    return [authorship.author.slug for authorship in article.authorships.order_by("position")]


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_fixture_loads_onto_an_empty_database():
    assert not Article.objects.exists()
    assert not Author.objects.exists()
    assert not Outlet.objects.exists()
    assert not Series.objects.exists()

    call_command("loaddata", str(FIXTURE), verbosity=0)

    assert Article.objects.count() == PUBLISHED_COUNT + DRAFT_COUNT
    assert Article.objects.published().count() == PUBLISHED_COUNT
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == DRAFT_COUNT
    assert not Article.objects.scheduled().exists()
    assert Author.objects.count() == 3
    assert Outlet.objects.count() == 6
    assert Series.objects.count() == 1
    assert Authorship.objects.count() == 31
    assert set(Authorship.objects.values_list("role", flat=True)) == {"by"}  # no seed names another role
    assert Tag.objects.count() == 26
    assert TaggedItem.objects.count() == 142


def _fixture():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.mark.django_db
def test_fixture_loads_twice_without_duplicates():
    call_command("loaddata", str(FIXTURE), verbosity=0)
    call_command("loaddata", str(FIXTURE), verbosity=0)
    assert Article.objects.count() == PUBLISHED_COUNT + DRAFT_COUNT
    assert Author.objects.count() == 3
    assert Outlet.objects.count() == 6


# ---------------------------------------------------------------------------
# Every titled piece
# ---------------------------------------------------------------------------


def test_the_table_covers_the_published_count():
    assert len(PIECES) == PUBLISHED_COUNT
    assert len({piece.title for piece in PIECES}) == PUBLISHED_COUNT


@pytest.mark.parametrize("piece", PIECES, ids=[piece.title[:40] for piece in PIECES])
def test_titled_piece(seeded, piece):
    article = Article.objects.get(title=piece.title)
    assert article.kind.slug == piece.kind
    assert article.status == Article.Status.PUBLISHED
    assert article.is_public
    assert article.published_at == noon_in_baku(piece.published)
    assert article.created_at == noon_in_baku(piece.published)
    assert article.updated_at == noon_in_baku(piece.published)
    assert byline(article) == list(piece.authors)
    assert (article.outlet.slug if article.outlet else None) == piece.outlet
    assert article.original_volume == piece.volume
    assert article.original_issue == piece.issue
    assert article.original_date is None
    assert article.original_url == ""
    assert article.photo_caption == piece.caption
    assert article.photo_credit == piece.credit
    assert article.photo_alt == ""
    assert not article.photo
    assert article.language == piece.language
    assert article.republishing_notice == piece.notice
    assert article.series is None
    assert article.series_part is None
    assert piece.sentence in article.body
    # The lede is the first paragraph, as plain text, up to its last complete sentence.
    assert article.summary
    assert article.summary[-1] in ".?!”"
    assert article.body.startswith(f"<p>{article.summary}")
    assert article.summary_opens_body
    assert "Continue reading" not in article.body
    assert "Continue reading" not in article.summary
    assert len(article.slug) <= 80


def test_chosen_dates_keep_the_seed_listings_newest_first():
    """PIECES is in seed order: seed 000's sidebar, and seeds 001, 002 and 004, list newest first."""
    assert [piece.title for piece in PIECES[5:6]] == ["Rising tensions between Azerbaijan and West"]
    assert [piece.title for piece in PIECES[13:14]] == [
        "Russia’s peace mission in Karabakh provokes reaction in Azerbaijan"
    ]
    assert [piece.title for piece in PIECES[23:24]] == ["Will Azerbaijan–Iran tensions reach point of no return?"]
    for listing in (PIECES[1:5], PIECES[5:13], PIECES[13:23], PIECES[23:33]):
        dates = [piece.published for piece in listing]
        assert dates == sorted(dates, reverse=True)
        assert len(set(dates)) == len(dates)


@pytest.mark.django_db
def test_published_titles_are_exactly_the_seed_pieces(seeded):
    published = list(Article.objects.published().values_list("title", flat=True))
    assert sorted(published) == sorted(piece.title for piece in PIECES)


@pytest.mark.django_db
def test_published_titles_are_titles_in_the_seeds(seeded):
    if not SEEDS.is_dir():
        pytest.skip(f"the seed texts are not at {SEEDS}")
    lines = set()
    for path in SEEDS.glob("*.txt"):
        lines |= {line.replace("\u00a0", " ").strip() for line in path.read_text(encoding="utf-8").splitlines()}
    # Two title lines carry the outlet, which the article keeps elsewhere.
    lines |= {line.removesuffix(" | EURASIANET") for line in lines}
    lines |= {line.removesuffix(" (Baku Dialogues; Spring 2021)") for line in lines}
    for title in Article.objects.published().values_list("title", flat=True):
        assert title in lines, title


@pytest.mark.django_db
def test_dates_the_seeds_give_are_kept(seeded):
    assert {
        title: timezone_date(published_at)
        for title, published_at in Article.objects.filter(kind__slug="news-brief").values_list("title", "published_at")
    } == {
        "Canada’s Trudeau resigns as PM, to stay on until new leader chosen": date(2025, 1, 6),
        "Biden blocks Nippon Steel deal": date(2025, 1, 3),
        "To open or not: the embassy question": date(2024, 12, 20),
        "Trump’s ambassadorial line-up": date(2024, 12, 16),
    }


def timezone_date(value):
    return timezone.localtime(value).date()


@pytest.mark.django_db
def test_merged_pieces_exist_once_with_the_seed_003_text(seeded):
    for title, paragraphs in MERGED.items():
        assert Article.objects.filter(title=title).count() == 1
        article = Article.objects.get(title=title)
        assert article.body == "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
        assert byline(article) == [FUAD]
    # Nothing else carries those texts: the seed-003 bodies did not become drafts of their own.
    for paragraphs in MERGED.values():
        assert Article.objects.filter(body__contains=paragraphs[0]).count() == 1


@pytest.mark.django_db
def test_sub_headings_and_lists(seeded):
    def body(title):
        return Article.objects.get(title=title).body

    rising = body("Rising tensions between Azerbaijan and West")
    for heading in ("Azerbaijan’s foreign policy dilemma", "Russia’s role and interests", "Conclusion"):
        assert f"<h2>{heading}</h2>" in rising
    assert "<h2>Losses on Both Sides</h2>" in body("Can Timely Diplomacy Avert a Second Armenia-Azerbaijan Conflict?")
    assert "<h2>The 2023 Lachin Corridor Crisis</h2>" in body(
        "Lachin Corridor crisis: How a strategic road could spark a new war in the Caucasus"
    )
    assert "<h2>The Russian Role in the Caucuses</h2>" in body(
        "The European Political Community: Another New Front Against Russia?"
    )
    assert "<h2>Implausible Deniability</h2>" in body("Tehran Eyes Drone Dominance in its Near-Abroad")
    assert body("Is Azerbaijan preparing to invade Armenia?").endswith(
        "<p>Also worth noting:</p>\n<ul><li>The US and Europe have yet to issue sanctions on Azerbaijan for its "
        "seizure of Karabakh. There’s speculation this is partly due to Azerbaijan’s leverage as a major gas "
        "exporter.</li></ul>"
    )


@pytest.mark.django_db
def test_labels_captions_and_notices_are_not_body_text(seeded):
    bodies = "\n".join(Article.objects.values_list("body", flat=True))
    for line in (
        "The Caucasus Center Special Report:",
        "Exclusive Report of The Caucasus Center",
        "Link to original material of VOA Azerbaijan",
        "Publication: Eurasia Daily Monitor",
        "Baku Dialogues; Issue: 4. Spring 2021",
        "International Counter-Terrorism Review (ICTR)",
        "Photo",
        "No photo description available.",
        "President.Az",
        "Latest Author Articles",
        "Author Archives",
        "Fuad Shahbazov is a policy analyst",
        "Continue reading",
        "\u00a0",
        "&nbsp;",
    ):
        assert line not in bodies, line


@pytest.mark.django_db
def test_the_conference_call_is_not_an_article(seeded):
    assert not Article.objects.filter(title__icontains="Conference").exists()
    assert not Article.objects.filter(body__contains="International Conference on Peace in South Caucasus").exists()


@pytest.mark.django_db
def test_seed_000_pieces_have_no_byline_and_seed_001_pieces_the_centers(seeded):
    unsigned = Article.objects.filter(authorships__isnull=True)
    assert unsigned.count() == 5 + 4  # seed 000 (5, another site's page), and four seed-003 drafts
    assert {piece.title for piece in PIECES if not piece.authors} <= set(unsigned.values_list("title", flat=True))
    center = Author.objects.the_center()
    assert center.articles.count() == 8  # the whole of seed 001, the Center's own listing
    assert sorted(center.articles.values_list("title", flat=True)) == sorted(
        piece.title for piece in PIECES if piece.authors == (CENTER,)
    )


@pytest.mark.django_db
def test_stored_html_is_what_the_fixture_says(seeded):
    """The bodies already pass the sanitiser unchanged: loading loses nothing."""
    for obj in _fixture():
        if obj["model"] == "articles.article":
            article = Article.objects.get(pk=obj["pk"])
            assert article.body == obj["fields"]["body"]
            assert sanitize_html(obj["fields"]["body"]) == obj["fields"]["body"]
            assert article.summary == obj["fields"]["summary"]
        elif obj["model"] == "articles.series":
            series = Series.objects.get(pk=obj["pk"])
            assert series.description == obj["fields"]["description"]
            assert series.invitation == obj["fields"]["invitation"]
    fuad = Author.objects.get(slug=FUAD)
    assert fuad.bio == sanitize_html(fuad.bio)


# ---------------------------------------------------------------------------
# Authors, outlets, series, tags
# ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_fuad_shahbazov(seeded):
    fuad = Author.objects.get(slug=FUAD)
    assert fuad.name == "Fuad Shahbazov"
    assert fuad.twitter == "fuadshahbazov"
    assert fuad.twitter_url == "https://twitter.com/fuadshahbazov"
    assert fuad.job_title == "Policy analyst"
    assert not fuad.is_organisation
    assert fuad.expertise == "Regional security issues in the South Caucasus"  # his bio's own words
    assert fuad.expertise.lower() in fuad.short_bio.lower()
    assert (
        fuad.short_bio == "Fuad Shahbazov is a policy analyst covering regional security issues in the South Caucasus."
    )
    assert fuad.bio == f"<p>{FUAD_BIO}</p>"
    assert fuad.articles.filter(status=Article.Status.PUBLISHED).count() == 14
    assert fuad.articles.filter(status=Article.Status.DRAFT).count() == 3


@pytest.mark.django_db
def test_the_center(seeded):
    center = Author.objects.get(slug=CENTER)
    assert center.slug == settings.SITE["author_slug"]
    assert center.name == "The Caucasus Center for Strategic and International Studies" == settings.SITE["name"]
    assert center.is_organisation
    # Nothing the seeds do not say: no job title, bio, expertise or links.
    assert (center.job_title, center.short_bio, center.bio, center.expertise, center.twitter, center.website) == (
        ("", "", "", "", "", "")
    )


@pytest.mark.django_db
def test_staff_account(seeded):
    staff = Author.objects.get(slug=STAFF)
    assert staff.name == "CCSIS Staff"
    assert staff.is_organisation  # the old site's "admin" account: the Center's staff, not a person
    assert staff.short_bio == "Pieces posted by the Center’s staff."  # no note about the old site
    assert sorted(staff.articles.values_list("title", flat=True)) == sorted(
        piece.title for piece in PIECES if piece.authors == (STAFF,)
    )
    assert staff.articles.count() == 6


@pytest.mark.django_db
def test_outlets(seeded):
    assert sorted(Outlet.objects.values_list("slug", "name", "website")) == [
        ("baku-dialogues", "Baku Dialogues", ""),
        ("eurasia-daily-monitor", "Eurasia Daily Monitor", ""),
        ("eurasianet", "Eurasianet", ""),
        ("international-counter-terrorism-review", "International Counter-Terrorism Review (ICTR)", ""),
        ("karabakhspace-eu", "KarabakhSpace.eu", "https://karabakhspace.eu"),
        ("voa-azerbaijan", "VOA Azerbaijan", ""),
    ]
    edm = Article.objects.get(title="Azerbaijan Feels Pressure to Join Moscow-Dominated Eurasian Economic Union")
    assert edm.original_publication_line == "First published in Eurasia Daily Monitor, Volume 18, Issue 68"
    baku = Article.objects.get(title="Beijing’s Long Road to the Gulf Region")
    assert baku.original_publication_line == "First published in Baku Dialogues, Issue 4 (Spring 2021)"


@pytest.mark.django_db
def test_op_eds_whose_outlet_the_seed_cuts_off_name_none(seeded):
    for title in (
        "Russia’s peace mission in Karabakh provokes reaction in Azerbaijan",
        "Searching for the right formula for South Caucasus regional co-operation",
    ):
        article = Article.objects.get(title=title)
        assert article.outlet is None
        # The seed cuts the attribution off ("…, writes Fuad Shahbazov in this op-ed for"): dropped,
        # in the summary and in the body's first paragraph, which is the same standfirst.
        assert "in this op-ed for" not in article.summary + article.body
        assert article.body.startswith(f"<p>{article.summary}</p>")


@pytest.mark.django_db
def test_series(seeded):
    series = Series.objects.get()
    assert series.title == "The Caucasus Conflict: Why Azerbaijani Lavy Taxes from Iranian Trucks What Next?"
    assert series.slug == "iran-azerbaijan-border-conflict"
    assert series.description == (
        "<p>The Caucasus Center is launching its special series of analyses on the Iran-Azerbaijan emerging border "
        "conflict. We will publish the various possible simulations in the coming weeks. We are going to closely "
        "monitor the situation and publish the objective analysis.</p>"
    )
    assert series.invitation == (
        "<p>If you are interested in submitting your simulation, send it to us by email at "
        '<a href="mailto:info@thecaucasuscenter.org">info@thecaucasuscenter.org</a> and we will publish it '
        "with your name and title.</p>\n"
        "<p>Don’t forget to send your full name, email address, phone, and title.</p>"
    )
    assert series.created_at == noon_in_baku(date(2021, 9, 15))
    # The seeds name no parts of the series.
    assert not series.articles.exists()


@pytest.mark.django_db
def test_tags(seeded):
    for slug in Tag.objects.values_list("slug", flat=True):
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
    for article in Article.objects.all():
        assert article.tags.exists(), article.title
    lachin = Article.objects.get(title="Lachin Corridor Blocked: Azerbaijan Blames Russian Peacekeepers")
    assert sorted(lachin.tags.slugs()) == ["armenia", "azerbaijan", "lachin-corridor", "nagorno-karabakh", "russia"]
    drones = Article.objects.get(title="Tehran Eyes Drone Dominance in its Near-Abroad")
    assert sorted(drones.tags.slugs()) == ["drones", "iran", "russia", "ukraine"]


@pytest.mark.django_db
def test_interview_in_azerbaijani(seeded):
    interview = Article.objects.get(kind__slug="interview")
    assert interview.title == (
        "VOA Azerbaijan: Rusiya-Ukrayna müharibəsi ənənəvi təhlükəsizlik anlayışını kardinal şəkildə dəyişib"
    )
    assert interview.language == "az"
    assert interview.slug == "voa-azerbaijan-rusiya-ukrayna-muharibesi-enenevi-tehlukesizlik-anlayisini"
    assert interview.outlet.slug == "voa-azerbaijan"
    assert interview.original_url == ""
    assert "Fuad Şahbazov: Ümumilikdə götürdükdə bu müharibə" in interview.body


# ---------------------------------------------------------------------------
# Drafts
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("draft", DRAFTS, ids=[draft.title[:40] for draft in DRAFTS])
def test_draft(seeded, draft):
    article = Article.objects.get(title=draft.title)
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
    assert not article.is_public
    assert article.created_at == datetime(2024, 1, 1, tzinfo=UTC)
    assert article.updated_at == datetime(2024, 1, 1, tzinfo=UTC)
    assert article.kind.slug == draft.kind
    assert byline(article) == list(draft.authors)
    assert (article.outlet.slug if article.outlet else None) == draft.outlet
    assert article.photo_caption == draft.caption
    assert article.photo_credit == draft.credit
    # A working title: the draft's own first words and an ellipsis.
    assert article.title.endswith("…")
    assert article.summary.startswith(article.title.removesuffix("…"))
    text = text_of(article.body)
    assert text.startswith(draft.first)
    assert text.endswith(draft.last)


@pytest.mark.django_db
def test_drafts_are_exactly_the_untitled_bodies(seeded):
    drafts = Article.objects.filter(status=Article.Status.DRAFT)
    assert sorted(drafts.values_list("title", flat=True)) == sorted(draft.title for draft in DRAFTS)
    assert not Article.objects.published().filter(title__endswith="…").exists()


@pytest.mark.django_db
def test_the_moscow_declaration_draft_runs_from_its_caption_to_the_bio(seeded):
    article = Article.objects.get(title="On Feb. 22, Azerbaijani President Ilham Aliyev visited Moscow…")
    assert article.body.count("<p>") == 14
    assert "Fuad Shahbazov is a policy analyst" not in article.body
    assert "Declaration on allied interaction" not in article.body
