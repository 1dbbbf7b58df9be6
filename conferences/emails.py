"""Every email the conference app sends: its text, its queueing and its delivery.

Emails are written to the ``OutgoingEmail`` outbox *in the same transaction* as the
submission that causes them (a transactional outbox): they exist if and only if the
submission was stored, and nothing is sent before the commit. ``send_due_emails()``
(run by ``manage.py send_emails``, in a loop beside the web server) delivers them and
retries failures with growing delays; editors see what has not been sent in the admin.

Texts come from ``EmailTemplate`` rows that editors edit; ``DEFAULT_TEMPLATES`` here
seeds them (migration 0002) and stands in when a row is missing or broken, so a
mistake in a template never loses a submission.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.template import Context, Engine
from django.urls import reverse
from django.utils import timezone

from .models import EmailTemplate, OutgoingEmail, absolute_url

logger = logging.getLogger(__name__)
Kind = EmailTemplate.Kind

# Plain-text templates: no HTML escaping; no template loaders, so {% include %} reads nothing.
ENGINE = Engine(autoescape=False, dirs=[], app_dirs=False)

#: How long a worker owns a message it is sending before another may retry it.
SENDING_LEASE = timedelta(minutes=10)

_AUTHORS = (
    "{% for a in authors %}{{ a.name }} ({{ a.affiliation }})"
    "{% if a.is_contact %}, contact author{% endif %}{% if not forloop.last %}; {% endif %}{% endfor %}"
)
_ABSTRACT_FACTS = f"""Title: {{{{ abstract.title }}}}
Topic: {{{{ abstract.topic_title }}}}
Authors: {_AUTHORS}
Length: {{{{ abstract.word_count }}}} words"""
_SIGNATURE = """{{ conference.organiser }}
{{ conference.contact_email }}"""

DEFAULT_TEMPLATES = {
    Kind.ABSTRACT_RECEIVED_CONTACT: (
        "Abstract received: {{ abstract.title }}",
        f"""Dear {{{{ author.name }}}},

thank you for submitting your abstract to the {{{{ conference.title }}}} ({{{{ conference.year }}}}).

{_ABSTRACT_FACTS}

As the contact author you can see its status, change it or withdraw it until the deadline,
{{{{ deadline }}}}, at this private link (please do not share it):
{{{{ manage_url }}}}

We have also written to each co-author.

{_SIGNATURE}
""",
    ),
    Kind.ABSTRACT_RECEIVED_COAUTHOR: (
        "You are an author of “{{ abstract.title }}”",
        f"""Dear {{{{ author.name }}}},

{{{{ contact.name }}}} has submitted an abstract to the {{{{ conference.title }}}} ({{{{ conference.year }}}})
that lists you as an author.

{_ABSTRACT_FACTS}

You can follow its status here: {{{{ status_url }}}}
{{{{ contact.name }}}} ({{{{ contact.email }}}}) is the contact author and can change or withdraw it
until the deadline, {{{{ deadline }}}}. If you should not be listed, please write to {{{{ conference.contact_email }}}}.

{_SIGNATURE}
""",
    ),
    Kind.ABSTRACT_RECEIVED_EDITORS: (
        "New abstract: {{ abstract.title }}",
        """A new abstract was submitted to the {{ conference.title }} ({{ conference.year }}).

Title: {{ abstract.title }}
Topic: {{ abstract.topic_title }}
Length: {{ abstract.word_count }} words
Authors:
{% for a in authors %}  {{ forloop.counter }}. {{ a.name }}, {{ a.affiliation }} <{{ a.email }}>\
{% if a.is_contact %} (contact){% endif %}
{% endfor %}{% if abstract.phone %}Phone: {{ abstract.phone }}
{% endif %}
Review it in the admin: {{ admin_url }}
""",
    ),
    Kind.ABSTRACT_UPDATED: (
        "Abstract changed: {{ abstract.title }}",
        f"""Dear {{{{ author.name }}}},

{{{{ contact.name }}}} has changed the abstract submitted to the {{{{ conference.title }}}} ({{{{ conference.year }}}}).
This is how it reads now:

{_ABSTRACT_FACTS}

