"""The public forms: an abstract with its authors, a letter of interest, a simulation.

Every error message is written for the person filling the form in, and tested word for
word in tests/conferences/test_forms.py.
"""

import re
import uuid

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import MaxLengthValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from caucasuscenter.shared.text import TypedTextMixin, isolated, validate_public_email
from caucasuscenter.shared.uploads import OneFilePerField

from .models import OTHER_TOPIC_TITLE, Abstract, LetterOfInterest, SimulationSubmission
from .simulation_files import SIMULATION_EXTENSIONS, SIMULATION_MAX_CHARACTERS, validate_simulation_file
from .wordcount import count_characters, count_words, validate_character_limit, validate_plain_text, validate_word_limit

MAX_AUTHORS = 10
#: The topic field's value for “another relevant issue” (stored as no topic); its label is OTHER_TOPIC_TITLE.
OTHER_TOPIC_CHOICE = "other"
#: Signs the path of a simulation file kept while the form is shown back (see SimulationForm).
KEPT_FILE_SALT = "conferences.simulation-file"

HONEYPOT_MESSAGE = _(
    "This field must stay empty: it catches spam robots. Please clear it and send the form again; "
    "nothing you typed is lost."
)
TOKEN_MESSAGE = _("This form is incomplete or out of date. Please check it and send it again.")
PHONE_MESSAGE = _("Enter a phone number of 6 to 20 digits, such as +994 12 345 67 89.")
EMAIL_INVALID = _("Enter a valid email address, such as name@example.org.")
# What is too long, said whole for each field (a translation cannot assemble it from parts).
TOO_LONG = {
    "the title": _("Keep the title to %(limit_value)d characters; it has %(show_value)d."),
    "the name": _("Keep the name to %(limit_value)d characters; it has %(show_value)d."),
    "the affiliation": _("Keep the affiliation to %(limit_value)d characters; it has %(show_value)d."),
}
PHONE_RE = re.compile(r"^\+?[0-9 ()./-]+$")


def validate_phone(value):
    digits = sum(c.isdigit() for c in value)
    if not PHONE_RE.match(value) or not 6 <= digits <= 20:
        raise ValidationError(PHONE_MESSAGE, code="invalid_phone")


def max_length_message(what, limit):
    """The message of ``what``'s length limit (``limit`` is the validator's, named in the message)."""
    return TOO_LONG[what]


class SpamProtection(TypedTextMixin, forms.Form):
    """The two hidden fields every public form carries: the idempotency token and the honeypot.

    ``submission_token`` is made when the form is shown; posting the same form again finds
    what it stored the first time. ``homepage`` is hidden from people and filled by robots;
    when it is filled the form is shown back with an error beside it (never dropped silently).
    Every typed field follows the one policy of caucasuscenter/shared/text.py.
    """

    submission_token = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": TOKEN_MESSAGE, "invalid": TOKEN_MESSAGE},
    )
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.EmailField):  # we must be able to answer the sender
                field.validators.append(validate_public_email)

    def clean_homepage(self):
        if self.cleaned_data.get("homepage"):
            raise ValidationError(HONEYPOT_MESSAGE, code="honeypot")
        return ""


def fresh_token_initial(initial=None):
    return {"submission_token": uuid.uuid4(), **(initial or {})}


