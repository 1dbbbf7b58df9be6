"""An abstract's pages: submitting it, its confirmation, and the private pages of its authors
(the contact author's to change or withdraw it, the co-authors' to follow its status)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from caucasuscenter.shared.dates import format_date
from caucasuscenter.shared.headers import private
from caucasuscenter.shared.requests import serves

from .. import services
from ..forms import AbstractEntry
from ..models import Abstract, Conference
from ..times import format_deadline, local_time_display
from .calls import call_context
from .submitting import SubmitView


def closed_message(conference, now, changes=False):
    """Why the call refuses an abstract (``changes``: the contact author's changes) at ``now``."""
    if conference.is_upcoming(now):
        opens = timezone.localtime(conference.opens_at, conference.tzinfo)
        return _(
            "The call for abstracts opens on %(date)s, so we could not accept your abstract yet. "
            "Here is what you wrote, so that you can keep a copy."
        ) % {"date": format_date(opens.date())}
    params = {"deadline": format_deadline(conference), "email": conference.contact_email}
    if changes:
        return (
            _(
                "The call for abstracts closed on %(deadline)s, before your changes arrived, so we "
                "could not accept them. Here is what you wrote, so that you can keep a copy. If you think this is a "
                "mistake, write to %(email)s."
            )
            % params
        )
    return (
        _(
            "The call for abstracts closed on %(deadline)s, before your abstract arrived, so we "
            "could not accept it. Here is what you wrote, so that you can keep a copy. If you think this is a "
            "mistake, write to %(email)s."
        )
        % params
    )


class AbstractSubmitView(SubmitView):
    """An abstract for a call, with its authors; accepted from the call's opening to its deadline second."""

    template_name = "conferences/abstract_form.html"
    refused_template_name = "conferences/abstract_refused.html"
    rate_limit_scope = "abstract"
    form_context_name = "entry"  # the abstract form with its author rows

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.conference = get_object_or_404(Conference.objects.prefetch_related("topics"), slug=kwargs["slug"])

    def context(self):
        return call_context(self.conference, self.now)

    def new_form(self):
        return AbstractEntry(self.conference) if self.conference.is_open(self.now) else None

    def posted_form(self):
        return AbstractEntry(self.conference, data=self.request.POST)

    def capped(self):
        return self.conference.abstracts.all(), "submitted_at", self.conference.title

    def find_repeat(self, entry):
        return services.repeated_abstract(entry)

    def closed_refusal(self):
        return "" if self.conference.is_open(self.now) else closed_message(self.conference, self.now)

    def try_again_after(self, later):
        return local_time_display(self.conference, later)

    def store(self, entry, client):
        abstract, _created = services.submit_abstract(self.conference, entry, client, self.now)
        return abstract

    def confirmation(self, abstract):
        return redirect(
            "conferences:abstract_submitted", slug=abstract.conference.slug, token=abstract.submission_token
        )


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


@serves("POST")
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
            closed_message(conference, now, changes=True)
            if conference.has_closed(now)
            else _("This abstract is %(status)s and can no longer be changed.")
            % {"status": abstract.status_for_authors.lower()}
        )
        return render(
            request, "conferences/abstract_refused.html", {**context, "entry": entry, "refusal": refusal}, status=403
        )
    if not entry.is_valid():
        return render(request, "conferences/abstract_edit.html", {**context, "entry": entry})
    if services.update_abstract(abstract, entry):
        messages.success(request, _("Your changes are saved, and every author has been told."))
    else:
        messages.info(request, _("Nothing had changed."))
    return redirect("conferences:abstract_manage", key=key)


@serves("POST")
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
            messages.success(request, _("Your abstract is withdrawn, and every author has been told."))
            return redirect("conferences:abstract_manage", key=key)
        return render(request, "conferences/abstract_withdraw.html", {**context, "unconfirmed": True})
    return render(request, "conferences/abstract_withdraw.html", context)
