"""Public pages: the calls and their archive, submitting and managing an abstract, the
proceedings, letters of interest and simulations. Writes live in services.py.

Every public form follows the same order when it is posted:
1. validate; a valid post that repeats a stored submission (same form token, same sender)
   gets that submission's confirmation, whatever the time or the rate limit;
2. refuse a call that is closed (or not yet open), showing back what was typed;
3. show errors beside their fields, keeping everything typed;
4. refuse a flood from one address (status 429), keeping everything typed;
5. store it once, with its emails, and redirect to the confirmation.
"""

from functools import wraps

from django.contrib import messages
from django.core import signing
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import cache_control, never_cache

from articles.interface import series_or_404

from . import ratelimit, services
from .emails import format_deadline, place_name, utc_offset
from .forms import AbstractEntry, LetterOfInterestForm, SimulationForm, fresh_token_initial
from .models import Abstract, Conference, LetterOfInterest, SimulationSubmission, simulation_upload_path

KEPT_FILE_SALT = "conferences.simulation-file"

#: Public forms are never stored by a shared cache, yet the browser may show them again from its
#: own history: the back button then brings the form back as typed, with the same token, so
#: sending it again finds the stored submission instead of making a second one.
form_page = cache_control(private=True, no_cache=True, max_age=0)


def private(view):
    """Pages behind a private link: never cached, never indexed, the link never leaked to another site.

    (``same-origin``, not ``no-referrer``: with no referrer at all, browsers send ``Origin: null``
    with the page's own forms, and Django's CSRF check rightly refuses them.)
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return never_cache(wrapper)


def conference_index(request):
    """Open and coming calls first, then the archive of past ones."""
    now = timezone.now()
    conferences = list(Conference.objects.order_by("-deadline"))
    return render(
        request,
        "conferences/index.html",
        {
            "current": sorted((c for c in conferences if not c.has_closed(now)), key=lambda c: c.deadline),
            "archive": [c for c in conferences if c.has_closed(now)],
            "now": now,
        },
    )


def conference_detail(request, slug):
    conference = get_object_or_404(Conference.objects.for_page(), slug=slug)
    return render(request, "conferences/conference_detail.html", call_context(conference))


def call_context(conference, now=None):
    now = now or timezone.now()
    return {
        "conference": conference,
        "now": now,
        "is_open": conference.is_open(now),
        "is_upcoming": conference.is_upcoming(now),
        "has_closed": conference.has_closed(now),
        "deadline_display": format_deadline(conference),
    }


def local_time_display(conference, moment):
    local = timezone.localtime(moment, conference.tzinfo)
    return f"{local:%H:%M} {place_name(conference.timezone)} time ({utc_offset(local)})"


def closed_message(conference, now):
    if conference.is_upcoming(now):
        opens = timezone.localtime(conference.opens_at, conference.tzinfo)
        return (
            f"The call for abstracts opens on {opens.day} {opens:%B %Y}, so we could not accept your abstract yet. "
            "Here is what you wrote, so that you can keep a copy."
        )
    return (
        f"The call for abstracts closed on {format_deadline(conference)}, before your abstract arrived, so we "
        "could not accept it. Here is what you wrote, so that you can keep a copy. If you think this is a "
        f"mistake, write to {conference.contact_email}."
    )


def rate_limited_message(conference, later):
    return (
        "Too many submissions have come from your address recently. Please try again after "
        f"{local_time_display(conference, later)}. Everything you typed is still below, and sending it "
        "again later will not create a duplicate."
    )


@form_page
def abstract_submit(request, slug):
    conference = get_object_or_404(Conference.objects.prefetch_related("topics"), slug=slug)
    now = timezone.now()
    context = call_context(conference, now)
    if request.method != "POST":
        entry = AbstractEntry(conference) if context["is_open"] else None
        return render(request, "conferences/abstract_form.html", {**context, "entry": entry})

    entry = AbstractEntry(conference, data=request.POST)
    valid = entry.is_valid()
    if valid and (stored := services.repeated_abstract(entry)):
        return redirect("conferences:abstract_submitted", slug=stored.conference.slug, token=stored.submission_token)
    if not conference.is_open(now):
        return render(
            request,
            "conferences/abstract_refused.html",
            {**context, "entry": entry, "refusal": closed_message(conference, now)},
            status=403,
        )
    if not valid:
        return render(request, "conferences/abstract_form.html", {**context, "entry": entry})
    client = ratelimit.client_key(request)
    if later := ratelimit.retry_after("abstract", client, now):
        return render(
            request,
            "conferences/abstract_form.html",
            {**context, "entry": entry, "refusal": rate_limited_message(conference, later)},
            status=429,
        )
    abstract, _created = services.submit_abstract(conference, entry, client, now)
    return redirect("conferences:abstract_submitted", slug=conference.slug, token=abstract.submission_token)


@private
def abstract_submitted(request, slug, token):
    abstract = get_object_or_404(Abstract.objects.with_authors(), submission_token=token, conference__slug=slug)
    return render(
        request,
        "conferences/abstract_submitted.html",
        {**call_context(abstract.conference), "abstract": abstract},
    )


def _abstract_by_key(key, field="manage_key"):
    return get_object_or_404(Abstract.objects.with_authors(), **{field: key})


@private
def abstract_manage(request, key):
    abstract = _abstract_by_key(key)
    return render(
        request,
        "conferences/abstract_manage.html",
        {**call_context(abstract.conference), "abstract": abstract, "can_change": abstract.can_be_changed()},
    )


@private
def abstract_status(request, key):
    """The co-authors' read-only view of the status."""
    abstract = _abstract_by_key(key, field="status_key")
    return render(
        request, "conferences/abstract_status.html", {**call_context(abstract.conference), "abstract": abstract}
    )


