"""The one way a public form (an abstract, a letter of interest, a simulation) is posted.

``SubmitView`` follows this order, and each form only fills in its own steps:
1. validate; a valid post that repeats a stored submission (same form token, same sender)
   gets that submission's confirmation, whatever the time or the rate limit;
2. refuse a call that is closed (or not yet open), showing back what was typed (status 403);
3. show errors beside their fields, keeping everything typed;
4. refuse a flood from one address, or beyond the call's hourly or daily cap (status 429, caps.py),
   keeping everything typed; refuse an attached file that the storage quota has no room for
   (status 507, caps.py), keeping everything typed but the file;
5. store it once, with its emails (services.py), and redirect to the confirmation.
"""

import logging

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View

from caucasuscenter.shared.headers import form_page
from caucasuscenter.shared.requests import body_arrived_whole

from .. import caps, ratelimit
from ..times import site_time_display

logger = logging.getLogger(__name__)

STORAGE_FAILED = _(
    "We could not store your submission just now, so nothing was saved and no email was sent. "
    "What you typed is still in the form (attach your file again): please send it again in a few minutes."
)
TRY_AGAIN_LATER = _(
    "Too many submissions have come from your address recently. Please try again after {time}. "
    "Everything you typed is still below, and sending it again later will not create a duplicate."
)


@method_decorator(form_page, name="dispatch")
class SubmitView(View):
    """A public form's page: shown by GET, posted through the steps above."""

    template_name = None
    #: The template of the page that refuses a post to a closed call; the form's own page if None.
    refused_template_name = None
    #: What the rate limit counts this form's submissions as ("abstract", "letter", "simulation").
    rate_limit_scope = None
    #: The form's name in the template's context.
    form_context_name = "form"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.now = timezone.now()

    # ----- each form's own steps -----

    def context(self):
        """What every showing of the page needs besides the form (the call, the series)."""
        return {}

    def new_form(self):
        """The empty form, with a fresh token; ``None`` where no form may be offered."""
        raise NotImplementedError

    def posted_form(self):
        raise NotImplementedError

    def find_repeat(self, form):
        """The submission a valid post repeats (services.repeated_*), or None."""
        raise NotImplementedError

    def closed_refusal(self):
        """Why no submission is accepted now (a closed call), or ``""``."""
        return ""

    def shown_back(self, form):
        """The form as it is shown back, with errors or refused (a simulation keeps its file)."""
        return form

    def try_again_after(self, later):
        """``later`` as the refusal of a flood says it."""
        return site_time_display(later)

    def capped(self):
        """``(the stored submissions the caps count, their time field, what they answer)`` (caps.py)."""
        raise NotImplementedError

    def storage_refusal(self, form):
        """Why the file this valid post brings cannot be stored (the attachment quota, caps.py), or ``""``."""
        return ""

    def without_file(self, form):
        """The form shown back when its file was refused: what was typed, without the file."""
        return form

    def store(self, form, client):
        """Store the submission once with its emails; return it (services.submit_*)."""
        raise NotImplementedError

    def confirmation(self, submission):
        """The redirect to a stored submission's confirmation page."""
        raise NotImplementedError

    # ----- the flow -----

    def render_form(self, form, status=200, template_name=None, **extra):
        context = {**self.context(), self.form_context_name: form, **extra}
        return render(self.request, template_name or self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_form(self.new_form())

    def post(self, request, *args, **kwargs):
        form = self.posted_form()
        if not body_arrived_whole(request):  # the sender went away mid-upload: store nothing of it
            logger.warning("A %s post arrived cut short; nothing stored", self.rate_limit_scope)
            return HttpResponseBadRequest(_("The form did not arrive whole; nothing was stored. Please send it again."))
        valid = form.is_valid()
        if valid and (stored := self.find_repeat(form)):
            return self.confirmation(stored)
        if refusal := self.closed_refusal():
            return self.render_form(form, 403, self.refused_template_name, refusal=refusal, closed=True)
        if not valid:
            return self.render_form(self.shown_back(form))
        client = ratelimit.client_key(request)
        if later := ratelimit.retry_after(self.rate_limit_scope, client, self.now):
            refusal = str(TRY_AGAIN_LATER).format(time=self.try_again_after(later))
            return self.render_form(self.shown_back(form), 429, refusal=refusal)
        stored, time_field, where = self.capped()
        if until := caps.cap_ends(stored, time_field, self.now):
            caps.tell_editors_once(self.rate_limit_scope, where, until, self.now)
            refusal = str(caps.CAP_REACHED).format(time=self.try_again_after(until))
            return self.render_form(self.shown_back(form), 429, refusal=refusal)
        if refusal := self.storage_refusal(form):
            return self.render_form(self.without_file(form), 507, refusal=refusal)
        try:
            stored = self.store(form, client)
        except OSError:  # storage that cannot write (a full disk, permissions): nothing was stored
            logger.exception("Storing a %s failed", self.rate_limit_scope)
            return self.render_form(form, 503, refusal=STORAGE_FAILED)
        return self.confirmation(stored)
