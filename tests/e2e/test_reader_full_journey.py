"""A reader on the site as a newcomer gets it (``make serve``: the seed content), in a real browser:
home → article → author → series → tag → search → filtered list → feed."""

import re
from xml.etree import ElementTree

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

ARTICLE = "Will Azerbaijan–Iran tensions reach point of no return?"


def feed_titles(page, url):
    """The item titles of the RSS feed at ``url``, fetched as a feed reader would."""
    response = page.request.get(url)
    assert (response.status, response.headers["content-type"]) == (200, "application/rss+xml; charset=utf-8")
    return [item.findtext("title") for item in ElementTree.fromstring(response.body()).iter("item")]


def test_reader_goes_from_home_through_an_article_author_series_and_tag_to_search_filters_and_a_feed(page, seeded_site):
    page.goto(seeded_site("/"))
    main = page.locator("main")
    main.get_by_role("link", name=ARTICLE).click()

    # The article, dated with <time datetime>: its date is inferred, known only to the year.
    page.wait_for_url("**/articles/will-azerbaijan-iran-tensions-reach-point-of-no-return/")
    assert page.get_by_role("heading", level=1).inner_text() == ARTICLE
    byline = main.locator(".article__meta .byline")
    assert byline.locator("time").get_attribute("datetime") == "2023"
    assert byline.locator("time").inner_text() == "2023"

    # Its author.
    byline.get_by_role("link", name="CCSIS Staff").click()
    page.wait_for_url("**/authors/ccsis-staff/")
    assert page.get_by_role("heading", level=1).inner_text() == "CCSIS Staff"
    assert main.get_by_role("link", name=ARTICLE).count() == 1

    # The series, from the main navigation: it invites contributions.
    page.locator("header.site-header").get_by_role("link", name="Series").click()
    page.wait_for_url("**/series/")
    main.get_by_role("link", name=re.compile("Azerbaijani Lavy Taxes from Iranian Trucks")).click()
    page.wait_for_url("**/series/iran-azerbaijan-border-conflict/")
    assert main.get_by_role("heading", name="Contribute to this series").is_visible()
    assert main.get_by_role("button", name="Send the simulation").is_visible()

    # Back to the article, and one of its topics; the topic page offers its own feed.
    page.go_back()
    page.go_back()
    page.go_back()
    page.wait_for_url("**/articles/will-azerbaijan-iran-tensions-reach-point-of-no-return/")
    main.get_by_role("navigation", name="Topics").get_by_role("link", name="Iran", exact=True).click()
    page.wait_for_url("**/tags/iran/")
    assert page.get_by_role("heading", level=1).inner_text() == "Iran"
    assert main.get_by_role("link", name=ARTICLE).count() == 1
    topic_feed = page.locator('link[rel=alternate][type="application/rss+xml"][title="Iran (RSS)"]')
    assert ARTICLE in feed_titles(page, topic_feed.evaluate("link => link.href"))

    # Search from the header: every result matches, the words are marked.
    header = page.locator("header.site-header")
    header.get_by_role("searchbox").fill("drone*")
    header.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=drone*")
    results = main.locator(".search-results > li")
    found = results.count()
    assert found > 1
    assert main.get_by_role("status").first.inner_text() == f"{found} results for “drone*”."
    assert [text.lower() for text in main.locator(".search-results mark").all_inner_texts()][:1] == ["drone"]

    # A filter narrows the results; the chosen filter is shown and can be removed.
    main.get_by_text("Filter by type, author, topic, language or date").click()
    main.locator(".filters").get_by_role("link", name=re.compile(r"^Fuad Shahbazov")).click()
    page.wait_for_url(re.compile(r"/search/\?.*author=fuad-shahbazov"))
    filtered = results.count()
    assert 0 < filtered < found
    assert results.locator(".byline").all_inner_texts() == [
        text for text in results.locator(".byline").all_inner_texts() if "Fuad Shahbazov" in text
    ]
    assert main.get_by_role("link", name="Remove the filter Author: Fuad Shahbazov").first.is_visible()

    # The site's feed, linked from every page's footer, lists the newest pieces.
    feed = page.locator("footer.site-footer").get_by_role("link", name="Subscribe (RSS)")
    titles = feed_titles(page, feed.evaluate("a => a.href"))
    assert titles[0] == "Canada’s Trudeau resigns as PM, to stay on until new leader chosen"
    assert ARTICLE in titles