@private
def abstract_edit(request, key):
    abstract = _abstract_by_key(key)
    conference = abstract.conference
    now = timezone.now()
    context = {**call_context(conference, now), "abstract": abstract}
    if request.method != "POST":
        if not abstract.can_be_changed(now):
            return redirect("conferences:abstract_manage", key=key)
        return render(
            request,
            "conferences/abstract_edit.html",
            {**context, "entry": AbstractEntry(conference, instance=abstract)},
        )

    entry = AbstractEntry(conference, data=request.POST, instance=abstract)
    if not abstract.can_be_changed(now):
        refusal = (
            closed_message(conference, now).replace("before your abstract arrived", "before your changes arrived")
            if conference.has_closed(now)
            else f"This abstract is {abstract.status_for_authors.lower()} and can no longer be changed."
        )
        return render(
            request, "conferences/abstract_refused.html", {**context, "entry": entry, "refusal": refusal}, status=403
        )
    if not entry.is_valid():
        return render(request, "conferences/abstract_edit.html", {**context, "entry": entry})
    if services.update_abstract(abstract, entry):
        messages.success(request, "Your changes are saved, and every author has been told.")
    else:
        messages.info(request, "Nothing had changed.")
    return redirect("conferences:abstract_manage", key=key)


@private
def abstract_withdraw(request, key):
    abstract = _abstract_by_key(key)
    context = {**call_context(abstract.conference), "abstract": abstract}
    if not abstract.can_be_changed():
        if abstract.status == Abstract.Status.WITHDRAWN:
            return redirect("conferences:abstract_manage", key=key)
        return render(request, "conferences/abstract_withdraw.html", {**context, "refused": True}, status=403)
    if request.method == "POST":
        if request.POST.get("confirm") == "yes":
            services.withdraw_abstract(abstract)
            messages.success(request, "Your abstract is withdrawn, and every author has been told.")
            return redirect("conferences:abstract_manage", key=key)
        return render(request, "conferences/abstract_withdraw.html", {**context, "unconfirmed": True})
    return render(request, "conferences/abstract_withdraw.html", context)


def proceedings(request, slug):
    """The book of abstracts: accepted papers by topic, with authors and affiliations. Printable."""
    conference = get_object_or_404(Conference, slug=slug)
    abstracts = list(Abstract.objects.in_proceedings(conference))
    sections = []
    for abstract in abstracts:
        if not sections or sections[-1]["topic_id"] != abstract.topic_id:
            sections.append({"topic_id": abstract.topic_id, "title": abstract.topic_title, "abstracts": []})
        sections[-1]["abstracts"].append(abstract)
    return render(
        request,
        "conferences/proceedings.html",
        {"conference": conference, "sections": sections, "abstract_count": len(abstracts)},
    )


