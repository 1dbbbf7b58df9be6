"""The editors' and reviewers' admin for conferences.

Editors (the "Editors" group) run calls, assign reviewers, decide in bulk with a preview of
the emails, export CSV, edit the email templates and watch the outbox. Reviewers (the
"Reviewers" group) see only the reviews assigned to them, never one of their own abstracts,
and no author names, affiliations or emails when the conference reviews blind.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, F, IntegerField, Max, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template import TemplateSyntaxError
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from caucasuscenter.shared.languages import Language

from . import emails, services
from .exports import abstracts_csv
from .models import (
    Abstract,
    AbstractAuthor,
    Conference,
    EmailTemplate,
    LetterOfInterest,
    OutgoingEmail,
    ProgrammeFeature,
    Review,
    SimulationSubmission,
    Topic,
)

OTHER_TOPIC = "Another relevant issue"


# ---------- Conferences ----------


class TopicInline(admin.TabularInline):
    model = Topic
    extra = 1
    fields = ["position", "title"]
    verbose_name_plural = "topics (in order)"


class ProgrammeFeatureInline(admin.TabularInline):
    model = ProgrammeFeature
    extra = 1
    fields = ["position", "kind", "title"]
    verbose_name_plural = "programme features (in order)"


class ConferenceForm(forms.ModelForm):
    interpretation_languages = forms.MultipleChoiceField(
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Languages with simultaneous interpretation.",
    )

    class Meta:
        model = Conference
        fields = ["interpretation_languages"]  # the admin's fieldsets add the others


@admin.register(Conference)
class ConferenceAdmin(admin.ModelAdmin):
    form = ConferenceForm
    list_display = ["title", "year", "opens_at", "deadline", "call_state", "abstract_count", "proceedings_published"]
    list_filter = ["year", "is_demo", "proceedings_published"]
    search_fields = ["title", "subtitle", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [TopicInline, ProgrammeFeatureInline]
    actions = ["publish_proceedings"]
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "slug", "organiser", "year", "is_demo"]}),
        ("The call", {"fields": ["summary", "description", "submission_guidelines", "allow_other_topics"]}),
        (
            "Dates and deadline",
            {
                "fields": ["timezone", "opens_at", "deadline", "word_limit", "starts_on", "ends_on"],
                "description": "The call's opening time and deadline are entered in the conference's time zone "
                "(as saved).",
            },
        ),
        (
            "Venue and languages",
            {
                "fields": [
                    "venue",
                    "working_language",
                    "interpretation_languages",
                    "is_live_streamed",
                    "live_stream_details",
                    "live_stream_url",
                ]
            },
        ),
        ("Review and proceedings", {"fields": ["blind_review", "proceedings_info", "proceedings_published"]}),
        ("Partners and contact", {"fields": ["partner_info", "contact_email"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(abstract_count=Count("abstracts"))

    @admin.display(description="abstracts", ordering="abstract_count")
    def abstract_count(self, conference):
        url = reverse("admin:conferences_abstract_changelist") + f"?conference__id__exact={conference.pk}"
        return format_html('<a href="{}">{}</a>', url, conference.abstract_count)

    @admin.display(description="call")
    def call_state(self, conference):
        if conference.is_upcoming():
            return "Not open yet"
        return "Open" if conference.is_open() else "Closed"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Enter and show the call's times in the conference's own time zone."""
        conference = self.get_object(request, object_id) if object_id else None
        with timezone.override(conference.tzinfo if conference else timezone.get_current_timezone()):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()  # while the conference's time zone is active
            return response

    @admin.action(description="Publish the proceedings of the selected conferences", permissions=["change"])
    def publish_proceedings(self, request, queryset):
        n = queryset.update(proceedings_published=True)
        self.message_user(request, f"Published the proceedings of {n} conference(s).", messages.SUCCESS)


# ---------- Abstracts ----------