{{% if author.is_contact %}}Your private link: {{{{ manage_url }}}}\
{{% else %}}Its status: {{{{ status_url }}}}{{% endif %}}

{_SIGNATURE}
""",
    ),
    Kind.ABSTRACT_WITHDRAWN: (
        "Abstract withdrawn: {{ abstract.title }}",
        f"""{{% if author %}}Dear {{{{ author.name }}}},{{% else %}}Dear editors,{{% endif %}}

the abstract “{{{{ abstract.title }}}}” submitted to the {{{{ conference.title }}}} ({{{{ conference.year }}}})
has been withdrawn by its contact author, {{{{ contact.name }}}}.

If this is a mistake, please write to {{{{ conference.contact_email }}}}.

{_SIGNATURE}
""",
    ),
    Kind.DECISION_ACCEPTED: (
        "Accepted: {{ abstract.title }}",
        f"""Dear {{{{ author.name }}}},

we are pleased to tell you that your abstract “{{{{ abstract.title }}}}” has been accepted for the
{{{{ conference.title }}}} ({{{{ conference.year }}}}).

{{{{ conference.proceedings_info }}}}

We will write to you soon about the programme\
{{% if not conference.venue %}} and the venue, which will be announced later{{% endif %}}.
You can see the status of your abstract here: {{{{ status_url }}}}

{_SIGNATURE}
""",
    ),
    Kind.DECISION_REJECTED: (
        "Your abstract: {{ abstract.title }}",
        f"""Dear {{{{ author.name }}}},

thank you for submitting “{{{{ abstract.title }}}}” to the {{{{ conference.title }}}} ({{{{ conference.year }}}}).
We received many strong abstracts and regret that we cannot include yours in the programme.

We hope to see you among the audience; the conference will be \
{{% if conference.is_live_streamed %}}live-streamed{{% else %}}open to the public{{% endif %}}.

{_SIGNATURE}
""",
    ),
    Kind.DECISION_WAITLISTED: (
        "On the waiting list: {{ abstract.title }}",
        f"""Dear {{{{ author.name }}}},

thank you for submitting “{{{{ abstract.title }}}}” to the {{{{ conference.title }}}} ({{{{ conference.year }}}}).
Your abstract is on our waiting list: we will write to you again if a place in the programme opens.

You can see its status here: {{{{ status_url }}}}

{_SIGNATURE}
""",
    ),
    Kind.LETTER_RECEIVED: (
        "Your letter of interest: {{ conference.title }}",
        f"""Dear {{{{ letter.contact_person }}}},

thank you for the interest of {{{{ letter.organisation }}}} in partnering with us on the
{{{{ conference.title }}}} ({{{{ conference.year }}}}). We have received your letter and will answer soon.

Your message:
{{{{ letter.message }}}}

{_SIGNATURE}
""",
    ),
    Kind.LETTER_EDITORS: (
        "Letter of interest from {{ letter.organisation }}",
        """A partner organisation wrote about the {{ conference.title }} ({{ conference.year }}).

Organisation: {{ letter.organisation }}
Contact person: {{ letter.contact_person }} <{{ letter.email }}>
{% if letter.website %}Website: {{ letter.website }}
{% endif %}
{{ letter.message }}

In the admin: {{ admin_url }}
""",
    ),
    Kind.SIMULATION_RECEIVED: (
        "Your simulation: {{ simulation.title }}",
        """Dear {{ simulation.full_name }},

thank you for sending your simulation “{{ simulation.title }}” for the series “{{ series.title }}”.
Our editors will read it; if we publish it, it will appear with your name and title
({{ simulation.full_name }}, {{ simulation.position }}).

The Caucasus Center for Strategic and International Studies (CCSIS)
""",
    ),
    Kind.SIMULATION_EDITORS: (
        "New simulation for “{{ series.title }}”: {{ simulation.title }}",
        """A reader sent a simulation for the series “{{ series.title }}”.

