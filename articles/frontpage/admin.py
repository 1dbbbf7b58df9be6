"""The front page's screen in the admin: the lead, the features in order and the pinned reports.

There is one front page, so the list of front pages opens it directly. Below the three lists,
"On the home page now" says what readers see, and why a chosen piece is not there yet.
"""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from .models import MAX_PLACED, FeaturePlacement, FrontPage, LeadPlacement, ReportPlacement
from .selection import front_page_content


class PlacementInline(admin.TabularInline):
    fields = ["article", "position"]
    autocomplete_fields = ["article"]
    extra = 1

    def get_formset(self, request, obj=None, **kwargs):
        # max_num only limits the empty forms shown; validate_max refuses a longer list sent anyway.
        return super().get_formset(request, obj, validate_max=True, **kwargs)


class LeadInline(PlacementInline):
    model = LeadPlacement
    fields = ["article"]
    max_num = MAX_PLACED["lead"]


class FeatureInline(PlacementInline):
    model = FeaturePlacement
    max_num = MAX_PLACED["feature"]


class ReportInline(PlacementInline):
    model = ReportPlacement
    max_num = MAX_PLACED["report"]


def state_of(article, now):
    if article.is_public:
        return "live"
    if article.is_scheduled:
        return f"appears when it goes live, {timezone.localtime(article.published_at):%d %b %Y %H:%M}"
    return "not shown: it is not published"


@admin.register(FrontPage)
class FrontPageAdmin(admin.ModelAdmin):
    inlines = [LeadInline, FeatureInline, ReportInline]
    fields = ["on_the_page", "waiting"]
    readonly_fields = ["on_the_page", "waiting"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        front_page = FrontPage.current()
        return redirect(reverse("admin:articles_frontpage_change", args=[front_page.pk]))

    @admin.display(description="on the home page now")
    def on_the_page(self, front_page):
        content = front_page_content()
        rows = [("Lead", content.lead)] if content.lead else []
        rows += [("Feature", piece) for piece in content.features]
        rows += [("Report", piece) for piece in content.reports]
        note = "" if content.curated else " (editors chose no lead or features: the newest pieces are shown)"
        return format_html(
            "<ol>{}</ol><p>{}</p>",
            format_html_join("", "<li>{}: <a href='{}'>{}</a></li>", ((p, a.get_absolute_url(), a) for p, a in rows)),
            f"What readers see{note}.",
        )

    @admin.display(description="chosen, not shown yet")
    def waiting(self, front_page):
        now = timezone.now()
        waiting = [p for p in front_page.placements.select_related("article") if not p.article.is_public]
        if not waiting:
            return "Nothing: every chosen piece is live."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: {} ({})</li>",
                ((p.get_place_display(), p.article, state_of(p.article, now)) for p in waiting),
            ),
        )