class AbstractAuthorInline(admin.TabularInline):
    model = AbstractAuthor
    extra = 0
    fields = ["position", "name", "affiliation", "email", "is_contact"]
    verbose_name_plural = "authors (in order)"


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
        scores = [r.score for r in reviews if r.score is not None]
        if not reviews:
            return "No reviewer assigned yet."
        summary = f"{len(scores)} of {len(reviews)} scored"
        if scores:
            summary += f"; mean {sum(scores) / len(scores):.2f}; disagreement (max − min) {max(scores) - min(scores)}"
        return format_html(
            "<p>{}.</p><ul>{}</ul>",
            summary,
            format_html_join(
                "",
                "<li>{}: {} {}</li>",
                (
                    (
                        r.reviewer.get_full_name() or r.reviewer.get_username(),
                        r.get_score_display() or "not scored",
                        f"— {r.comment}" if r.comment else "",
                    )
                    for r in reviews
                ),
            ),
        )

    @admin.display(description="private links")
    def private_links(self, abstract):
        if not abstract.pk:
            return "—"
        return format_html(
            'Contact author: <a href="{0}">{0}</a><br>Co-authors: <a href="{1}">{1}</a>',
            emails.absolute_url(abstract.get_manage_url()),
            emails.absolute_url(abstract.get_status_url()),
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
        key = (row["topic__position"] if row["topic_id"] else 10_000, row["topic__title"] or OTHER_TOPIC)
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


# ---------- Reviews ----------


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """Reviewers see their own assignments only; editors see every review."""

    list_display = ["abstract_title", "conference", "topic", "reviewer", "score", "scored_at"]
    list_filter = [("score", admin.EmptyFieldListFilter), "abstract__conference"]
    search_fields = ["abstract__title"]
    list_select_related = ["abstract__conference", "abstract__topic", "reviewer"]

    def is_editor(self, request):
        return request.user.has_perm("conferences.view_abstract")

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("abstract__conference", "abstract__topic", "reviewer")
        if self.is_editor(request):
            return queryset
        return queryset.filter(reviewer=request.user).without_conflicts()

    def get_list_display(self, request):
        if self.is_editor(request):
            return self.list_display
        return ["abstract_title", "conference", "topic", "score", "scored_at"]

    def get_fields(self, request, obj=None):
        if self.is_editor(request):
            return ["abstract", "reviewer", "abstract_details", "score", "comment"]
        return ["abstract_for_reviewer", "score", "comment"]

    def get_readonly_fields(self, request, obj=None):
        return ["abstract_details", "abstract_for_reviewer"]

    def has_add_permission(self, request):
        return self.is_editor(request) and super().has_add_permission(request)

    @admin.display(description="abstract", ordering="abstract__title")
    def abstract_title(self, review):
        return review.abstract.title

    @admin.display(description="conference", ordering="abstract__conference")
    def conference(self, review):
        return review.abstract.conference

    @admin.display(description="topic")
    def topic(self, review):
        return review.abstract.topic_title

    @admin.display(description="the abstract")
    def abstract_details(self, review):
        """What editors see: the abstract with its authors."""
        return render_abstract_for_review(review, blind=False)

    @admin.display(description="the abstract")
    def abstract_for_reviewer(self, review):
        """What a reviewer sees: no authors, affiliations or emails when the conference reviews blind."""
        return render_abstract_for_review(review, blind=review.abstract.conference.blind_review)


def render_abstract_for_review(review, blind):
    if not review.pk:
        return "Save to see the abstract."
    abstract = review.abstract
    authors = (
        "Hidden: this conference reviews blind."
        if blind
        else "; ".join(f"{a.name} ({a.affiliation}) <{a.email}>" for a in abstract.ordered_authors)
    )
    return format_html(
        '<div class="conf-review"><p><strong data-abstract-title>{}</strong></p>'
        "<p>Topic: {}<br>Authors: <span data-authors>{}</span><br>{} words</p>"
        '<div class="conf-review__text">{}</div></div>',
        abstract.title,
        abstract.topic_title,
        authors,
        abstract.word_count,
        format_html_join("", "<p>{}</p>", ((p,) for p in abstract.text.split("\n\n"))),
    )


# ---------- Emails ----------


class EmailTemplateForm(forms.ModelForm):
    class Meta:
        model = EmailTemplate
        fields = ["kind", "conference", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 22, "cols": 100})}

    def clean(self):
        cleaned = super().clean()
        for name in ("subject", "body"):
            if cleaned.get(name):
                try:
                    emails.ENGINE.from_string(cleaned[name])
                except TemplateSyntaxError as error:
                    self.add_error(name, f"This template has an error: {error}")
        return cleaned


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    form = EmailTemplateForm
    list_display = ["kind", "conference", "subject", "updated_at"]
    list_filter = ["kind", "conference"]
    readonly_fields = ["placeholders", "preview"]
    fields = ["kind", "conference", "subject", "body", "placeholders", "preview"]

    @admin.display(description="placeholders")
    def placeholders(self, template):
        kind = template.kind or ""
        group = (
            "letter"
            if kind.startswith("letter")
            else "simulation"
            if kind.startswith("simulation")
            else "editors"
            if kind.endswith("editors")
            else "abstract"
        )
        return emails.PLACEHOLDERS[group]

    @admin.display(description="preview (as saved, with the latest real submission or a sample)")
    def preview(self, template):
        if not template.pk:
            return "Save to see a preview."
        try:
            subject, body = emails.render_text(template.subject, template.body, sample_context(template))
        except Exception as error:  # show the editor what is wrong instead of a server error
            return f"This template cannot be rendered: {error}"
        return format_html(
            '<div class="conf-email-preview"><p><strong>Subject:</strong> {}</p><pre>{}</pre></div>', subject, body
        )


