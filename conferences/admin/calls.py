"""The admin of the calls: a conference with its topics and programme, its times entered in its own time zone."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from caucasuscenter.shared.languages import Language
from editorial.admin import DeskAdminMixin
from editorial.forms import DeskForm

from ..models import Conference, ProgrammeFeature, Topic


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


class ConferenceForm(DeskForm):
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
class ConferenceAdmin(DeskAdminMixin, admin.ModelAdmin):
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
                "fields": ["time_zone", "opens_at", "deadline", "word_limit", "starts_on", "ends_on"],
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