Title: {{ simulation.title }}
From: {{ simulation.full_name }}, {{ simulation.position }} <{{ simulation.email }}>, phone {{ simulation.phone }}
{% if simulation.file %}File: {{ simulation.file.name }}
{% endif %}
In the admin: {{ admin_url }}
""",
    ),
}

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


def render_email(kind, context, conference=None):
    """``(subject, body)`` for ``kind``: the editors' template if it works, else the default."""
    template = EmailTemplate.objects.for_kind(kind, conference)
    if template is not None:
        try:
            return render_text(template.subject, template.body, context)
        except Exception:  # a broken template must never lose a submission
            logger.exception("Email template %s failed; using the default text.", template.pk)
    subject, body = DEFAULT_TEMPLATES[kind]
    return render_text(subject, body, context)


def render_text(subject, body, context):
    ctx = Context(context)
    rendered_subject = " ".join(ENGINE.from_string(subject).render(ctx).split())
    return rendered_subject[:300], ENGINE.from_string(body).render(ctx)


def format_deadline(conference):
    local = timezone.localtime(conference.deadline, conference.tzinfo)
    return f"{local.day} {local:%B %Y, %H:%M} {place_name(conference.timezone)} time ({utc_offset(local)})"


def place_name(tz_name):
    """“Asia/Baku” → “Baku”."""
    return tz_name.rsplit("/", 1)[-1].replace("_", " ")


def utc_offset(aware):
    """“UTC+04:00” for an aware datetime."""
    offset = aware.strftime("%z") or "+0000"
    return f"UTC{offset[:3]}:{offset[3:]}"


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


def build(kind, to, context, conference=None, reply_to="", **related):
    subject, body = render_email(kind, context, conference)
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
                abstract_context(abstract, author),
                conference,
                reply_to=conference.contact_email,
                abstract=abstract,
            )
        )
    contact = abstract.contact_author
    for address in settings.EDITORS_EMAIL:
        messages.append(
            build(
                Kind.ABSTRACT_RECEIVED_EDITORS,
                address,
                abstract_context(abstract),
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
        build(kind, a.email, abstract_context(abstract, a), conference, conference.contact_email, abstract=abstract)
        for a in abstract.ordered_authors
    ]
    if also_editors:
        messages += [
            build(kind, address, abstract_context(abstract), conference, abstract=abstract)
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
    }
    messages = [build(Kind.LETTER_RECEIVED, letter.email, context, conference, conference.contact_email, letter=letter)]
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
    }
    messages = [build(Kind.SIMULATION_RECEIVED, simulation.email, context, simulation=simulation)]
    messages += [
        build(Kind.SIMULATION_EDITORS, address, context, reply_to=simulation.email, simulation=simulation)
        for address in settings.EDITORS_EMAIL
    ]
    return OutgoingEmail.objects.bulk_create(messages)


def claim_due(now, limit):
    """Take up to ``limit`` due messages for this worker: a short transaction, then send outside it."""
    with transaction.atomic():
        ids = list(
            OutgoingEmail.objects.due(now)
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        OutgoingEmail.objects.filter(pk__in=ids).update(next_attempt_at=now + SENDING_LEASE)
    return list(OutgoingEmail.objects.filter(pk__in=ids).order_by("pk"))


def send_due_emails(now=None, limit=100):
    """Send what is due; return ``(sent, failed)``. Failures are kept for a later retry."""
    now = now or timezone.now()
    batch = claim_due(now, limit)
    if not batch:
        return 0, 0
    sent = failed = 0
    connection = mail.mailers.default
    try:
        connection.open()
    except Exception as error:  # the mail server is down: every message waits for the next try
        for message in batch:
            message.record_failure(error, now)
            message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        logger.warning("Mail server unavailable (%s); %d message(s) will be retried.", error, len(batch))
        return 0, len(batch)
    try:
        for message in batch:
            email = mail.EmailMessage(
                subject=message.subject,
                body=message.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[message.to],
                reply_to=[message.reply_to] if message.reply_to else None,
                headers={"Auto-Submitted": "auto-generated"},
            )
            try:
                if connection.send_messages([email]) != 1:
                    raise RuntimeError("the mail backend did not accept the message")
            except Exception as error:
                message.record_failure(error, now)
                failed += 1
            else:
                message.record_success(timezone.now())
                sent += 1
            message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at", "sent_at"])
    finally:
        try:
            connection.close()
        except Exception:  # closing a broken connection must not hide what was sent
            logger.warning("Could not close the mail connection cleanly.", exc_info=True)
    return sent, failed
