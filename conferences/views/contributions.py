"""Contributions besides abstracts: a partner's letter of interest for a conference, and a reader's
simulation for a series that invites them (a file sent with errors elsewhere is kept)."""

from django.core import signing
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from articles.interface import series_or_404

from .. import caps, services
from ..forms import KEPT_FILE_SALT, LetterOfInterestForm, SimulationForm, fresh_token_initial
from ..models import Conference, LetterOfInterest, SimulationSubmission, simulation_upload_path
from ..times import local_time_display
from .submitting import SubmitView

SERIES_CLOSED = _(
    "This series is no longer inviting simulations, so we could not accept yours. "
    "Here is what you wrote, so that you can keep a copy."
)


class LetterSubmitView(SubmitView):
    """A partner organisation's letter of interest; accepted whether or not the call is open."""

    template_name = "conferences/letter_form.html"
    rate_limit_scope = "letter"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.conference = get_object_or_404(Conference, slug=kwargs["slug"])

    def context(self):
        return {"conference": self.conference}

    def new_form(self):
        return LetterOfInterestForm(initial=fresh_token_initial())

    def posted_form(self):
        return LetterOfInterestForm(self.request.POST)

    def capped(self):
        return self.conference.letters_of_interest.all(), "received_at", self.conference.title

    def find_repeat(self, form):
        return services.repeated_letter(form, self.conference)

    def try_again_after(self, later):
        return local_time_display(self.conference, later)

    def store(self, form, client):
        letter, _created = services.submit_letter(self.conference, form, client, self.now)
        return letter

    def confirmation(self, letter):
        return redirect("conferences:letter_received", slug=self.conference.slug, token=letter.submission_token)


@never_cache
def letter_received(request, slug, token):
    letter = get_object_or_404(
        LetterOfInterest.objects.select_related("conference"), submission_token=token, conference__slug=slug
    )
    return render(request, "conferences/letter_received.html", {"conference": letter.conference, "letter": letter})


class SimulationSubmitView(SubmitView):
    """The simulation form of a series that invites them (the series page includes it too)."""

    template_name = "conferences/simulation_form.html"
    rate_limit_scope = "simulation"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.series = series_or_404(kwargs["series_slug"])

    def context(self):
        return {"series": self.series}

    def new_form(self):
        if not self.series.invitation:
            raise Http404("This series does not invite simulations.")
        return SimulationForm(initial=fresh_token_initial())

    def posted_form(self):
        return SimulationForm(self.request.POST, self.request.FILES)

    def capped(self):
        return self.series.simulations.all(), "received_at", self.series.title

    def find_repeat(self, form):
        repeat = services.repeated_simulation(form, self.series)
        kept = form.cleaned_data.get("kept_file")
        if repeat is not None and kept and kept != repeat.file.name:
            default_storage.delete(kept)  # the file kept for this post: its twin is stored already
        return repeat

    def closed_refusal(self):
        return "" if self.series.invitation else SERIES_CLOSED

    def shown_back(self, form):
        """A file that arrived with a form shown back is stored, so the reader need not attach it again."""
        upload = form.cleaned_data.get("file") if hasattr(form, "cleaned_data") else None
        if not upload or not caps.attachment_fits(upload.size):  # no room: not kept (attach it again)
            return form
        path = default_storage.save(simulation_upload_path(None, upload.name), upload)
        data = self.request.POST.copy()
        data["kept_file"] = signing.dumps(path, salt=KEPT_FILE_SALT)
        rebound = SimulationForm(data)
        rebound.is_valid()
        return rebound

    def render_form(self, form, status=200, template_name=None, **extra):
        kept = hasattr(form, "cleaned_data") and not extra.get("closed")
        path = form.cleaned_data.get("kept_file") if kept else ""
        kept_file_name = path.rsplit("/", 1)[-1] if path else ""
        return super().render_form(form, status, template_name, kept_file_name=kept_file_name, **extra)

    def storage_refusal(self, form):
        _digest, size = services.attachment(form)
        if not size or caps.attachment_fits(size):
            return ""
        caps.tell_editors_quota_full(size, self.now)
        return caps.ATTACHMENT_QUOTA_REACHED

    def without_file(self, form):
        """What was typed, unbound (no field is marked wrong), with the same token and no file: one kept
        from an earlier showing is removed, since it is not stored."""
        if kept := form.cleaned_data.get("kept_file"):
            default_storage.delete(kept)
        typed = {name: form.data.get(name, "") for name in form.fields if name not in ("file", "kept_file")}
        return SimulationForm(initial=typed)

    def store(self, form, client):
        simulation, _created = services.submit_simulation(self.series, form, client, self.now)
        return simulation

    def confirmation(self, simulation):
        return redirect("conferences:simulation_received", token=simulation.submission_token)


@never_cache
def simulation_received(request, token):
    simulation = get_object_or_404(SimulationSubmission.objects.select_related("series"), submission_token=token)
    return render(
        request, "conferences/simulation_received.html", {"simulation": simulation, "series": simulation.series}
    )
