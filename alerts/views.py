"""The pages of email alerts: subscribe (and the one answer every subscription gets), confirm, and
unsubscribe (one click, RFC 8058).

Confirming is a POST from the page the link opens: mail scanners fetch links (GET) to inspect them,
and a GET that confirmed would subscribe an address its owner never saw. Unsubscribing by a GET
would be undone by the same scanners, so the link's page has a button too; the POST that mail
programs send (``List-Unsubscribe=One-Click``, no cookie, no CSRF token) is what that URL, and only
it, accepts without a CSRF token. The token is the only key: forging one needs SECRET_KEY.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from articles.interface import alert_target
from caucasuscenter.shared import throttle
from caucasuscenter.shared.headers import form_page, private
from caucasuscenter.shared.requests import client_address

from . import services, tokens
from .forms import SubscribeForm
from .models import Subscription

TARGET_KINDS = (Subscription.Kind.AUTHOR, Subscription.Kind.SERIES, Subscription.Kind.TAG)
ONE_CLICK = "One-Click"


def requested_target(params):
    """``(kind, pk, name)`` of what ``?author=`` / ``?series=`` / ``?tag=`` names (404 for one no
    published piece uses), or every new piece when none is given."""
    for kind in TARGET_KINDS:
        if slug := params.get(kind):
            found = alert_target(kind, slug)
            if found is None:
                raise Http404(_("Nothing to follow here."))
            return kind, found[0], found[1], slug
    return Subscription.Kind.EVERYTHING, None, "", ""


@method_decorator(form_page, name="dispatch")
class SubscribeView(View):
    template_name = "alerts/subscribe.html"

    def get(self, request):
        return self.page(SubscribeForm())

    def post(self, request):
        form = SubscribeForm(request.POST)
        if not form.is_valid():
            return self.page(form, status=400)
        counter = throttle.Counter(
            "alerts-subscribe",
            (client_address(request),),
            settings.SUBMISSION_RATE_LIMIT,
            settings.SUBMISSION_RATE_WINDOW,
        )
        if not counter.allow()[0]:
            return self.page(form, status=429, refused=True)
        kind, pk, _name, _slug = self.target
        services.subscribe(
            form.cleaned_data["email"], kind, pk, form.cleaned_data["frequency"], translation.get_language() or ""
        )
        return redirect("alerts:sent")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.target = requested_target(request.GET)

    def page(self, form, status=200, refused=False):
        kind, _pk, name, slug = self.target
        context = {"form": form, "kind": kind, "name": name, "slug": slug, "refused": refused}
        return render(self.request, self.template_name, context, status=status)


class SentView(TemplateView):
    """The one answer to every subscription, whatever the address: check your inbox."""

    template_name = "alerts/sent.html"


class TokenView(View):
    """A page opened by a link's token; a bad one gets a page that says so (never an error)."""

    purpose = None
    template_name = None

    def dispatch(self, request, token, *args, **kwargs):
        try:
            self.subscription = tokens.read(token, self.purpose)
        except tokens.TokenProblem as problem:
            status = 410 if problem.reason == "expired" else 404
            return render(request, self.template_name, {"state": problem.reason}, status=status)
        return super().dispatch(request, token, *args, **kwargs)

    def page(self, state, status=200):
        context = {"state": state, "subscription": self.subscription, "followed": self.subscription.followed}
        return render(self.request, self.template_name, context, status=status)


@method_decorator(private, name="dispatch")
class ConfirmView(TokenView):
    purpose = tokens.CONFIRM
    template_name = "alerts/confirm.html"

    def get(self, request, token):
        return self.page("ask" if self.subscription.status == Subscription.Status.PENDING else "done")

    def post(self, request, token):
        if self.subscription.status == Subscription.Status.PENDING:
            services.confirm(self.subscription)
            return self.page("confirmed")
        return self.page("done")


@method_decorator(private, name="dispatch")
@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(TokenView):
    purpose = tokens.UNSUBSCRIBE
    template_name = "alerts/unsubscribe.html"

    def get(self, request, token):
        return self.page("done" if self.subscription.status == Subscription.Status.UNSUBSCRIBED else "ask")

    def post(self, request, token):
        if request.POST.get("List-Unsubscribe") != ONE_CLICK:
            return self.page("ask", status=400)
        services.unsubscribe(self.subscription)
        return self.page("unsubscribed")
