"""The emails the conference app sends: their texts, and their queueing in the outbox.

Emails are written to the ``OutgoingEmail`` outbox *in the same transaction* as the
submission that causes them (a transactional outbox): they exist if and only if the
submission was stored, and nothing is sent before the commit. Sending them (claiming,
retrying) is conferences/delivery.py's job, run by ``manage.py send_emails``.

Each kind of email starts from two template files,
``templates/conferences/emails/<kind>.subject.txt`` and ``<kind>.body.txt`` (plain text,
Django template syntax). Migration 0002 seeds an ``EmailTemplate`` row per kind from them,
which editors edit in the admin: a conference's own row wins over the site-wide row, and
that wins over the files. The files stand in when a row is missing or broken, so a mistake
in a template never loses a submission.

**Languages.** The confirmations to a sender (``SENDER_KINDS``) are written in the interface
language of the form they filled in (``Abstract.language`` and the like): their texts mark their
words for translation (``{% translate %}``, ``{% blocktranslate %}``), which the catalogues in
``locale/`` translate; a paragraph an editor rewrites is no longer the catalogue's and stays as
written. Every other mail (the editors', decisions and changes) is rendered in English.
"""

import logging

from django.conf import settings
from django.template import Context, Engine, loader
from django.urls import reverse
from django.utils import translation

from caucasuscenter.shared.links import absolute_url

from .models import EmailTemplate, OutgoingEmail
from .times import format_deadline

logger = logging.getLogger(__name__)
Kind = EmailTemplate.Kind

# Plain-text templates: no HTML escaping; no template loaders, so {% include %} reads nothing; {% load i18n %}.
ENGINE = Engine(autoescape=False, dirs=[], app_dirs=False, libraries={"i18n": "django.templatetags.i18n"})

#: Where the text each kind starts from lives (found by the project's template loaders).
DEFAULT_TEXT_FILES = "conferences/emails/{kind}.{part}.txt"


def default_text(kind):
    """``(subject, body)`` as the template files say them: the text editors start from."""
    subject, body = (
        loader.get_template(DEFAULT_TEXT_FILES.format(kind=kind, part=part)).template.source
        for part in ("subject", "body")
    )
    return subject.strip(), body


#: The placeholders each kind of template may use, shown to editors in the admin.
PLACEHOLDERS = {
    "abstract": (
        "conference (.title, .year, .organiser, .contact_email, .proceedings_info, .venue), "
        "abstract (.title, .topic_title, .word_count, .phone, .get_status_display), "
        "author (the recipient: .name, .affiliation, .email, .is_contact), authors (all, in order), "
        "contact (the contact author), manage_url, status_url, conference_url, proceedings_url, deadline"
    ),
    "editors": "conference, abstract, authors, contact, admin_url, deadline",
    "letter": "conference, letter (.organisation, .contact_person, .email, .website, .message), admin_url",
    "simulation": ("series (.title), simulation (.full_name, .position, .email, .phone, .title, .file), admin_url"),
}
#: Every kind may also name who we are (``settings.SITE``).
SITE_PLACEHOLDER = "site (.name, .short_name, .email)"


def placeholders_for(kind):
    """What a template of ``kind`` may use, as the admin lists it beside the text."""
    kind = kind or ""
    if kind.startswith("letter"):
        group = "letter"
    elif kind.startswith("simulation"):
        group = "simulation"
    elif kind.endswith("editors"):
        group = "editors"
    else:
        group = "abstract"
    return f"{PLACEHOLDERS[group]}, {SITE_PLACEHOLDER}"


def render_email(kind, context, conference=None):
    """``(subject, body)`` for ``kind``: the editors' template if it works, else the default."""
    template = EmailTemplate.objects.for_kind(kind, conference)
    if template is not None:
        try:
            return render_text(template.subject, template.body, context)
        except Exception:  # a broken template must never lose a submission
            logger.exception("Email template %s failed; using the default text.", template.pk)
    return render_text(*default_text(kind), context)


def render_text(subject, body, context):
    """Render an email's subject (on one line, at most 300 characters) and body; ``site`` is always known."""
    # The context decides escaping, not the engine: without autoescape=False, O'Brien would read O&#x27;Brien.
    ctx = Context({"site": settings.SITE, **context}, autoescape=False)
    rendered_subject = " ".join(ENGINE.from_string(subject).render(ctx).split())
    return rendered_subject[:300], ENGINE.from_string(body).render(ctx)


