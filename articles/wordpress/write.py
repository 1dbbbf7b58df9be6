"""The writes of an import (``load.Importer``): articles, their bylines, tags, photos and old addresses.

Bylines and tags are written with ``bulk_create`` (one query each per article); authors and tags are
found in dictionaries loaded once per run and created only when missing.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from editorial.models import Redirect

from ..images import validate_image
from ..models import Article, Author, Authorship
from .media import find_photo
from .models import WordPressPost
from .redirects import legacy_paths

BATCH = 500  # new articles written at a time

TRANSLITERATE = str.maketrans({"ə": "e", "Ə": "E", "ı": "i", "İ": "I"})  # no ASCII form: slugify would drop them


def digest(value):
    """A short digest of an imported value, to tell whether a newer export changed it."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[:16]


def make_slug(text, max_length=200):
    """``slugify`` that keeps Azerbaijani ə and ı (as e and i) and turns dashes into hyphens."""
    return slugify(text.translate(TRANSLITERATE).replace("–", "-").replace("—", "-"))[:max_length].strip("-")


class Writer:
    SCALAR_FIELDS = ["title", "slug", "kind", "language", "summary", "body", "status", "published_at"]
    PHOTO_FIELDS = ["photo_alt", "photo_caption", "photo_credit"]

    def create(self, item, values, photo, digests):
        """Queue a new article; :meth:`flush` writes the queue, ``BATCH`` articles at a time."""
        article = Article(created_by=self.options.user)
        self.assign(article, values, self.SCALAR_FIELDS + [f for f in self.PHOTO_FIELDS if f in values])
        if not self.attach_photo(item, article, photo):
            digests["photo"] = digest(None)
        post = WordPressPost(
            site=self.export.site,
            post_id=item.post_id,
            guid=item.guid[:500],
            link=item.link[:500],
            imported_fields=digests,
            imported_at=self.now,
        )
        self.slugs[article.slug] = owner(post)
        self.created.add(owner(post))
        self.posts[("id", item.post_id)] = self.posts[("guid", item.guid)] = post
        self.pending.append((article, values, post, self.new_paths(item, post)))
        self.report.count("article", "created")
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self):
        """Write the queued articles with their bylines, tags, WordPress identities and old addresses."""
        if not self.pending:
            return
        articles = Article.objects.bulk_create([article for article, *_ in self.pending])
        for article, values, post, _paths in self.pending:
            # pre_save() stamped both with the time of the import; the export's own go in afterwards.
            article.created_at = values["created_at"] or article.created_at
            article.updated_at = values["updated_at"] or article.updated_at
            post.article = article
            self.slugs[article.slug] = article.pk
            self.created.add(article.pk)
        Article.objects.bulk_update(articles, ["created_at", "updated_at"])
        Authorship.objects.bulk_create(
            Authorship(article=article, author=self.author(name), position=position)
            for article, values, *_ in self.pending
            for position, name in enumerate(values["authors"])
        )
        TaggedItem.objects.bulk_create(
            TaggedItem(content_type=self.content_type, object_id=article.pk, tag=self.tag(name))
            for article, values, *_ in self.pending
            for name in values["tags"]
        )
        WordPressPost.objects.bulk_create([post for _, _, post, _ in self.pending])
        Redirect.objects.bulk_create(
            Redirect.leading(path, article, article.get_absolute_url())
            for article, _, _, paths in self.pending
            for path in paths
        )
        for article, _, _, paths in self.pending:
            for path in paths:
                self.paths[path] = str(article.pk)
        self.pending = []

    def update(self, item, post, values, photo, digests):
        changed = [name for name, value in digests.items() if post.imported_fields.get(name) != value]
        article = post.article
        if "photo" in changed and photo and not self.attach_photo(item, article, photo):
            changed.remove("photo")
            digests["photo"] = post.imported_fields.get("photo", "")
        Redirect.objects.bulk_create(
            Redirect.leading(path, article, article.get_absolute_url()) for path in self.new_paths(item, post)
        )
        if not changed:
            self.report.count("article", "unchanged")
            return
        scalar = [name for name in self.SCALAR_FIELDS + self.PHOTO_FIELDS if name in changed]
        if "slug" in scalar:
            self.slugs.pop(article.slug, None)
            self.slugs[values["slug"]] = article.pk
        self.assign(article, values, scalar)
        if scalar or "photo" in changed:
            article.save()
        dates = {name: values[name] for name in ("created_at", "updated_at") if name in changed and values[name]}
        if dates:
            Article.objects.filter(pk=article.pk).update(**dates)
        if "authors" in changed:
            article.authorships.all().delete()
            self.set_authors(article, values["authors"])
        if "tags" in changed:
            TaggedItem.objects.filter(content_type=self.content_type, object_id=article.pk).delete()
            self.set_tags(article, values["tags"])
        post.imported_fields, post.imported_at = digests, self.now
        post.link = item.link[:500]
        post.save(update_fields=["imported_fields", "imported_at", "link"])
        self.report.count("article", "updated")
        self.report.updated.append((item.label, [name.replace("_", " ") for name in changed]))

    def assign(self, article, values, names):
        for name in names:
            if name == "kind":
                article.kind = self.types[values["kind"]]
            else:
                setattr(article, name, values.get(name, ""))

    def attach_photo(self, item, article, photo):
        """Give ``article`` its photo's file (checked; in a dry run only checked); False if there is none."""
        if not photo:
            return False
        found = find_photo(
            photo["attachment"] or _Src(photo["src"]), self.options.media_dir, fetch=self.options.fetch_media
        )
        if found.file is None:
            self.report.skip("photo", item.label, f"photo {found.problem}")
            return False
        try:
            validate_image(found.file)
        except ValidationError as exc:
            self.report.skip("photo", item.label, f"photo {found.file.name}: {' '.join(exc.messages)}")
            return False
        self.report.count("photo", "updated" if article.photo else "created")
        if not self.options.dry_run:
            article.photo = found.file
        return True

    def author(self, name):
        author = self.authors.get(name.lower())
        if author is None:
            slug = base = make_slug(name) or "author"
            n = 2
            while slug in self.author_slugs:
                slug, n = f"{base[:195]}-{n}", n + 1
            author = Author.objects.create(name=name, slug=slug)
            self.authors[name.lower()] = author
            self.author_slugs.add(slug)
            self.report.count("author", "created")
        return author

    def set_authors(self, article, names):
        Authorship.objects.bulk_create(
            Authorship(article=article, author=self.author(name), position=position)
            for position, name in enumerate(names)
        )

    def tag(self, name):
        tag = self.tags.get(name.lower())
        if tag is None:
            tag = Tag.objects.create(name=name)
            self.tags[name.lower()] = tag
            self.report.count("tag", "created")
        return tag

    def set_tags(self, article, names):
        TaggedItem.objects.bulk_create(
            TaggedItem(content_type=self.content_type, object_id=article.pk, tag=self.tag(name)) for name in names
        )

    def new_paths(self, item, post):
        """The old addresses of ``item`` that lead nowhere yet (they will lead to ``post``'s article)."""
        new = []
        for path in legacy_paths(item, self.base_path):
            if len(path) > 500:
                continue
            known = self.paths.get(path)
            if known is None:
                new.append(path)
                self.paths[path] = address_owner(post)
            elif known != address_owner(post):
                self.report.warn(item.label, f"the old address {path} already leads to another post")
            else:
                self.report.count("old address", "unchanged")
        self.report.count("old address", "created", len(new))
        return new


def address_owner(post):
    """What stands for ``post`` in the run's map of old addresses (``Importer.paths``): its article's id,
    or its WordPress id until the article is written."""
    return str(post.article_id) if post.article_id else ("new", post.post_id)


def owner(post):
    """What stands for ``post`` in the run's dictionaries: its id, or its WordPress id until it is written."""
    return post.pk or ("new", post.post_id)


@dataclass
class _Src:
    """An image known only by its address (an <img> in the text that is not an attachment)."""

    attachment_url: str
    meta: dict = field(default_factory=dict)
