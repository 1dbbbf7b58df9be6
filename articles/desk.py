"""How the articles app describes its models to the editors' desk (``editorial``): which fields make a
revision, which audit action a change is, and which slugs keep their old addresses."""

from django.urls import reverse
from taggit.models import Tag

import editorial
from caucasuscenter.shared.links import slug_url

from .models import Article, Author, Series

#: What an author's record holds: the admin's form and each revision (the same list, so none is missed).
AUTHOR_FIELDS = [
    "name",
    "slug",
    "is_organisation",
    "job_title",
    "affiliation",
    "expertise",
    "short_bio",
    "bio",
    "photo",
    "twitter",
    "website",
    "user",
]

ARTICLE_FIELDS = [
    "title",
    "slug",
    "kind",
    "language",
    "translation_of",
    "summary",
    "body",
    "status",
    "published_at",
    "published_precision",
    "republishing_notice",
    "photo",
    "photo_alt",
    "photo_caption",
    "photo_credit",
    "series",
    "series_part",
    "outlet",
    "original_volume",
    "original_issue",
    "original_date",
    "original_date_precision",
    "original_url",
    "republished_whole",
]


def article_action(before, after):
    """``publish``, ``schedule``, ``unpublish`` or ``review`` when the status changes that way, else ``None``."""
    if before["status"] == after["status"] and before["published_at"] == after["published_at"]:
        return None
    if after["status"] == Article.Status.PUBLISHED:
        if before["status"] == Article.Status.PUBLISHED and before["published_at"] == after["published_at"]:
            return None
        from django.utils import timezone
        from django.utils.dateparse import parse_datetime

        return "schedule" if parse_datetime(after["published_at"]) > timezone.now() else "publish"
    if before["status"] == Article.Status.PUBLISHED:
        return "unpublish"
    if after["status"] == Article.Status.REVIEW:
        return "review"
    return None


def byline_entry(authorship):
    """“Fuad Shahbazov”, or with the role when it is not a plain “by”: “Jane Roe (translated by)”."""
    if authorship.role == authorship.Role.BY:
        return authorship.author.name
    return f"{authorship.author.name} ({authorship.get_role_display().split(' (')[0].lower()})"


def register():
    editorial.register(
        Article,
        fields=ARTICLE_FIELDS,
        related=[
            editorial.Children(
                "authorships",
                ["author", "position", "role"],
                label=byline_entry,
                verbose_name="authors",
                select_related=["author"],
            ),
            editorial.Tags("tags"),
        ],
        keep_on_restore=["status", "published_at"],
        classify=article_action,
    )
    editorial.register(Author, fields=AUTHOR_FIELDS)
    editorial.register(Series, fields=["title", "slug", "description", "invitation", "created_at"])

    editorial.track_slugs(
        Article,
        url=lambda slug: slug_url("articles:detail", slug),
        when=lambda article: article.is_public,
        public=lambda: Article.objects.published(),
    )
    editorial.track_slugs(Author, url=lambda slug: slug_url("articles:author", slug))
    editorial.track_slugs(Series, url=lambda slug: slug_url("articles:series", slug))
    editorial.track_slugs(Tag, url=lambda slug: reverse("articles:tag", kwargs={"slug": slug}))
