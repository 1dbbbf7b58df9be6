"""Abstracts as CSV for the editors: one row per abstract, authors and affiliations included."""

import csv
import io

from django.utils import timezone

COLUMNS = [
    "ID",
    "Conference",
    "Topic",
    "Title",
    "Status",
    "Words",
    "Submitted",
    "Contact author",
    "Contact email",
    "Phone",
    "Authors",
    "Affiliations",
    "Author emails",
    "Reviews",
    "Mean score",
    "Abstract",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(value):
    """Spreadsheets run a cell that starts like a formula: quote it (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def abstracts_csv(abstracts):
    """CSV text for ``abstracts`` (with ``authors`` and ``reviews`` prefetched)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for abstract in abstracts:
        authors = abstract.ordered_authors
        contact = abstract.contact_author
        scores = [review.score for review in abstract.reviews.all() if review.score is not None]
        affiliations = list(dict.fromkeys(author.affiliation for author in authors))
        writer.writerow(
            safe(value)
            for value in [
                abstract.pk,
                abstract.conference,
                abstract.topic_title,
                abstract.title,
                abstract.get_status_display(),
                abstract.word_count,
                timezone.localtime(abstract.submitted_at).strftime("%Y-%m-%d %H:%M"),
                contact.name if contact else "",
                contact.email if contact else "",
                abstract.phone,
                "; ".join(f"{a.name} ({a.affiliation})" for a in authors),
                "; ".join(affiliations),
                "; ".join(a.email for a in authors),
                len(scores),
                f"{sum(scores) / len(scores):.2f}" if scores else "",
                abstract.text,
            ]
        )
    return buffer.getvalue()
