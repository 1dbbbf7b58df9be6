"""The editors' admin: writing, reviewing, scheduling and publishing."""

from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db.models import Count, Prefetch, Q
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from taggit.models import TaggedItem

import editorial
from caucasuscenter.shared.dates import format_date, is_exact
from editorial.admin import DeskAdminMixin

from . import calendar
from .desk import AUTHOR_FIELDS
from .models import Article, ArticleType, Author, Authorship, Outlet, Series
from .translations import group_key


class RichTextLabelMedia:
    """Names the rich-text editing areas after their fields, for screen readers (static/js/admin-rich-text-label.js)."""

    class Media:
        js = ["js/admin-rich-text-label.js"]


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "role", "position"]
    verbose_name = "author"
    verbose_name_plural = "authors (in byline order)"


class TaggedItemInline(GenericTabularInline):
    """Tags with autocomplete, instead of taggit's comma-separated text box."""

    model = TaggedItem
    extra = 1
    autocomplete_fields = ["tag"]
    verbose_name = "tag"
    verbose_name_plural = "tags"


class PublicationStateFilter(admin.SimpleListFilter):
    title = "publication"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("live", "Live"), ("scheduled", "Scheduled"), ("unpublished", "Draft or in review")]

    def queryset(self, request, queryset):
        if self.value() == "live":
            return queryset.published()
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "unpublished":
            return queryset.exclude(status=Article.Status.PUBLISHED)
        return queryset


class PhotoFilter(admin.SimpleListFilter):
    """Pieces that still need a photo (the front page and cards show one where there is one), and
    photos that need a description for screen readers."""

    title = "photo"
    parameter_name = "photo"

    def lookups(self, request, model_admin):
        return [("needed", "Needs a photo"), ("undescribed", "Photo without a description"), ("yes", "Has a photo")]

    def queryset(self, request, queryset):
        if self.value() == "needed":
            return queryset.photo_needed()
        if self.value() == "undescribed":
            return queryset.exclude(photo="").filter(photo_alt="")
        if self.value() == "yes":
            return queryset.exclude(photo="")
        return queryset


