"""The benchmark corpus: N published articles with authors, series, tags and outlets in proportion, and
a call for papers with abstracts (at 100,000 articles: 2,000 authors, 200 series, 5,000 tags and
20,000 abstracts). Everything is written with bulk inserts, in batches, so 100,000 articles take
minutes; on PostgreSQL the tables are analysed afterwards, as after any bulk load.

Everything it makes is recognisable (slugs start with ``bench-``) and ``--remove`` deletes it again.
Its words, and the topics the search benchmark's queries are written for, are in benchmarks/words.py.

    DATABASE_URL=postgres://… .venv/bin/python benchmarks/generate.py 100000
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/generate.py --remove
"""

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

PREFIX = "bench-"
BATCH = 2000


def proportions(articles):
    """How much of everything goes with ``articles`` articles (the ratios of the 100,000 corpus)."""
    return {
        "authors": max(2, articles // 50),
        "series": max(1, articles // 500),
        "tags": max(10, articles // 20),
        "abstracts": max(2, articles // 5),
    }


def generate(articles, *, authors, series, tags, abstracts, seed=2024, log=print):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify
    from taggit.models import Tag, TaggedItem

    from articles.models import Article, ArticleType, Author, Authorship, Outlet, Series
    from benchmarks.words import (
        FIRST_NAMES,
        LAST_NAMES,
        OUTLETS,
        SERIES_THEMES,
        TOPICS,
        Writer,
    )

    rng = random.Random(seed)
    writer = Writer(rng)
    now = timezone.now()
    started = time.monotonic()

    author_rows = Author.objects.bulk_create(
        Author(
            name=(name := f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"),
            slug=f"{PREFIX}{slugify(name)}-{n}",
            job_title="Policy analyst",
            short_bio=f"{name} writes on the South Caucasus.",
        )
        for n in range(authors)
    )
    series_rows = Series.objects.bulk_create(
        Series(
            title=f"{SERIES_THEMES[n % len(SERIES_THEMES)]}, {n // len(SERIES_THEMES) + 1}",
            slug=f"{PREFIX}series-{n}",
            description=f"<p>{writer.paragraph('en', [rng.choice(TOPICS)])}</p>",
            invitation="<p>Send us your simulation.</p>" if n % 10 == 9 else "",  # one in ten invites contributions
        )
        for n in range(series)
    )
    taken = {name.lower() for name in Tag.objects.values_list("name", flat=True)}
    # The discovery corpus's topics first, then narrower ones named after them ("Energy security 7"),
    # whose pieces are written about the topic they are named after.
    tag_names, topic_of_name = [], {}
    for n in range(tags * 2):
        topic = TOPICS[n % len(TOPICS)]
        name = topic + ("" if n < len(TOPICS) else f" {n // len(TOPICS) + 1}")
        if name.lower() not in taken:
            tag_names.append(name)
            topic_of_name[name] = topic
        if len(tag_names) == tags:
            break
    tag_rows = Tag.objects.bulk_create(Tag(name=name, slug=f"{PREFIX}{slugify(name)}") for name in tag_names)
    tag_weights = [1 / (rank + 1) for rank in range(len(tag_rows))]  # a few topics are everywhere, most are rare
    outlets = [
        Outlet.objects.get_or_create(name=name, defaults={"slug": f"{PREFIX}{slugify(name)}", "website": website})[0]
        for name, website in OUTLETS
    ]
    kinds = list(ArticleType.objects.all())
    kind_weights = [{"analysis": 50, "op-ed": 20, "interview": 8, "news-brief": 12}.get(k.slug, 5) for k in kinds]
    parts = dict.fromkeys((s.pk for s in series_rows), 0)
    article_type = ContentType.objects.get_for_model(Article)
    log(f"  {authors} authors, {series} series, {len(tag_rows)} tags in {time.monotonic() - started:.1f} s")

    for start in range(0, articles, BATCH):
        batch = []
        for number in range(start, min(articles, start + BATCH)):
            language = rng.choices(["en", "az", "ru"], weights=[82, 13, 5])[0]
            topics = list(set(rng.choices(tag_rows, weights=tag_weights, k=rng.randint(2, 5))))
            names = [topic_of_name[tag.name] for tag in topics]
            title = writer.sentence(language, names[:1]).rstrip(".")
            article = Article(
                title=title[:300],
                slug=f"{PREFIX}{number}-{slugify(title)[:60]}".rstrip("-"),
                kind=rng.choices(kinds, weights=kind_weights)[0],
                language=language,
                summary=writer.paragraph(language, names[:1]),
                body="".join(f"<p>{writer.paragraph(language, names)}</p>" for _ in range(rng.randint(5, 9))),
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(minutes=rng.randint(60, 12 * 365 * 24 * 60)),
            )
            if rng.random() < 0.2:
                article.series = rng.choice(series_rows)
                parts[article.series.pk] += 1
                article.series_part = parts[article.series.pk]
            if rng.random() < 0.15:
                article.outlet = rng.choice(outlets)
                article.original_issue = str(rng.randint(1, 190))
            batch.append((article, topics))
        with transaction.atomic():
            Article.objects.bulk_create(article for article, _topics in batch)
            Authorship.objects.bulk_create(
                Authorship(article=article, author=author, position=position)
                for article, _topics in batch
                for position, author in enumerate(
                    rng.sample(author_rows, min(len(author_rows), rng.choices([1, 2, 3], [70, 25, 5])[0]))
                )
            )
            TaggedItem.objects.bulk_create(
                TaggedItem(content_type=article_type, object_id=article.pk, tag=tag)
                for article, topics in batch
                for tag in topics
            )
        log(f"  {start + len(batch)} / {articles} articles, {time.monotonic() - started:.0f} s")

    generate_abstracts(abstracts, rng, writer, now)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    log(f"  {abstracts} abstracts; done in {time.monotonic() - started:.1f} s")


def generate_abstracts(count, rng, writer, now):
    from django.db import transaction

    from benchmarks.words import FIRST_NAMES, LAST_NAMES, TOPICS
    from conferences.models import Abstract, AbstractAuthor, Conference, Topic
    from conferences.wordcount import count_words

    conference = Conference.objects.create(
        title="Peace and Connectivity in the South Caucasus",
        slug=f"{PREFIX}conference",
        year=now.year,
        description="The call for papers of the benchmark.",
        opens_at=now - timedelta(days=30),
        deadline=now + timedelta(days=365),
    )
    topics = [
        Topic.objects.create(conference=conference, title=title, position=n)
        for n, title in enumerate(["Regional actors", "Energy and transport", "Law and peace", "Human security"])
    ]
    statuses = [Abstract.Status.SUBMITTED, Abstract.Status.UNDER_REVIEW, Abstract.Status.ACCEPTED]
    for start in range(0, count, BATCH):
        rows = []
        for _ in range(min(BATCH, count - start)):
            text = " ".join(writer.paragraph("en", [rng.choice(TOPICS)]) for _ in range(3))
            rows.append(
                Abstract(
                    conference=conference,
                    topic=rng.choice(topics),
                    title=writer.sentence("en", [rng.choice(TOPICS)]).rstrip("."),
                    text=text,
                    word_count=count_words(text),
                    consent_given_at=now,
                    status=rng.choice(statuses),
                )
            )
        with transaction.atomic():
            Abstract.objects.bulk_create(rows)
            AbstractAuthor.objects.bulk_create(
                AbstractAuthor(
                    abstract=abstract,
                    position=position,
                    name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    affiliation="ADA University",
                    email=f"author{abstract.pk}-{position}@example.org",
                    is_contact=position == 1,
                )
                for abstract in rows
                for position in range(1, rng.randint(1, 3) + 1)
            )
    return conference


def remove(log=print):
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from taggit.models import Tag, TaggedItem

    from articles.models import Article, Author, Authorship, Outlet, Series
    from conferences.models import Abstract, AbstractAuthor, Conference, OutgoingEmail, Topic

    articles = Article.objects.filter(slug__startswith=PREFIX).values("pk")
    conferences = Conference.objects.filter(slug__startswith=PREFIX)
    with transaction.atomic():
        TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Article), object_id__in=articles
        ).delete()
        Authorship.objects.filter(article__in=articles).delete()
        pks = list(Article.objects.filter(slug__startswith=PREFIX).values_list("pk", flat=True))
        for start in range(0, len(pks), 5000):
            Article.objects.filter(pk__in=pks[start : start + 5000]).delete()
        Author.objects.filter(slug__startswith=PREFIX, authorships__isnull=True).delete()
        Series.objects.filter(slug__startswith=PREFIX, articles__isnull=True).delete()
        Outlet.objects.filter(slug__startswith=PREFIX, articles__isnull=True).delete()
        Tag.objects.filter(slug__startswith=PREFIX, taggit_taggeditem_items__isnull=True).delete()
        OutgoingEmail.objects.filter(abstract__conference__in=conferences).delete()
        AbstractAuthor.objects.filter(abstract__conference__in=conferences).delete()
        Abstract.objects.filter(conference__in=conferences).delete()
        Topic.objects.filter(conference__in=conferences).delete()
        conferences.delete()
    log(f"Removed {len(pks)} generated articles and everything generated with them.")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", nargs="?", type=int, default=1000)
    parser.add_argument("--remove", action="store_true", help="delete everything this generated")
    for name in ("authors", "series", "tags", "abstracts"):
        parser.add_argument(f"--{name}", type=int, help=f"how many {name} (default: in proportion)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caucasuscenter.settings")
    import django

    django.setup()
    if args.remove:
        remove()
        return
    counts = proportions(args.articles) | {k: v for k, v in vars(args).items() if k in proportions(1) and v}
    print(f"Generating {args.articles} articles: {counts}")
    generate(args.articles, **counts)


if __name__ == "__main__":
    main()
