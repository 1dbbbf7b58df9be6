"""The seed content expressed as a WordPress export: every piece of fixtures/articles.json written as
a WXR (with benchmarks/wxr.py's writer) and imported gives the same titles, slugs, dates, status,
authors, tags, summaries, bodies, types and languages as the fixture."""

import io
import json
from datetime import datetime
from pathlib import Path

import pytest

from articles.models import Article
from articles.wordpress.load import Options, import_file
from benchmarks.wxr import Post, write

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "articles.json"


def seed():
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    by_model = {}
    for row in rows:
        by_model.setdefault(row["model"], []).append(row)
    authors = {row["fields"]["slug"]: row["fields"]["name"] for row in by_model["articles.author"]}
    tags = {row["pk"]: row["fields"]["name"] for row in by_model["taggit.tag"]}
    bylines, topics = {}, {}
    for row in sorted(by_model["articles.authorship"], key=lambda r: r["fields"]["position"]):
        bylines.setdefault(row["fields"]["article"], []).append(row["fields"]["author"][0])
    for row in by_model["taggit.taggeditem"]:
        topics.setdefault(row["fields"]["object_id"], []).append(tags[row["fields"]["tag"]])
    articles = []
    for row in by_model["articles.article"]:
        fields = row["fields"]
        published = fields["published_at"] and datetime.fromisoformat(fields["published_at"])
        articles.append(
            {
                "pk": row["pk"],
                "title": fields["title"],
                "slug": fields["slug"],
                "status": fields["status"],
                "published_at": published or None,
                "kind": fields["kind"][0],
                "language": fields["language"],
                "summary": fields["summary"],
                "body": fields["body"],
                "authors": [authors[slug] for slug in bylines.get(row["pk"], [])],
                "tags": sorted(topics.get(row["pk"], [])),
            }
        )
    return authors, articles


def as_wxr(authors, articles):
    """The seed as WordPress would export it: each byline's first author as dc:creator (WordPress has one),
    the type as a category, the topics as tags, Azerbaijani pieces in a Polylang language."""
    posts = [
        Post(
            post_id=1000 + a["pk"],
            title=a["title"],
            slug=a["slug"],
            content=a["body"],
            excerpt=a["summary"],
            published_at=a["published_at"],
            creator=a["authors"][0] if a["authors"] else "",
            status="publish" if a["status"] == "published" else "draft",
            categories=[(a["kind"], a["kind"])],
            tags=[(tag.lower(), tag) for tag in a["tags"]],
            language="" if a["language"] == "en" else a["language"],
        )
        for a in articles
    ]
    out = io.StringIO()
    write(out, posts, {name: name for name in authors.values()}, site="https://thecaucasuscenter.org")
    return out.getvalue().encode()


def imported():
    return {
        article.slug: {
            "title": article.title,
            "slug": article.slug,
            "status": article.status,
            "published_at": article.published_at,
            "kind": article.kind.slug,
            "language": article.language,
            "summary": article.summary,
            "body": article.body,
            "authors": [author.name for author in article.ordered_authors],
            "tags": sorted(article.tags.names()),
        }
        for article in Article.objects.for_reading()
    }


def test_the_seed_as_a_wordpress_export_imports_as_the_same_articles():
    authors, articles = seed()
    assert len(articles) == 40  # every piece of the fixture
    assert all(len(a["authors"]) <= 1 for a in articles)  # so one dc:creator holds each byline
    report = import_file(io.BytesIO(as_wxr(authors, articles)), Options())
    assert report.get("article", "created") == 40
    assert report.skipped == []
    expected = {a["slug"]: {key: value for key, value in a.items() if key != "pk"} for a in articles}
    assert imported() == expected
    again = import_file(io.BytesIO(as_wxr(authors, articles)), Options())
    assert (again.get("article", "unchanged"), again.changes_anything) == (40, False)
