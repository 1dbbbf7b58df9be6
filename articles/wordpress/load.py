"""Writing a parsed WordPress export as articles, authors, tags, photos and old addresses.

One run is one transaction: it imports everything or nothing, and a dry run is the same run rolled
back at the end (photos are found and checked but not stored), so its report is exactly what the
import would do. A post is found again by its GUID, or by its site and post id (``WordPressPost``);
each value it was given is kept as a digest, so a rerun of the same export writes nothing, and a
newer export changes only the fields that changed in WordPress — an editor's later edits to other
fields stay — and says which.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, timedelta
from datetime import timezone as fixed_offset
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag

from caucasuscenter.shared.languages import Language
from caucasuscenter.shared.pagecache import invalidate
from editorial.models import Redirect

from ..models import Article, ArticleType, Author
from .convert import convert_body, plain_text, split_credit
from .models import WordPressPost
from .parse import parse
from .report import Report
from .write import Writer, digest, make_slug, owner

STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,  # with a publication time ahead: scheduled
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.REVIEW,
}
NOT_IMPORTED_STATUSES = {
    "private": "private in WordPress (only its author could read it)",
    "trash": "in WordPress's trash",
    "auto-draft": "an auto-draft WordPress made and nobody saved",
}
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


@dataclass
class Options:
    dry_run: bool = False
    status: str = "as-exported"  # or "draft": everything arrives as a draft
    media_dir: str | None = None
    fetch_media: bool = False
    category_map: dict[str, str] = field(default_factory=dict)  # category slug or name → type slug, "tag" or "skip"
    default_type: str = "analysis"
    post_types: tuple[str, ...] = ("post",)
    time_zone: str | None = None  # for times the export gives without UTC; default: the export's own offset
    user: object = None  # who imports (created_by of new articles)


class _DryRun(Exception):
    pass


def import_file(file, options):
    """Parse the WXR in ``file`` and import it; raise ``parse.WxrError`` for a file that cannot be read."""
    return import_export(parse(file), options)


def import_export(export, options):
    report = Report(dry_run=options.dry_run)
    try:
        with transaction.atomic():
            Importer(export, options, report).run()
            if options.dry_run:
                raise _DryRun
    except _DryRun:
        pass
    else:
        if report.changes_anything:
            invalidate()
    return report


class Importer(Writer):
    def __init__(self, export, options, report):
        self.export, self.options, self.report = export, options, report
        self.base_path = urlsplit(export.base_blog_url or export.link).path or "/"
        self.tz = self._time_zone()
        self.attachments = {item.post_id: item for item in export.items if item.post_type == "attachment"}
        self.types = {t.slug: t for t in ArticleType.objects.all()}
        self.type_names = {}
        for t in self.types.values():
            self.type_names.update({t.slug: t, t.name.lower(): t, t.plural.lower(): t})
        if options.default_type not in self.types:
            raise ValueError(f"There is no article type {options.default_type!r}; choose one of {sorted(self.types)}.")
        self.authors = {author.name.lower(): author for author in Author.objects.all()}
        self.author_slugs = set(Author.objects.values_list("slug", flat=True))
        self.tags = {tag.name.lower(): tag for tag in Tag.objects.all()}
        self.slugs = dict(Article.objects.values_list("slug", "pk"))
        self.posts = {}
        for post in WordPressPost.objects.select_related("article").filter(site=export.site):
            self.posts[("id", post.post_id)] = self.posts[("guid", post.guid)] = post
        guids = [item.guid for item in export.items if item.guid]
        for post in WordPressPost.objects.select_related("article").filter(guid__in=guids).exclude(site=export.site):
            self.posts.setdefault(("guid", post.guid), post)
        self.content_type = ContentType.objects.get_for_model(Article)
        # Every old address that already leads somewhere: to an article (its id) or elsewhere.
        self.paths = {
            path: object_id if content_type == self.content_type.pk else ("elsewhere", content_type, object_id)
            for path, content_type, object_id in Redirect.objects.values_list("old_path", "content_type", "object_id")
        }
        self.now = timezone.now()
        self.created = set()  # the articles this run created: their pk, or ``write.owner()`` until written
        self.pending = []  # new articles not yet written (``Writer.flush()``)

    def _time_zone(self):
        if self.options.time_zone:
            return ZoneInfo(self.options.time_zone)
        offsets = Counter(
            item.date - item.date_gmt for item in self.export.items if item.date and item.date_gmt
        ).most_common(1)
        if offsets and abs(offsets[0][0]) < timedelta(hours=15):
            offset = offsets[0][0]
            hours, minutes = divmod(int(offset.total_seconds()) // 60, 60)
            self.report.notes.append(
                f"Times the export gives without UTC (drafts) are read at UTC{'+' if offset >= timedelta(0) else '-'}"
                f"{abs(hours):02d}:{minutes:02d}, the offset of its dated posts."
            )
            return fixed_offset(offset)
        return ZoneInfo(settings.TIME_ZONE)

    # --- the run -------------------------------------------------------------------------------

    def run(self):
        sticky = 0
        for item in self.export.items:
            if item.post_type == "attachment":
                continue
            if item.post_type not in self.options.post_types:
                reason = f"{item.post_type}s are not imported"
                if item.post_type == "page":
                    reason += " unless asked for (--include-pages; in the admin, “Import pages too”)"
                self.report.skip(item.post_type, item.label, reason)
                continue
            if item.status in NOT_IMPORTED_STATUSES or item.status not in STATUSES:
                reason = NOT_IMPORTED_STATUSES.get(item.status, f"its status “{item.status}” is not one we import")
                self.report.skip("article", item.label, reason)
                continue
            sticky += item.sticky
            self.import_item(item)
        self.flush()
        attachments = len(self.attachments)
        if attachments:
            self.report.notes.append(f"Attachments in the export: {attachments}; only featured images are imported.")
        if sticky:
            self.report.notes.append(
                f"Sticky posts: {sticky}; the site has no sticky flag, so they are ordinary articles."
            )

    def import_item(self, item):
        post = self.posts.get(("guid", item.guid)) if item.guid else None
        post = post or self.posts.get(("id", item.post_id))
        if post is not None and (post.pk is None or post.imported_at == self.now):  # written by this run
            self.report.skip("article", item.label, "it appears twice in the export; the first one was imported")
            return
        values, photo = self.values(item, post)
        if values is None:
            return
        digests = {name: digest(value) for name, value in values.items()}
        digests["photo"] = digest(photo and photo["src"])
        if post is None:
            self.create(item, values, photo, digests)
        else:
            self.update(item, post, values, photo, digests)

    def values(self, item, post):
        """What the article gets from ``item``, and its photo (or None)."""
        label = item.label
        body = convert_body(item.content)
        for warning in body.warnings:
            self.report.warn(label, warning)
        title = plain_text(item.title) or "(no title)"
        if len(title) > 300:
            self.report.warn(label, "title cut to 300 characters")
        slug = self.slug_for(item, title, post)
        if slug is None:
            return None, None
        summary = plain_text(item.excerpt) or plain_text(re.split(r"</p>", body.html, maxsplit=1)[0])
        kind, tags = self.categories(item)
        status = Article.Status.DRAFT if self.options.status == "draft" else STATUSES[item.status]
        if item.password and status != Article.Status.DRAFT:
            status = Article.Status.DRAFT
            self.report.warn(label, "password-protected in WordPress: imported as a draft")
        published_at = self.moment(item.date_gmt, item.date) if item.status in ("publish", "future") else None
        values = {
            "title": title[:300],
            "slug": slug,
            "kind": kind.slug,
            "language": self.language(item),
            "summary": summary,
            "body": body.html,
            "status": status,
            "published_at": published_at,
            # None (a draft WordPress never dated): the time of the first import, kept on reruns
            "created_at": self.moment(item.date_gmt, item.date) or self.moment(item.modified_gmt, item.modified),
            "updated_at": self.moment(item.modified_gmt, item.modified) or self.moment(item.date_gmt, item.date),
            "authors": self.author_names(item),
            "tags": tags,
        }
        photo = self.photo(item, body)
        if photo:
            values.update({f"photo_{key}": photo[key] for key in ("alt", "caption", "credit")})
        return values, photo

    def slug_for(self, item, title, post):
        given = unquote(item.slug or "")
        slug = given if SLUG.match(given) else make_slug(given or title)
        slug = (slug or f"wordpress-{item.post_id}")[:200]
        ours = (post.article_id or owner(post)) if post else None
        holder = self.slugs.get(slug)
        if holder is None or holder == ours:
            return slug
        if given and SLUG.match(given) and post is None and holder not in self.created:
            self.report.skip(
                "article", item.label, f"an article with the slug “{slug}” already exists here and was not imported"
            )
            return None
        n = 2
        while self.slugs.get(f"{slug[:195]}-{n}") not in (None, ours):
            n += 1
        self.report.warn(item.label, f"the slug “{slug}” is taken; given “{slug[:195]}-{n}”")
        return f"{slug[:195]}-{n}"

    def moment(self, utc, local):
        if utc:
            return utc.replace(tzinfo=UTC)
        if local:
            return local.replace(tzinfo=self.tz)
        return None

    def categories(self, item):
        """The article type and the tags that ``item``'s categories and tags map to."""
        kind, tags = None, []
        for term in item.terms:
            name = plain_text(term.name)[:100]
            if term.domain == "post_tag":
                tags.append(name)
            elif term.domain == "category":
                key = self.options.category_map.get(term.slug.lower()) or self.options.category_map.get(name.lower())
                if key == "skip" or (key is None and term.slug.lower() == "uncategorized"):
                    continue
                mapped = (
                    self.types.get(key)
                    if key
                    else self.type_names.get(term.slug.lower()) or self.type_names.get(name.lower())
                )
                if mapped and kind is None:
                    kind = mapped
                elif mapped:
                    self.report.warn(item.label, f"a second type category “{name}” was made a tag")
                    tags.append(name)
                else:
                    tags.append(name)
        return kind or self.types[self.options.default_type], list(dict.fromkeys(t for t in tags if t))

    def language(self, item):
        for term in item.terms:
            if term.domain == "language" and term.slug[:2].lower() in Language.values:
                return term.slug[:2].lower()
        return Language.ENGLISH

    def author_names(self, item):
        names = []
        if item.creator:
            author = self.export.authors.get(item.creator)
            names.append(author.name if author else item.creator)
        names += [plain_text(term.name) for term in item.terms if term.domain == "author"]
        return list(dict.fromkeys(name[:200] for name in names if name))

    def photo(self, item, body):
        """The featured image (``_thumbnail_id``), else the first image of the body, with its text."""
        figures = body.figures
        attachment = self.attachments.get(int(item.meta.get("_thumbnail_id") or 0) or -1)
        figure = None
        if attachment is None and figures:
            figure = figures[0]
            attachment = self.attachments.get(figure.attachment_id or -1) or next(
                (a for a in self.attachments.values() if a.attachment_url == figure.src), None
            )
        elif attachment is not None:
            figure = next((f for f in figures if f.attachment_id == attachment.post_id), None)
        unused = [f for f in figures if f is not figure]
        if unused:
            self.report.warn(item.label, f"{len(unused)} image(s) in the text left out (an article has one photo)")
        if attachment is None and figure is None:
            return None
        caption, credit = split_credit(attachment.excerpt) if attachment else ("", "")
        if figure and not caption:
            caption, credit = figure.caption, figure.credit
        alt = plain_text(attachment.meta.get("_wp_attachment_image_alt", "")) if attachment else ""
        return {
            "src": attachment.attachment_url if attachment else figure.src,
            "attachment": attachment,
            "alt": (alt or (figure.alt if figure else ""))[:300],
            "caption": caption[:500],
            "credit": credit[:200],
        }