def abstract_context(abstract, author=None):
    conference = abstract.conference
    authors = abstract.ordered_authors
    return {
        "conference": conference,
        "abstract": abstract,
        "author": author,
        "authors": authors,
        "contact": abstract.contact_author,
        "manage_url": absolute_url(abstract.get_manage_url()),
        "status_url": absolute_url(abstract.get_status_url()),
        "conference_url": absolute_url(conference.get_absolute_url()),
        "proceedings_url": absolute_url(reverse("conferences:proceedings", kwargs={"slug": conference.slug})),
        "admin_url": absolute_url(reverse("admin:conferences_abstract_change", args=[abstract.pk])),
        "deadline": format_deadline(conference),
    }


#: The mails to the person who filled a form in and to an abstract's authors, written in the language of
#: the form's page; the editors' are English.
SENDER_KINDS = {
    Kind.ABSTRACT_RECEIVED_CONTACT,
    Kind.ABSTRACT_RECEIVED_COAUTHOR,
    Kind.ABSTRACT_UPDATED,
    Kind.ABSTRACT_WITHDRAWN,
    Kind.DECISION_ACCEPTED,
    Kind.DECISION_REJECTED,
    Kind.DECISION_WAITLISTED,
    Kind.LETTER_RECEIVED,
    Kind.SIMULATION_RECEIVED,
}


def build(kind, to, context, conference=None, reply_to="", language="", **related):
    """One outbox message; ``context`` is a callable, evaluated in the mail's language (its dates too)."""
    language = language if kind in SENDER_KINDS and language else settings.LANGUAGE_CODE
    with translation.override(language):
        subject, body = render_email(kind, context(), conference)
    return OutgoingEmail(kind=kind, to=to, reply_to=reply_to, subject=subject, body=body, **related)


def queue_abstract_received(abstract):
    """To the contact author (with the private link), each co-author, and the editors."""
    conference = abstract.conference
    messages = []
    for author in abstract.ordered_authors:
        kind = Kind.ABSTRACT_RECEIVED_CONTACT if author.is_contact else Kind.ABSTRACT_RECEIVED_COAUTHOR
        messages.append(
            build(
                kind,
                author.email,
                lambda author=author: abstract_context(abstract, author),
                conference,
                reply_to=conference.contact_email,
                language=abstract.language,
                abstract=abstract,
            )
        )
    contact = abstract.contact_author
    for address in settings.EDITORS_EMAIL:
        messages.append(
            build(
                Kind.ABSTRACT_RECEIVED_EDITORS,
                address,
                lambda: abstract_context(abstract),
                conference,
                reply_to=contact.email if contact else "",
                abstract=abstract,
            )
        )
    return OutgoingEmail.objects.bulk_create(messages)


def queue_to_authors(abstract, kind, also_editors=False):
    """``kind`` to every author of ``abstract`` (and, if asked, to the editors)."""
    conference = abstract.conference
    messages = [
        build(
            kind,
            a.email,
            lambda a=a: abstract_context(abstract, a),
            conference,
            conference.contact_email,
            language=abstract.language,
            abstract=abstract,
        )
        for a in abstract.ordered_authors
    ]
    if also_editors:
        messages += [
            build(kind, address, lambda: abstract_context(abstract), conference, abstract=abstract)
            for address in settings.EDITORS_EMAIL
        ]
    return OutgoingEmail.objects.bulk_create(messages)


DECISION_KINDS = {
    "accepted": Kind.DECISION_ACCEPTED,
    "rejected": Kind.DECISION_REJECTED,
    "waitlisted": Kind.DECISION_WAITLISTED,
}


def queue_letter_received(letter):
    conference = letter.conference
    context = {
        "conference": conference,
        "letter": letter,
        "admin_url": absolute_url(reverse("admin:conferences_letterofinterest_change", args=[letter.pk])),
    }.copy
    messages = [
        build(
            Kind.LETTER_RECEIVED,
            letter.email,
            context,
            conference,
            conference.contact_email,
            language=letter.language,
            letter=letter,
        )
    ]
    messages += [
        build(Kind.LETTER_EDITORS, address, context, conference, letter.email, letter=letter)
        for address in settings.EDITORS_EMAIL
    ]
    return OutgoingEmail.objects.bulk_create(messages)


def queue_simulation_received(simulation):
    context = {
        "series": simulation.series,
        "simulation": simulation,
        "admin_url": absolute_url(reverse("admin:conferences_simulationsubmission_change", args=[simulation.pk])),
    }.copy
    messages = [
        build(Kind.SIMULATION_RECEIVED, simulation.email, context, language=simulation.language, simulation=simulation)
    ]
    messages += [
        build(Kind.SIMULATION_EDITORS, address, context, reply_to=simulation.email, simulation=simulation)
        for address in settings.EDITORS_EMAIL
    ]
    return OutgoingEmail.objects.bulk_create(messages)