@admin.register(Article)
class ArticleAdmin(DeskAdminMixin, RichTextLabelMedia, admin.ModelAdmin):
    list_display = ["title", "kind", "state", "publication_date", "byline", "series", "updated_at"]
    list_filter = [PublicationStateFilter, PhotoFilter, "status", "kind", "language", "series", "outlet"]
    list_select_related = ["kind", "series"]
    search_fields = ["title", "summary", "body", "authorships__author__name"]
    search_help_text = "Search titles, summaries, text and author names."
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["kind", "series", "outlet", "translation_of"]
    inlines = [AuthorshipInline, TaggedItemInline]
    readonly_fields = ["preview_link", "translation_group", "created_at", "updated_at", "created_by"]
    actions = ["publish_now", "send_to_review", "unpublish"]
    list_per_page = 50
    change_list_template = "admin/articles/article/change_list.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "language", "summary", "body"]}),
        (
            "Publication",
            {"fields": ["status", ("published_at", "published_precision"), "preview_link", "republishing_notice"]},
        ),
        ("Photo", {"fields": ["photo", "photo_alt", "photo_caption", "photo_credit"]}),
        (
            "Translations",
            {
                "fields": ["translation_of", "translation_group"],
                "description": "A translation names its original here (the piece it translates, never another "
                "translation); the original and its translations are one group, one piece per language. Readers "
                "see the published ones linked from each other's pages, and one of them in each list.",
            },
        ),
        ("Series", {"fields": ["series", "series_part"]}),
        (
            "First published elsewhere",
            {
                "fields": [
                    "outlet",
                    "original_volume",
                    "original_issue",
                    ("original_date", "original_date_precision"),
                    "original_url",
                    "republished_whole",
                ],
                "classes": ["collapse"],
            },
        ),
        ("History", {"fields": ["created_at", "updated_at", "created_by"], "classes": ["collapse"]}),
    ]

    @staticmethod
    def share_url(token):
        return reverse("articles:share", kwargs={"token": token})

    def get_urls(self):
        view = self.admin_site.admin_view(calendar.calendar_view)
        return [path("calendar/", view, name="articles_article_calendar"), *super().get_urls()]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("authorships", queryset=Authorship.objects.select_related("author").order_by("position"))
            )
        )

    @admin.display(description="state", ordering="status")
    def state(self, article):
        if article.is_scheduled:
            return format_html("Scheduled for {}", timezone.localtime(article.published_at).strftime("%d %b %Y %H:%M"))
        return article.get_status_display()

    @admin.display(description="publication date", ordering="published_at")
    def publication_date(self, article):
        """The date as readers see it: “Apr 2021 (month only)” for a date known only to the month."""
        if not article.published_at:
            return "—"
        shown = format_date(article.published_at, article.published_precision, "short")
        if is_exact(article.published_precision):
            return f"{shown}, {timezone.localtime(article.published_at):%H:%M}"
        return f"{shown} ({article.get_published_precision_display().lower()})"

    @admin.display(description="authors")
    def byline(self, article):
        return ", ".join(author.name for author in article.ordered_authors)

    @admin.display(description="preview")
    def preview_link(self, article):
        if not article.pk:
            return "Save the article to preview it."
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview as readers will see it</a>'
            ' · <a href="{}">Share a preview with someone without an account</a>',
            reverse("articles:preview", kwargs={"pk": article.pk}),
            reverse("admin:articles_article_share", args=[article.pk]),
        )

    @admin.display(description="this piece's group")
    def translation_group(self, article):
        """The original and its translations, each with its language and state (this piece marked)."""
        if not article.pk:
            return "Save the article to link translations."
        group = group_key(article)
        members = Article.objects.in_translation_group(group).order_by("translation_of_id", "language", "pk")
        members = list(members.only("title", "language", "status", "published_at", "translation_of_id"))
        if len(members) < 2:
            return "No translations yet: on a translation, choose this piece as the one it translates."
        rows = (
            (
                "Original" if member.translation_of_id is None else "Translation",
                member.get_language_display(),
                reverse("admin:articles_article_change", args=[member.pk]),
                member.title,
                self.state(member),
                " (this piece)" if member.pk == article.pk else "",
            )
            for member in members
        )
        return format_html("<ul>{}</ul>", format_html_join("", '<li>{}, {}: <a href="{}">{}</a> ({}){}</li>', rows))

    def get_search_results(self, request, queryset, search_term):
        """The autocomplete of "translation of" offers originals only (a translation of a translation
        would be refused on saving)."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("field_name") == "translation_of" and request.GET.get("model_name") == "article":
            queryset = queryset.filter(translation_of__isnull=True)
        return queryset, may_have_duplicates

    def view_on_site(self, article):
        return article.get_absolute_url() if article.is_public else reverse("articles:preview", args=[article.pk])

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if not self.has_publish_permission(request) and "status" in form.base_fields:
            # Writers without the publish permission can draft and submit for review only.
            field = form.base_fields["status"]
            field.choices = [c for c in field.choices if c[0] != Article.Status.PUBLISHED]
        return form

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj and obj.status == Article.Status.PUBLISHED and not self.has_publish_permission(request):
            readonly += ["status", "published_at", "published_precision"]
        return readonly

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Publish now (or keep the scheduled time)", permissions=["publish"])
    def publish_now(self, request, queryset):
        now = timezone.now()
        unpublished = queryset.exclude(status=Article.Status.PUBLISHED)
        with editorial.changing(unpublished.filter(published_at__gt=now), action="schedule") as pks:
            n_scheduled = Article.objects.filter(pk__in=pks).update(status=Article.Status.PUBLISHED, updated_at=now)
        due = unpublished.filter(Q(published_at__isnull=True) | Q(published_at__lte=now))
        with editorial.changing(due, action="publish") as pks:
            n_now = Article.objects.filter(pk__in=pks).update(
                status=Article.Status.PUBLISHED, published_at=now, updated_at=now
            )
        self.message_user(request, f"Published {n_now} article(s) now; scheduled {n_scheduled}.", messages.SUCCESS)

    @admin.action(description="Send back to review", permissions=["change"])
    def send_to_review(self, request, queryset):
        with editorial.changing(queryset.exclude(status=Article.Status.REVIEW), action="review") as pks:
            n = Article.objects.filter(pk__in=pks).update(status=Article.Status.REVIEW, updated_at=timezone.now())
        self.message_user(request, f"{n} article(s) sent to review.", messages.SUCCESS)

    @admin.action(description="Unpublish (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        with editorial.changing(queryset.filter(status=Article.Status.PUBLISHED), action="unpublish") as pks:
            n = Article.objects.filter(pk__in=pks).update(status=Article.Status.DRAFT, updated_at=timezone.now())
        self.message_user(request, f"{n} article(s) unpublished.", messages.SUCCESS)


@admin.register(Author)
class AuthorAdmin(DeskAdminMixin, RichTextLabelMedia, admin.ModelAdmin):
    list_display = ["name", "job_title", "affiliation", "is_organisation", "twitter", "article_count", "has_login"]
    list_filter = ["is_organisation"]
    search_fields = ["name", "affiliation", "job_title", "expertise"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    fields = AUTHOR_FIELDS
    # Said here, not only in Meta: Django leaves Meta.ordering out of a query with GROUP BY (the count below),
    # so the autocomplete's pages would be unordered.
    ordering = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("authorships"))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, author):
        return author.article_count

    @admin.display(description="login", boolean=True)
    def has_login(self, author):
        return author.user_id is not None


@admin.register(Series)
class SeriesAdmin(DeskAdminMixin, RichTextLabelMedia, admin.ModelAdmin):
    list_display = ["title", "published_count", "open_for_contributions", "created_at"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["parts"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_published_counts()

    @admin.display(description="published parts", ordering="published_count")
    def published_count(self, series):
        return series.published_count

    @admin.display(description="invites contributions", boolean=True)
    def open_for_contributions(self, series):
        return bool(series.invitation)

    @admin.display(description="parts in order")
    def parts(self, series):
        articles = series.articles.order_by("series_part", "published_at")
        if not articles:
            return "No parts yet: set the series and part number on an article."
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                '<li><a href="{}">Part {}: {}</a> ({})</li>',
                (
                    (reverse("admin:articles_article_change", args=[a.pk]), a.series_part or "–", a.title, a.status)
                    for a in articles
                ),
            ),
        )


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "website", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name"]  # as in AuthorAdmin: Meta.ordering does not reach a query with GROUP BY

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, outlet):
        return outlet.article_count


@admin.register(ArticleType)
class ArticleTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "plural", "slug", "schema_type", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


from . import admin_tags, admin_wordpress  # noqa: E402,F401  (one tag per name; Import from WordPress)
from .frontpage import admin as frontpage_admin  # noqa: E402,F401  (the front page's screen)
