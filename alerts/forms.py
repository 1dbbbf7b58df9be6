"""The subscribe form: an address and how often; what is followed comes from the page it was opened
from (``?author=``, ``?series=``, ``?tag=``, or nothing: every new piece)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from caucasuscenter.shared.text import TypedTextMixin, validate_public_email

from .models import Subscription

EMAIL_INVALID = _("Enter a valid email address, such as name@example.org.")


class SubscribeForm(TypedTextMixin, forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        validators=[validate_public_email],
        error_messages={"required": _("Enter the address the emails should go to."), "invalid": EMAIL_INVALID},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how often you want the emails."),
            "invalid_choice": _("Choose one of the two frequencies listed."),
        },
    )
