"""The admin of abstracts: the filtered list with scores and counts by topic, assigning reviewers,
deciding in bulk after a preview of the emails, and the CSV export."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, F, IntegerField, Max, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from caucasuscenter.shared.links import absolute_url
from caucasuscenter.shared.text import email_html

from .. import emails, services
from ..exports import abstracts_csv
from ..models import OTHER_TOPIC_TITLE, Abstract, AbstractAuthor, EmailTemplate, Review


class AbstractAuthorInline(admin.TabularInline):
    model = AbstractAuthor
    extra = 0
    fields = ["position", "name", "affiliation", "email", "email_check", "is_contact"]
    readonly_fields = ["email_check"]
    verbose_name_plural = "authors (in order)"

    @admin.display(description="email, checked")
    def email_check(self, author):
        """The address with its punycode and any mixed-script warning (caucasuscenter/shared/text.py)."""
        return email_html(author.email) if author.email else "—"


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 1
    fields = ["reviewer", "score", "comment", "scored_at"]
    readonly_fields = ["scored_at"]
    verbose_name_plural = "reviews (assign a reviewer by choosing one)"


class ReviewStateFilter(admin.SimpleListFilter):
    title = "reviews"
    parameter_name = "reviews"

    def lookups(self, request, model_admin):
        return [("none", "No reviewer yet"), ("waiting", "Waiting for scores"), ("scored", "All scored")]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(review_count=0)
        if self.value() == "waiting":
            return queryset.filter(scored_count__lt=F("review_count"))
        if self.value() == "scored":
            return queryset.filter(review_count__gt=0, scored_count=F("review_count"))
        return queryset


def _review_stat(function, **filters):
    reviews = Review.objects.filter(abstract=OuterRef("pk"), **filters).order_by().values("abstract")
    return Subquery(reviews.annotate(value=function).values("value")[:1])


class AssignReviewerForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        queryset=get_user_model()
        .objects.filter(is_staff=True, is_active=True, groups__name="Reviewers")
        .order_by("username"),
        error_messages={"required": "Choose a reviewer."},
    )


@admin.register(Abstract)
class AbstractAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "conference",
        "topic_display",
        "status",
        "word_count",
        "submitted_at",
        "contact_display",
        "mean_score",
        "score_spread",
        "reviews_display",
        "decision_sent",
    ]
    list_filter = ["conference", "status", ("topic", admin.RelatedOnlyFieldListFilter), ReviewStateFilter]
    list_select_related = ["conference", "topic"]
    search_fields = ["title", "text", "authors__name", "authors__affiliation", "authors__email"]
    search_help_text = "Search titles, abstracts, and authors' names, affiliations and emails."
    date_hierarchy = "submitted_at"
    inlines = [AbstractAuthorInline, ReviewInline]
    list_per_page = 50
    actions = [
        "assign_reviewer",
        "mark_under_review",
        "accept",
        "waitlist",
        "reject",
        "export_csv",
    ]
    readonly_fields = [
        "word_count",
        "submitted_at",
        "updated_at",
        "consent_given_at",
        "withdrawn_at",
        "decision_sent_at",
        "review_summary",
        "private_links",
    ]
    fieldsets = [
        (None, {"fields": ["conference", "topic", "title", "text", "word_count", "phone"]}),
        ("Status", {"fields": ["status", "decision_sent_at", "review_summary"]}),
        (
            "History",
            {
                "fields": ["submitted_at", "updated_at", "consent_given_at", "withdrawn_at", "private_links"],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("authors", "reviews")
            .annotate(
                mean=_review_stat(Avg("score"), score__isnull=False),
                spread=_review_stat(Max("score") - Min("score"), score__isnull=False),
                review_count=Coalesce(_review_stat(Count("pk")), 0, output_field=IntegerField()),
                scored_count=Coalesce(_review_stat(Count("pk"), score__isnull=False), 0, output_field=IntegerField()),
            )
        )

    @admin.display(description="topic", ordering="topic__position")
    def topic_display(self, abstract):
        return abstract.topic_title

    @admin.display(description="contact author")
    def contact_display(self, abstract):
        contact = abstract.contact_author
        return f"{contact.name} ({contact.affiliation})" if contact else "—"

    @admin.display(description="mean score", ordering="mean")
    def mean_score(self, abstract):
        return f"{abstract.mean:.2f}" if abstract.mean is not None else "—"

    @admin.display(description="disagreement (max − min)", ordering="spread")
    def score_spread(self, abstract):
        return abstract.spread if abstract.spread is not None else "—"

    @admin.display(description="reviews scored", ordering="review_count")
    def reviews_display(self, abstract):
        return f"{abstract.scored_count} of {abstract.review_count}"

    @admin.display(description="decision sent", boolean=True, ordering="decision_sent_at")
    def decision_sent(self, abstract):
        return abstract.decision_sent_at is not None

    @admin.display(description="reviews")
    def review_summary(self, abstract):
        if not abstract.pk:
            return "—"
        reviews = list(abstract.reviews.select_related("reviewer"))
        if not reviews:
            return "No reviewer assigned yet."
        scored = [r.score for r in reviews if r.score is not None]
        return render_to_string(
            "admin/conferences/abstract/_review_summary.html",
            {
                "reviews": reviews,
                "scored": scored,
                "mean": f"{sum(scored) / len(scored):.2f}" if scored else "",
                "spread": max(scored) - min(scored) if scored else "",
            },
        )

    @admin.display(description="private links")
    def private_links(self, abstract):
        if not abstract.pk:
            return "—"
        return render_to_string(
            "admin/conferences/abstract/_private_links.html",
            {
                "manage_url": absolute_url(abstract.get_manage_url()),
                "status_url": absolute_url(abstract.get_status_url()),
            },
        )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl") if hasattr(response, "context_data") else None
        if changelist is not None:
            response.context_data["counts"] = counts_by_topic_and_status(changelist.queryset)
        return response

    # ----- actions -----

    def has_decide_permission(self, request):
        return request.user.has_perm("conferences.decide_abstract")

    @admin.action(description="Assign a reviewer to the selected abstracts", permissions=["change"])
    def assign_reviewer(self, request, queryset):
        form = AssignReviewerForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            reviewer = form.cleaned_data["reviewer"]
            assigned, already, conflicts = services.assign_reviewer(queryset, reviewer)
            name = reviewer.get_full_name() or reviewer.get_username()
            if withdrawn := list(queryset.filter(status=Abstract.Status.WITHDRAWN)):
                self.message_user(
                    request,
                    f"Not assigned to {len(withdrawn)} withdrawn abstract(s), which are not reviewed: "
                    + "; ".join(f"“{a.title}”" for a in withdrawn),
                    messages.WARNING,
                )
            self.message_user(
                request,
                f"Assigned {name} to {len(assigned)} abstract(s); {len(already)} already had them.",
                messages.SUCCESS,
            )
            if conflicts:
                self.message_user(
                    request,
                    f"Not assigned to {len(conflicts)} abstract(s) that {name} cannot review: "
                    + "; ".join(f"“{a.title}”" for a in conflicts),
                    messages.WARNING,
                )
            return None
        return TemplateResponse(
            request,
            "admin/conferences/abstract/assign_reviewer.html",
            {
                **self.admin_site.each_context(request),
                "title": "Assign a reviewer",
                "abstracts": queryset,
                "form": form,
                "opts": self.model._meta,
                "action": "assign_reviewer",
            },
        )

    @admin.action(description="Mark as under review (no email)", permissions=["change"])
    def mark_under_review(self, request, queryset):
        n = queryset.filter(status=Abstract.Status.SUBMITTED).update(
            status=Abstract.Status.UNDER_REVIEW, updated_at=timezone.now()
        )
        self.message_user(request, f"{n} abstract(s) marked as under review.", messages.SUCCESS)

    @admin.action(description="Accept and email every author (with a preview)…", permissions=["decide"])
    def accept(self, request, queryset):
        return self.decide(request, queryset, Abstract.Status.ACCEPTED, "accept")

    @admin.action(description="Waitlist and email every author (with a preview)…", permissions=["decide"])
    def waitlist(self, request, queryset):
        return self.decide(request, queryset, Abstract.Status.WAITLISTED, "waitlist")

    @admin.action(description="Reject and email every author (with a preview)…", permissions=["decide"])
    def reject(self, request, queryset):
        return self.decide(request, queryset, Abstract.Status.REJECTED, "reject")

    def decide(self, request, queryset, status, action):
        label = Abstract.Status(status).label.lower()
        if request.POST.get("confirm") == "yes":
            decided, queued, skipped = services.decide(queryset, status)
            self.message_user(
                request,
                f"{len(decided)} abstract(s) {label}; {queued} email(s) queued to their authors.",
                messages.SUCCESS,
            )
            if skipped:
                self.message_user(
                    request,
                    f"{len(skipped)} withdrawn abstract(s) left as they are: "
                    + "; ".join(f"“{a.title}”" for a in skipped),
                    messages.WARNING,
                )
            return None
        return TemplateResponse(
            request,
            "admin/conferences/abstract/decision_preview.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Preview: {label} and email the authors",
                "opts": self.model._meta,
                "action": action,
                "label": label,
                "previews": decision_previews(queryset, status),
                "abstracts": queryset,
                "template_url": template_admin_url(emails.DECISION_KINDS[status]),
            },
        )

    @admin.action(description="Export the selected abstracts as CSV (authors and affiliations)", permissions=["view"])
    def export_csv(self, request, queryset):
        abstracts = queryset.select_related("conference", "topic").prefetch_related("authors", "reviews")
        response = HttpResponse(abstracts_csv(abstracts), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="abstracts-{timezone.localdate():%Y-%m-%d}.csv"'
        return response


def counts_by_topic_and_status(queryset):
    """A table of how many abstracts each topic has in each status (for the filtered list)."""
    rows = (
        queryset.order_by()
        .values("topic_id", "topic__title", "topic__position", "status")
        .annotate(n=Count("pk", distinct=True))
    )
    statuses = list(Abstract.Status)
    table = {}
    for row in rows:
        key = (row["topic__position"] if row["topic_id"] else 10_000, row["topic__title"] or OTHER_TOPIC_TITLE)
        table.setdefault(key, dict.fromkeys(statuses, 0))[row["status"]] += row["n"]
    lines = [
        {"topic": title, "counts": [counts[s] for s in statuses], "total": sum(counts.values())}
        for (_position, title), counts in sorted(table.items())
    ]
    totals = [sum(line["counts"][i] for line in lines) for i in range(len(statuses))]
    return {"statuses": [s.label for s in statuses], "lines": lines, "totals": totals, "total": sum(totals)}


def decision_previews(queryset, status, limit=50):
    """The email each author would receive, for the first ``limit`` abstracts."""
    kind = emails.DECISION_KINDS[status]
    previews = []
    for abstract in queryset.select_related("conference", "topic").prefetch_related("authors")[:limit]:
        authors = abstract.ordered_authors
        first = authors[0] if authors else None
        subject, body = emails.render_email(kind, emails.abstract_context(abstract, first), abstract.conference)
        previews.append(
            {
                "abstract": abstract,
                "recipients": [a.email for a in authors],
                "subject": subject,
                "body": body,
                "withdrawn": abstract.status == Abstract.Status.WITHDRAWN,
                "resend": abstract.decision_sent_at is not None,
            }
        )
    return previews


def template_admin_url(kind):
    template = EmailTemplate.objects.filter(kind=kind, conference=None).first()
    if template is None:
        return reverse("admin:conferences_emailtemplate_changelist")
    return reverse("admin:conferences_emailtemplate_change", args=[template.pk])