@form_page
def letter_submit(request, slug):
    conference = get_object_or_404(Conference, slug=slug)
    now = timezone.now()
    context = {"conference": conference}
    if request.method != "POST":
        return render(
            request,
            "conferences/letter_form.html",
            {**context, "form": LetterOfInterestForm(initial=fresh_token_initial())},
        )
    form = LetterOfInterestForm(request.POST)
    valid = form.is_valid()
    if valid and (stored := services.repeated_letter(form, conference)):
        return redirect("conferences:letter_received", slug=slug, token=stored.submission_token)
    if not valid:
        return render(request, "conferences/letter_form.html", {**context, "form": form})
    client = ratelimit.client_key(request)
    if later := ratelimit.retry_after("letter", client, now):
        refusal = rate_limited_message(conference, later)
        return render(
            request, "conferences/letter_form.html", {**context, "form": form, "refusal": refusal}, status=429
        )
    letter, _created = services.submit_letter(conference, form, client, now)
    return redirect("conferences:letter_received", slug=slug, token=letter.submission_token)


@never_cache
def letter_received(request, slug, token):
    letter = get_object_or_404(
        LetterOfInterest.objects.select_related("conference"), submission_token=token, conference__slug=slug
    )
    return render(request, "conferences/letter_received.html", {"conference": letter.conference, "letter": letter})


@form_page
def simulation_submit(request, series_slug):
    """The simulation form of a series that invites them (the series page includes it too)."""
    series = series_or_404(series_slug)
    now = timezone.now()
    context = {"series": series}
    if request.method != "POST":
        if not series.invitation:
            raise Http404("This series does not invite simulations.")
        return render(
            request,
            "conferences/simulation_form.html",
            {**context, "form": SimulationForm(initial=fresh_token_initial())},
        )

    form = SimulationForm(request.POST, request.FILES)
    valid = form.is_valid()
    if valid and (stored := services.repeated_simulation(form, series)):
        return redirect("conferences:simulation_received", token=stored.submission_token)
    if not valid:
        form = _keep_uploaded_file(form, request)
        return render(request, "conferences/simulation_form.html", {**context, "form": form, **_kept(form)})
    if not series.invitation:
        refusal = (
            "This series is no longer inviting simulations, so we could not accept yours. "
            "Here is what you wrote, so that you can keep a copy."
        )
        return render(
            request,
            "conferences/simulation_form.html",
            {**context, "form": form, "refusal": refusal, "closed": True},
            status=403,
        )
    client = ratelimit.client_key(request)
    if later := ratelimit.retry_after("simulation", client, now):
        form = _keep_uploaded_file(form, request)
        refusal = rate_limited_message_sitewide(later)
        return render(
            request,
            "conferences/simulation_form.html",
            {**context, "form": form, "refusal": refusal, **_kept(form)},
            status=429,
        )
    simulation, _created = services.submit_simulation(series, form, client, now)
    return redirect("conferences:simulation_received", token=simulation.submission_token)


def rate_limited_message_sitewide(later):
    local = timezone.localtime(later)
    return (
        "Too many submissions have come from your address recently. Please try again after "
        f"{local:%H:%M} {place_name(str(local.tzinfo))} time ({utc_offset(local)}). Everything you typed is "
        "still below, and sending it again later will not create a duplicate."
    )


def _keep_uploaded_file(form, request):
    """A file that arrived with a form shown back for errors is stored, so the reader need not attach it again."""
    upload = form.cleaned_data.get("file") if hasattr(form, "cleaned_data") else None
    if not upload:
        return form
    path = default_storage.save(simulation_upload_path(None, upload.name), upload)
    data = request.POST.copy()
    data["kept_file"] = signing.dumps(path, salt=KEPT_FILE_SALT)
    rebound = SimulationForm(data)
    rebound.is_valid()
    return rebound


def _kept(form):
    path = form.cleaned_data.get("kept_file") if hasattr(form, "cleaned_data") else ""
    return {"kept_file_name": path.rsplit("/", 1)[-1] if path else ""}


@never_cache
def simulation_received(request, token):
    simulation = get_object_or_404(SimulationSubmission.objects.select_related("series"), submission_token=token)
    return render(
        request, "conferences/simulation_received.html", {"simulation": simulation, "series": simulation.series}
    )