class AbstractForm(SpamProtection, forms.ModelForm):
    """Title, topic, text, phone and consent; the authors come in ``AuthorFormSet``."""

    topic = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={
            "required": format_lazy(_("Choose a topic, or “{other}”."), other=_(OTHER_TOPIC_TITLE)),
            "invalid_choice": _("Choose one of the topics listed."),
        },
    )
    contact_author = forms.TypedChoiceField(
        coerce=int,
        choices=[(i, format_lazy(_("Author {number}"), number=i + 1)) for i in range(MAX_AUTHORS)],
        initial=0,
        error_messages={
            "required": _("Choose the contact author among the authors listed."),
            "invalid_choice": _("Choose the contact author among the authors listed."),
        },
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the Caucasus Center stores and processes the data in this form (names, affiliations, "
            "email addresses, phone number) to run the conference: review, programme, proceedings and the "
            "emails about this abstract."
        ),
        error_messages={
            "required": _(
                "Please agree to the processing of these data for the conference; "
                "we cannot consider an abstract without it."
            )
        },
    )

    class Meta:
        model = Abstract
        fields = ["title", "topic", "text", "phone"]
        labels = {"title": _("Title of the paper"), "text": _("Abstract"), "phone": _("Phone number (optional)")}
        help_texts = {"phone": _("Only if the editors may call the contact author about this abstract.")}
        widgets = {"phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"})}
        error_messages = {
            "title": {"required": _("Enter the title of your paper.")},
            "text": {"required": _("Enter the text of your abstract.")},
        }

    def __init__(self, conference, *args, **kwargs):
        self.conference = conference
        super().__init__(*args, **kwargs)
        topics = list(conference.topics.all())
        self.topics = {str(topic.pk): topic for topic in topics}
        choices = [(str(topic.pk), isolated(topic.title)) for topic in topics]  # a right-to-left topic keeps its place
        if conference.allow_other_topics or not topics:
            choices.append((OTHER_TOPIC_CHOICE, _(OTHER_TOPIC_TITLE)))
        self.fields["topic"].choices = choices
        self.fields["topic"].label = _("Topic")
        self.fields["phone"].validators.append(validate_phone)
        if self.instance.pk:
            self.initial.setdefault(
                "topic", str(self.instance.topic_id) if self.instance.topic_id else OTHER_TOPIC_CHOICE
            )

        title = self.fields["title"]
        title.validators = [v for v in title.validators if not isinstance(v, MaxLengthValidator)]
        title.validators.append(MaxLengthValidator(300, max_length_message("the title", 300)))
        title.widget.attrs.pop("maxlength", None)  # never cut what an author pastes: say it is too long instead

        text = self.fields["text"]
        limit, characters = conference.word_limit, conference.character_limit
        text.help_text = _(
            "At most %(limit)s words (and %(characters)s characters). A hyphenated word such as "
            "“Nagorno-Karabakh” or a number such as “1,960” counts as one word; dashes and punctuation "
            "standing alone count as none."
        ) % {"limit": limit, "characters": characters}
        text.validators += [
            validate_plain_text,
            lambda value: validate_word_limit(value, limit),
            lambda value: validate_character_limit(value, characters),
        ]
        text.widget.attrs.update(
            {"rows": 16, "data-word-limit": limit, "data-character-limit": characters, "spellcheck": "true"}
        )

    def clean_topic(self):
        value = self.cleaned_data["topic"]
        return None if value == OTHER_TOPIC_CHOICE else self.topics[value]

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean_text(self):
        return self.cleaned_data["text"].replace("\r\n", "\n").strip()

    @property
    def text_counts(self):
        """The server's count of what is in the text box now, shown beside it before any script runs."""
        value = self["text"].value() or ""
        return {
            "words": count_words(value),
            "characters": count_characters(value),
            "limit": self.conference.word_limit,
            "character_limit": self.conference.character_limit,
        }


