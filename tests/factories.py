"""Factories for the editorial content. Tests build what they need; demo data lives in fixtures/."""

from datetime import timedelta

import factory
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from articles.models import Article, ArticleType, Author, Authorship, Outlet, Series


def article_type(slug="analysis"):
    """One of the article types the migrations create (analysis, op-ed, special-report, …)."""
    return ArticleType.objects.get(slug=slug)


class AuthorFactory(DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Analyst {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    job_title = "Policy analyst"
    short_bio = factory.LazyAttribute(lambda o: f"{o.name} writes on the South Caucasus.")


class SeriesFactory(DjangoModelFactory):
    class Meta:
        model = Series

    title = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    description = "<p>A run of analyses on one theme.</p>"


class OutletFactory(DjangoModelFactory):
    class Meta:
        model = Outlet

    name = factory.Sequence(lambda n: f"Outlet {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    website = factory.LazyAttribute(lambda o: f"https://{o.slug}.example.org/")


class ArticleFactory(DjangoModelFactory):
    """A published analysis, live since yesterday.

    ``ArticleFactory(authors=[a, b], tags=["Azerbaijan", "Energy"])`` sets the byline in order and the tags
    (an author given as ``(author, "translated_by")`` gets that role, the others are "by");
    ``kind_slug="special-report"`` picks another type; the traits ``draft`` and ``scheduled`` hide it.
    """

    class Meta:
        model = Article
        skip_postgeneration_save = True

    class Params:
        kind_slug = "analysis"
        draft = factory.Trait(status=Article.Status.DRAFT, published_at=None)
        scheduled = factory.Trait(published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(hours=1)))

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    kind = factory.LazyAttribute(lambda o: article_type(o.kind_slug))
    summary = factory.LazyAttribute(lambda o: f"The summary of {o.title}.")
    body = "<p>The body of the piece.</p>"
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            credits = [entry if isinstance(entry, tuple) else (entry, Authorship.Role.BY) for entry in extracted]
            Authorship.objects.bulk_create(
                Authorship(article=self, author=author, position=position, role=role)
                for position, (author, role) in enumerate(credits)
            )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)