def sample_context(template):
    """The context of a real submission of the right kind, or of a sample one."""
    kind = template.kind
    if kind.startswith("letter"):
        letter = LetterOfInterest.objects.select_related("conference").first() or sample_letter(template)
        return {"conference": letter.conference, "letter": letter, "admin_url": emails.absolute_url("/admin/")}
    if kind.startswith("simulation"):
        simulation = SimulationSubmission.objects.select_related("series").first()
        if simulation is None:
            return {"series": {"title": "Sample series"}, "simulation": SAMPLE_SIMULATION, "admin_url": ""}
        return {"series": simulation.series, "simulation": simulation, "admin_url": emails.absolute_url("/admin/")}
    abstracts = Abstract.objects.select_related("conference", "topic").prefetch_related("authors")
    if template.conference_id:
        abstracts = abstracts.filter(conference_id=template.conference_id)
    abstract = abstracts.first()
    if abstract is None:
        return {
            "abstract": {"title": "(No abstract has been submitted yet: a sample title)"},
            "author": {"name": "Author Name"},
        }
    authors = abstract.ordered_authors
    recipient = authors[0] if authors and not kind.endswith("editors") else None
    return emails.abstract_context(abstract, recipient)


SAMPLE_SIMULATION = {
    "full_name": "Reader Name",
    "position": "Analyst",
    "email": "reader@example.org",
    "phone": "+994 12 345 67 89",
    "title": "A sample simulation",
}


def sample_letter(template):
    conference = template.conference or Conference.objects.first()
    return LetterOfInterest(
        conference=conference,
        organisation="Sample Peace Institute",
        contact_person="Contact Person",
        email="contact@example.org",
        message="A sample letter of interest.",
    )


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """Every email the conference app sends, with its state: what has not been sent, and why."""

    list_display = ["created_at", "to", "subject", "kind", "status", "attempts", "error", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    actions = ["retry_now", "send_again"]
    readonly_fields = [
        "kind",
        "to",
        "reply_to",
        "subject",
        "body",
        "abstract",
        "letter",
        "simulation",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]

    @admin.display(description="last error")
    def error(self, email):
        return (email.last_error[:80] + "…") if len(email.last_error) > 80 else email.last_error

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Retry the selected unsent emails now", permissions=["change"])
    def retry_now(self, request, queryset):
        n = queryset.unsent().update(status=OutgoingEmail.Status.QUEUED, next_attempt_at=timezone.now())
        self.message_user(request, f"{n} email(s) will be sent at the next run of the mail worker.", messages.SUCCESS)

    @admin.action(description="Send the selected emails again (a new copy)", permissions=["change"])
    def send_again(self, request, queryset):
        copies = [
            OutgoingEmail(
                kind=e.kind,
                to=e.to,
                reply_to=e.reply_to,
                subject=e.subject,
                body=e.body,
                abstract_id=e.abstract_id,
                letter_id=e.letter_id,
                simulation_id=e.simulation_id,
            )
            for e in queryset
        ]
        OutgoingEmail.objects.bulk_create(copies)
        self.message_user(request, f"{len(copies)} email(s) queued again.", messages.SUCCESS)


# ---------- Letters of interest and simulations ----------


@admin.register(LetterOfInterest)
class LetterOfInterestAdmin(admin.ModelAdmin):
    list_display = ["organisation", "contact_person", "email", "conference", "received_at", "handled"]
    list_filter = ["handled", "conference"]
    list_editable = ["handled"]
    search_fields = ["organisation", "contact_person", "email", "message"]
    list_select_related = ["conference"]
    readonly_fields = ["conference", "organisation", "contact_person", "email", "website", "message", "received_at"]
    fields = [*readonly_fields, "handled", "notes"]

    def has_add_permission(self, request):
        return False


@admin.register(SimulationSubmission)
class SimulationSubmissionAdmin(admin.ModelAdmin):
    list_display = ["title", "full_name", "position", "series", "received_at", "status", "has_file"]
    list_filter = ["status", "series"]
    search_fields = ["title", "full_name", "email", "text"]
    list_select_related = ["series"]
    readonly_fields = [
        "series",
        "full_name",
        "position",
        "email",
        "phone",
        "title",
        "text",
        "file_link",
        "received_at",
    ]
    fields = [*readonly_fields, "status", "notes"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="file", boolean=True)
    def has_file(self, simulation):
        return bool(simulation.file)

    @admin.display(description="file")
    def file_link(self, simulation):
        if not simulation.file:
            return "—"
        url = reverse("admin:conferences_simulationsubmission_file", args=[simulation.pk])
        return format_html('<a href="{}">Download {}</a>', url, simulation.file.name.rsplit("/", 1)[-1])

    def get_urls(self):
        return [
            path(
                "<int:pk>/file/",
                self.admin_site.admin_view(self.download_file),
                name="conferences_simulationsubmission_file",
            ),
            *super().get_urls(),
        ]

    def download_file(self, request, pk):
        """Uploaded files are served to editors only, as downloads."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        simulation = get_object_or_404(SimulationSubmission, pk=pk)
        if not simulation.file:
            raise Http404("This simulation has no file.")
        return FileResponse(
            simulation.file.open("rb"), as_attachment=True, filename=simulation.file.name.rsplit("/", 1)[-1]
        )
