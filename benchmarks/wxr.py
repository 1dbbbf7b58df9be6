"""Writing WordPress exports (WXR): from plain :class:`Post` rows, and N generated posts for the import
benchmark.

    .venv/bin/python benchmarks/wxr.py 5000 -o /tmp/wxr-5000.xml
    /usr/bin/time -v .venv/bin/python manage.py import_wordpress /tmp/wxr-5000.xml

The writer is what WordPress 6 writes (channel, ``wp:author`` entries, one ``<item>`` per post with
its categories, tags and dates in local time and UTC); ``tests/articles/test_wordpress_seed.py`` uses
it to express the seed content as an export. Generated posts are in the shape of the old site's:
classic-editor paragraphs (about 1.9 KB, the mean of the seed articles), a sub-heading, a caption
shortcode in one post in ten, 8 authors, 10 categories and 26 tags, a Polylang language for one in
ten, a draft and a pending post in fifty.
"""

import argparse
import random
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.words import ACTORS, AZ_CLAUSES, AZ_OBJECTS, AZ_SUBJECTS, AZ_VERBS, CLAUSES, OBJECTS, VERBS

SITE = "https://old.example.org"
OFFSET = timedelta(hours=4)  # the old site's time zone, Asia/Baku


@dataclass
class Post:
    post_id: int
    title: str
    slug: str
    content: str
    published_at: datetime | None  # aware; None for a draft never dated
    creator: str = "admin"
    excerpt: str = ""
    status: str = "publish"
    categories: list[tuple[str, str]] = field(default_factory=list)  # (slug, name)
    tags: list[tuple[str, str]] = field(default_factory=list)
    language: str = ""  # a Polylang language slug, e.g. "az"
    modified_at: datetime | None = None


def cdata(text):
    return "<![CDATA[" + (text or "").replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _dates(name, moment):
    if moment is None:
        return f"<wp:{name}>0000-00-00 00:00:00</wp:{name}><wp:{name}_gmt>0000-00-00 00:00:00</wp:{name}_gmt>"
    utc = moment.astimezone(UTC).replace(tzinfo=None)
    local = utc + OFFSET
    return f"<wp:{name}>{local:%Y-%m-%d %H:%M:%S}</wp:{name}><wp:{name}_gmt>{utc:%Y-%m-%d %H:%M:%S}</wp:{name}_gmt>"


def item(post, site=SITE):
    day = (post.published_at or datetime(2024, 1, 1, tzinfo=UTC)).astimezone(UTC) + OFFSET
    link = f"{site}/{day:%Y/%m/%d}/{post.slug}/" if post.status == "publish" else f"{site}/?p={post.post_id}"
    terms = [("category", slug, name) for slug, name in post.categories]
    terms += [("post_tag", slug, name) for slug, name in post.tags]
    if post.language:
        terms.append(("language", post.language, post.language))
    return "".join(
        [
            "\n\t<item>",
            f"<title>{cdata(post.title)}</title><link>{escape(link)}</link>",
            f"<dc:creator>{cdata(post.creator)}</dc:creator>",
            f'<guid isPermaLink="false">{escape(site)}/?p={post.post_id}</guid><description></description>',
            f"<content:encoded>{cdata(post.content)}</content:encoded>",
            f"<excerpt:encoded>{cdata(post.excerpt)}</excerpt:encoded>",
            f"<wp:post_id>{post.post_id}</wp:post_id>",
            _dates("post_date", post.published_at if post.status in ("publish", "future") else None),
            _dates("post_modified", post.modified_at or post.published_at),
            f"<wp:post_name>{cdata(post.slug)}</wp:post_name><wp:status>{cdata(post.status)}</wp:status>",
            "<wp:post_parent>0</wp:post_parent><wp:post_type><![CDATA[post]]></wp:post_type>",
            "<wp:post_password><![CDATA[]]></wp:post_password><wp:is_sticky>0</wp:is_sticky>",
            *(
                f"<category domain={quoteattr(domain)} nicename={quoteattr(slug)}>{cdata(name)}</category>"
                for domain, slug, name in terms
            ),
            "</item>",
        ]
    )


