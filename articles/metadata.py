"""What a page tells search engines, social sites and reference managers about itself.

``PageMeta`` holds it; ``templates/includes/_meta.html`` prints it: OpenGraph and Twitter-card
tags, Highwire Press ``citation_*`` tags (which Zotero and Google Scholar read), alternate feeds
and JSON-LD (schema.org). Builders take the objects a view already loaded and absolute URLs; they
run no query of their own beyond what ``for_listing()`` (lists) or ``for_reading()`` (a piece) loaded.
"""

from django.conf import settings

from caucasuscenter.shared.dates import Precision, format_date, iso_date
from caucasuscenter.shared.metadata import PageMeta, iso, organisation, shorten


def published(article):
    """When the piece went (or, previewed as a draft, would go) public."""
    return article.published_at or article.updated_at


def published_iso(article):
    """The publication date in ISO 8601 as far as it is known: a time, ``2021-04`` or ``2021``."""
    precision = article.published_precision if article.published_at else Precision.DAY
    return iso_date(published(article), precision)


def modified_iso(article):
    """The last change: the edit's own time once the piece was edited after it went public; until
    then its publication date, no more precise than that is known."""
    if article.updated_at > published(article):
        return iso(article.updated_at)
    return published_iso(article)


# --- JSON-LD -----------------------------------------------------------------------------------------


def person(author, absolute):
    """An author as a schema.org Person, or an Organization for an institutional author; the Center's
    own byline is the very Organization that publishes the site (the same ``@id``)."""
    if author.is_organisation:
        data = {"@type": "Organization", "name": author.name, "url": absolute(author.get_absolute_url())}
        if author.is_the_center:
            data = {**organisation(), "name": author.name}
    else:
        data = {"@type": "Person", "name": author.name, "url": absolute(author.get_absolute_url())}
    if author.job_title and not author.is_organisation:
        data["jobTitle"] = author.job_title
    if author.affiliation:
        data["affiliation"] = {"@type": "Organization", "name": author.affiliation}
    if author.expertise:
        data["knowsAbout"] = author.expertise
    same_as = [link for link in (author.twitter_url, author.website) if link]
    if same_as:
        data["sameAs"] = same_as
    return data


def article_json_ld(article, absolute):
    """The piece as its schema.org type, with its authors, publisher, series and first publication."""
    url = absolute(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": article.kind.schema_type or "Article",
        "@id": f"{url}#article",
        "headline": shorten(article.title, 110),
        "name": article.title,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": article.language,
        "articleSection": article.kind.name,
        "datePublished": published_iso(article),
        "dateModified": modified_iso(article),
        "author": [person(author, absolute) for author in article.writers],
        "publisher": organisation(),
    }
    # Who wrote with the authors ("with") and who translated the piece have their own properties.
    if article.contributors:
        data["contributor"] = [person(author, absolute) for author in article.contributors]
    if article.translators:
        data["translator"] = [person(author, absolute) for author in article.translators]
    if article.summary:
        data["description"] = article.summary
    keywords = sorted((tag.name for tag in article.tags.all()), key=str.casefold)
    if keywords:
        data["keywords"] = keywords
    if article.photo:
        data["image"] = absolute(article.photo.url)
    if article.series_id:
        data["isPartOf"] = {
            "@type": "CreativeWorkSeries",
            "name": article.series.title,
            "url": absolute(article.series.get_absolute_url()),
        }
        if article.series_part:
            data["position"] = article.series_part
    if article.outlet_id:
        data["isBasedOn"] = original_publication(article)
    return data


def original_publication(article):
    """Where the piece first appeared: the periodical, volume and issue, as schema.org nests them."""
    periodical = {"@type": "Periodical", "name": article.outlet.name}
    if article.outlet.website:
        periodical["url"] = article.outlet.website
    container = periodical
    if article.original_volume:
        container = {"@type": "PublicationVolume", "volumeNumber": article.original_volume, "isPartOf": container}
    if article.original_issue:
        container = {"@type": "PublicationIssue", "issueNumber": article.original_issue, "isPartOf": container}
    original = {"@type": "Article", "headline": shorten(article.title, 110), "isPartOf": container}
    if article.original_url:
        original["url"] = article.original_url
    if article.original_date:
        original["datePublished"] = iso_date(article.original_date, article.original_date_precision)
    return original


def collection_json_ld(name, url, articles, absolute, about=None, page_type="CollectionPage"):
    """A page listing pieces: a CollectionPage (or SearchResultsPage) whose main entity is the list."""
    data = {
        "@context": "https://schema.org",
        "@type": page_type,
        "name": name,
        "url": url,
        "publisher": organisation(),
        "mainEntity": {
            "@type": "ItemList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "url": absolute(article.get_absolute_url()),
                    "name": article.title,
                }
                for position, article in enumerate(articles, start=1)
            ],
        },
    }
    if about:
        data["about"] = about
    return data


# --- Highwire Press citation_* tags ------------------------------------------------------------------


def citation_tags(article, absolute):
    """The tags Zotero and Google Scholar file a piece by (``citation_author`` once per author).

    A piece first published elsewhere names its periodical, volume, issue and original date; our
    reports name the Center as the institution; other pieces name it as publisher.
    """
    url = absolute(article.get_absolute_url())
    first_published = article.outlet if article.outlet_id else None
    online = (published(article), article.published_precision if article.published_at else Precision.DAY)
    original = (article.original_date, article.original_date_precision)
    date = original if first_published and article.original_date else online
    tags = [("citation_title", article.title)]
    # Highwire has no tag for a translator: they are left out of the authors.
    tags += [("citation_author", author.name) for author in article.cited_authors]
    tags.append(("citation_publication_date", format_date(*date, style="slashes")))
    tags.append(("citation_online_date", format_date(*online, style="slashes")))
    if first_published:
        tags.append(("citation_journal_title", first_published.name))
        if article.original_volume:
            tags.append(("citation_volume", article.original_volume))
        if article.original_issue:
            tags.append(("citation_issue", article.original_issue))
    elif article.kind.schema_type == "Report":
        tags.append(("citation_technical_report_institution", settings.SITE["name"]))
    tags.append(("citation_publisher", settings.SITE["name"]))
    tags.append(("citation_language", article.language))
    tags += [("citation_keywords", tag) for tag in sorted((t.name for t in article.tags.all()), key=str.casefold)]
    if article.summary:
        tags.append(("citation_abstract", shorten(article.summary, 2000)))
    tags.append(("citation_abstract_html_url", url))
    tags.append(("citation_fulltext_html_url", url))
    if getattr(article, "pdf", None):  # no PDF field yet; ready for one
        tags.append(("citation_pdf_url", absolute(article.pdf.url)))
    return tags


# --- Whole pages -------------------------------------------------------------------------------------


def article_meta(article, absolute, canonical):
    authors = article.writers
    og_article = [
        ("article:published_time", published_iso(article)),
        ("article:modified_time", modified_iso(article)),
        ("article:section", article.kind.name),
    ]
    og_article += [("article:author", absolute(author.get_absolute_url())) for author in authors]
    og_article += [("article:tag", tag.name) for tag in sorted(article.tags.all(), key=lambda t: t.name.casefold())]
    return PageMeta(
        title=article.title,
        description=shorten(article.summary) or shorten(article.body),
        url=canonical,
        og_type="article",
        locale=article.language,
        image=absolute(article.photo.url) if article.photo else "",
        image_alt=article.photo_alt,
        article=og_article,
        twitter_creator=next((f"@{author.twitter}" for author in authors if author.twitter), ""),
        citation=citation_tags(article, absolute),
        json_ld=article_json_ld(article, absolute),
    )
