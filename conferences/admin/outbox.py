"""The admin of the outbox: the email templates editors edit (with a preview), and every email sent or waiting."""

from django import forms
from django.contrib import admin, messages
from django.template import TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils import timezone

from caucasuscenter.shared.links import absolute_url
from caucasuscenter.shared.text import email_html, isolated

from .. import emails
from ..models import Abstract, Conference, EmailTemplate, LetterOfInterest, OutgoingEmail, SimulationSubmission


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
        return emails.placeholders_for(template.kind)

    @admin.display(description="preview (as saved, with the latest real submission or a sample)")
    def preview(self, template):
        if not template.pk:
            return "Save to see a preview."
        try:
            subject, body = emails.render_text(template.subject, template.body, sample_context(template))
        except Exception as error:  # show the editor what is wrong instead of a server error
            return f"This template cannot be rendered: {error}"
        return render_to_string("admin/conferences/emailtemplate/_preview.html", {"subject": subject, "body": body})


def sample_context(template):
    """The context of a real submission of the right kind, or of a sample one."""
    kind = template.kind
    if kind.startswith("letter"):
        letter = LetterOfInterest.objects.select_related("conference").first() or sample_letter(template)
        return {"conference": letter.conference, "letter": letter, "admin_url": absolute_url("/admin/")}
    if kind.startswith("simulation"):
        simulation = SimulationSubmission.objects.select_related("series").first()
        if simulation is None:
            return {"series": {"title": "Sample series"}, "simulation": SAMPLE_SIMULATION, "admin_url": ""}
        return {"series": simulation.series, "simulation": simulation, "admin_url": absolute_url("/admin/")}
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


class DeliveryFilter(admin.SimpleListFilter):
    title = "delivery"
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [("waiting", "Waiting, never tried"), ("retrying", "Failed, will be retried"), ("gave_up", "Gave up")]

    def queryset(self, request, queryset):
        queued = queryset.filter(status=OutgoingEmail.Status.QUEUED)
        return {
            "waiting": queued.filter(attempts=0),
            "retrying": queued.filter(attempts__gt=0),
            "gave_up": queryset.filter(status=OutgoingEmail.Status.FAILED),
        }.get(self.value(), queryset)


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """Every email the conference app sends, with its state: what has not been sent, and why."""

    list_display = ["created_at", "to", "subject", "kind", "delivery", "attempts", "error", "sent_at"]
    list_filter = [DeliveryFilter, "status", "kind"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    actions = ["retry_now", "send_again"]
    fields = readonly_fields = [  # nothing editable: an email is a record of what was sent
        "kind",
        "recipient",
        "reply_address",
        "subject_line",
        "body",
        "abstract",
        "letter",
        "simulation",
        "delivery",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]

    @admin.display(description="recipient")
    def recipient(self, email):
        """The address as editors see every address: a non-ASCII domain in punycode beside it, mixed scripts flagged."""
        return email_html(email.to)

    @admin.display(description="reply to")
    def reply_address(self, email):
        return email_html(email.reply_to) if email.reply_to else "—"

    @admin.display(description="subject")
    def subject_line(self, email):
        return isolated(email.subject)

    @admin.display(description="delivery", ordering="status")
    def delivery(self, email):
        """Sent, waiting, or failed with the reason: a message that failed is never shown as merely waiting."""
        if email.status == OutgoingEmail.Status.QUEUED and email.attempts:
            at = timezone.localtime(email.next_attempt_at).strftime("%d %b %Y %H:%M")
            return (
                f"Failed (attempt {email.attempts} of {OutgoingEmail.MAX_ATTEMPTS}), will be retried at {at}: "
                f"{email.last_error}"
            )
        if email.status == OutgoingEmail.Status.FAILED:
            return f"Failed – gave up after {email.attempts} attempts: {email.last_error}"
        return email.get_status_display()

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
