"""The admin of letters of interest and simulations: read what was sent, note how it was handled,
download a simulation's file (served to editors only)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html

from caucasuscenter.shared.text import email_html

from ..models import LetterOfInterest, SimulationSubmission


class EmailCheck:
    @admin.display(description="email, checked")
    def email_check(self, obj):
        """The address with its punycode and any mixed-script warning (caucasuscenter/shared/text.py)."""
        return email_html(obj.email)


@admin.register(LetterOfInterest)
class LetterOfInterestAdmin(EmailCheck, admin.ModelAdmin):
    list_display = ["organisation", "contact_person", "email", "conference", "received_at", "handled"]
    list_filter = ["handled", "conference"]
    list_editable = ["handled"]
    search_fields = ["organisation", "contact_person", "email", "message"]
    list_select_related = ["conference"]
    readonly_fields = [
        "conference",
        "organisation",
        "contact_person",
        "email",
        "email_check",
        "website",
        "message",
        "received_at",
    ]
    fields = [*readonly_fields, "handled", "notes"]

    def has_add_permission(self, request):
        return False


@admin.register(SimulationSubmission)
class SimulationSubmissionAdmin(EmailCheck, admin.ModelAdmin):
    list_display = ["title", "full_name", "position", "series", "received_at", "status", "has_file"]
    list_filter = ["status", "series"]
    search_fields = ["title", "full_name", "email", "text"]
    list_select_related = ["series"]
    readonly_fields = [
        "series",
        "full_name",
        "position",
        "email",
        "email_check",
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