class AbstractEditForm(AbstractForm):
    """The contact author's changes through the private link: no new token, consent already given."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("consent", "submission_token"):
            del self.fields[name]
        if self.instance.pk:
            contact = self.instance.contact_author
            self.initial.setdefault("contact_author", contact.position - 1 if contact else 0)


class AuthorForm(TypedTextMixin, forms.Form):
    name = forms.CharField(
        max_length=200,
        error_messages={"required": _("Enter the author's name."), "max_length": max_length_message("the name", 200)},
    )
    affiliation = forms.CharField(
        max_length=300,
        help_text=_("University, institute or organisation; or “Independent researcher”."),
        error_messages={
            "required": _("Enter the author's affiliation, or “Independent researcher”."),
            "max_length": max_length_message("the affiliation", 300),
        },
    )
    email = forms.EmailField(
        error_messages={"required": _("Enter the author's email address."), "invalid": EMAIL_INVALID},
        validators=[validate_public_email],
    )

    def has_changed(self):
        """A row counts when something is typed in it, whatever it held before (clearing a row removes it)."""
        return any((self.data.get(self.add_prefix(name)) or "").strip() for name in self.fields)


class BaseAuthorFormSet(forms.BaseFormSet):
    """Up to ten author rows; empty rows are ignored, so clearing a row removes that author."""

    default_error_messages = {
        "too_few_forms": _("List at least one author."),
        "too_many_forms": format_lazy(_("List at most {number} authors."), number=MAX_AUTHORS),
    }

    def initial_form_count(self):
        return 0  # every row may be left empty, even one shown filled in for editing

    def _construct_form(self, i, **kwargs):
        # Even the first row may be empty: _("List at least one author.") says what is missing once.
        return super()._construct_form(i, empty_permitted=True, **kwargs)

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            email = (form.cleaned_data.get("email") or "").lower()
            if email in seen:
                raise ValidationError(
                    _("Each author needs their own email address; %(email)s is listed twice."),
                    code="duplicate_email",
                    params={"email": email},
                )
            if email:
                seen.add(email)

    @property
    def filled_rows(self):
        """``(row index, cleaned data)`` of the rows that hold an author, in order."""
        return [(i, form.cleaned_data) for i, form in enumerate(self.forms) if form.cleaned_data]


AuthorFormSet = forms.formset_factory(
    AuthorForm,
    formset=BaseAuthorFormSet,
    extra=MAX_AUTHORS - 1,
    min_num=1,
    max_num=MAX_AUTHORS,
    absolute_max=MAX_AUTHORS,
    validate_min=True,
    validate_max=True,
)


class AbstractEntry:
    """An abstract form and its author rows, validated together (the contact author joins them)."""

    def __init__(self, conference, data=None, instance=None, initial=None):
        self.conference = conference
        editing = instance is not None and instance.pk is not None
        form_class = AbstractEditForm if editing else AbstractForm
        form_initial = None if editing else fresh_token_initial(initial)
        self.form = form_class(conference, data, instance=instance, initial=form_initial)
        author_initial = None
        if editing:
            author_initial = [
                {"name": a.name, "affiliation": a.affiliation, "email": a.email} for a in instance.ordered_authors
            ]
        self.authors = AuthorFormSet(data, prefix="authors", initial=author_initial)
        self.contact_error = None

    def is_valid(self):
        form_ok = self.form.is_valid()
        authors_ok = self.authors.is_valid()
        if not (form_ok and authors_ok):
            return False
        rows = dict(self.authors.filled_rows)
        if self.form.cleaned_data["contact_author"] not in rows:
            self.form.add_error("contact_author", _("Choose the contact author among the authors listed."))
            return False
        return True

    def author_rows(self):
        """The authors to store: dicts in order with ``position`` and ``is_contact``."""
        contact = self.form.cleaned_data["contact_author"]
        return [
            {**data, "position": position, "is_contact": index == contact}
            for position, (index, data) in enumerate(self.authors.filled_rows, start=1)
        ]

    @property
    def has_errors(self):
        return bool(self.form.errors or self.authors.total_error_count())

    def rows(self):
        """The author rows as the template shows them: ``(index, form, is_contact, has_content)``."""
        contact = str(self.form["contact_author"].value())
        return [
            (index, form, str(index) == contact, form.has_changed() or bool(form.errors) or bool(form.initial))
            for index, form in enumerate(self.authors.forms)
        ]

    @property
    def more_rows_open(self):
        """Show the rows after the first when one of them holds something."""
        return any(has_content for _i, _f, _c, has_content in self.rows()[1:])


class LetterOfInterestForm(SpamProtection, forms.ModelForm):
    class Meta:
        model = LetterOfInterest
        fields = ["organisation", "contact_person", "email", "website", "message"]
        labels = {"website": _("Website (optional)"), "message": _("Your letter of interest")}
        help_texts = {"message": _("How would your organisation like to take part, and what would it bring?")}
        error_messages = {
            "organisation": {"required": _("Enter the name of your organisation.")},
            "contact_person": {"required": _("Enter the name of the contact person.")},
            "email": {"required": _("Enter an email address we can answer."), "invalid": EMAIL_INVALID},
            "website": {"invalid": _("Enter a full web address, such as https://example.org.")},
            "message": {"required": _("Write your letter of interest.")},
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 8})}

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        validate_character_limit(message, 10_000)
        return message


class SimulationForm(OneFilePerField, SpamProtection, forms.ModelForm):
    """A reader's simulation: the text, a file, or both. A file sent with errors elsewhere is kept."""

    kept_file = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = SimulationSubmission
        fields = ["full_name", "position", "email", "phone", "title", "text", "file"]
        labels = {
            "full_name": _("Full name"),
            "position": _("Your title"),
            "phone": _("Phone number"),
            "title": _("Title of your simulation"),
            "text": _("Your simulation"),
            "file": _("Or attach it as a file"),
        }
        help_texts = {
            "position": _("As it should appear with your name, e.g. “Senior analyst, Baku Policy Institute”."),
            "text": _("Paste the text here, or attach a file below."),
            "file": _("PDF, Word, OpenDocument, RTF or plain text; at most 10 MB."),
        }
        error_messages = {
            "full_name": {"required": _("Enter your full name.")},
            "position": {"required": _("Enter your title, as it should be published with your name.")},
            "email": {"required": _("Enter your email address."), "invalid": EMAIL_INVALID},
            "phone": {"required": _("Enter a phone number.")},
            "title": {"required": _("Enter the title of your simulation.")},
        }
        widgets = {
            "text": forms.Textarea(attrs={"rows": 14}),
            "file": forms.ClearableFileInput(attrs={"accept": ",".join(SIMULATION_EXTENSIONS)}),
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].validators.append(validate_phone)
        self.fields["file"].validators.append(validate_simulation_file)

    def clean_text(self):
        text = self.cleaned_data["text"].replace("\r\n", "\n").strip()
        validate_character_limit(text, SIMULATION_MAX_CHARACTERS)
        return text

    def clean_kept_file(self):
        value = self.cleaned_data.get("kept_file")
        if not value:
            return ""
        try:
            path = signing.loads(value, salt=KEPT_FILE_SALT, max_age=60 * 60 * 24)
        except signing.BadSignature:
            return ""
        return path if default_storage.exists(path) else ""  # gone (removed with a twin, or purged): not kept

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kept_file") and not cleaned.get("file"):
            self.instance.file.name = cleaned["kept_file"]  # before the model's "text or file" check
        empty = not (cleaned.get("text") or cleaned.get("file") or cleaned.get("kept_file"))
        if empty and "text" not in self.errors and "file" not in self.errors:
            self.add_error("text", ValidationError("Paste the text of your simulation or attach a file.", "empty"))
        return cleaned