def write(out, posts, authors, site=SITE, title="The old site"):
    """Write a WXR 1.2 file of ``posts`` to ``out`` (a text file); ``authors`` maps login → display name."""
    out.write(
        '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0"\n'
        '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
        '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
        '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '\txmlns:wp="http://wordpress.org/export/1.2/"\n>\n<channel>\n'
        f"\t<title>{escape(title)}</title>\n\t<link>{escape(site)}</link>\n\t<language>en-US</language>\n"
        f"\t<wp:wxr_version>1.2</wp:wxr_version>\n\t<wp:base_site_url>{escape(site)}</wp:base_site_url>\n"
        f"\t<wp:base_blog_url>{escape(site)}</wp:base_blog_url>\n"
    )
    for number, (login, name) in enumerate(authors.items(), start=1):
        out.write(
            f"\t<wp:author><wp:author_id>{number}</wp:author_id><wp:author_login>{cdata(login)}</wp:author_login>"
            f"<wp:author_display_name>{cdata(name)}</wp:author_display_name></wp:author>\n"
        )
    for post in posts:
        out.write(item(post, site))
    out.write("\n</channel>\n</rss>\n")


# --- generated posts, for the benchmark ------------------------------------------------------------

CATEGORIES = [("analysis", "Analysis"), ("op-eds", "Op-eds"), ("interviews", "Interviews")] + [
    (f"region-{n}", f"Region {n}") for n in range(1, 8)
]
TAGS = [(f"topic-{n}", f"Topic {n}") for n in range(1, 27)]
AUTHORS = {f"analyst{n}": f"Analyst {n}" for n in range(1, 9)}


def sentence(rng, azerbaijani=False):
    if azerbaijani:
        return f"{rng.choice(AZ_SUBJECTS)} {rng.choice(AZ_CLAUSES)} {rng.choice(AZ_OBJECTS)} {rng.choice(AZ_VERBS)}."
    text = f"{rng.choice(ACTORS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(CLAUSES)}."
    return text[0].upper() + text[1:]


def generated(n, seed=1):
    """``n`` posts of about 1.9 KB of HTML each (the seed articles' mean), two a day up to 2025."""
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, 8, tzinfo=UTC) - timedelta(hours=12 * n)
    for number in range(1, n + 1):
        azerbaijani = number % 10 == 0
        paragraphs = ["\n".join(sentence(rng, azerbaijani) for _ in range(5)) for _ in range(5)]
        paragraphs.insert(2, f"<h2>{sentence(rng, azerbaijani)[:-1]}</h2>")
        if number % 10 == 1:
            paragraphs.insert(
                0,
                f'[caption id="attachment_{900000 + number}" width="800"]<img class="wp-image-{900000 + number}" '
                f'src="{SITE}/wp-content/uploads/2024/01/photo-{number}.jpg" alt="A photo" /> '
                f"{sentence(rng)[:-1]} (Photo: Agency {number % 5})[/caption]",
            )
        status = "draft" if number % 50 == 0 else "pending" if number % 50 == 25 else "publish"
        moment = start + timedelta(hours=12 * number)
        yield Post(
            post_id=number,
            title=f"{sentence(rng, azerbaijani)[:-1]} ({number})",
            slug=f"post-{number}",
            content="\n\n".join(paragraphs),
            excerpt=sentence(rng, azerbaijani) if number % 3 else "",
            published_at=moment,
            creator=f"analyst{number % 8 + 1}",
            status=status,
            categories=[CATEGORIES[number % 3], CATEGORIES[3 + number % 7]],
            tags=rng.sample(TAGS, 3),
            language="az" if azerbaijani else "",
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("posts", type=int, help="how many posts")
    parser.add_argument("-o", "--output", default="-", help="the file to write (default: standard output)")
    args = parser.parse_args(argv)
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    with out:
        write(out, generated(args.posts), AUTHORS)


if __name__ == "__main__":
    main()
