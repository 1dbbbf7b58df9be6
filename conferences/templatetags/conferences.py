"""Template helpers: times in a conference's own time zone, author bylines, the simulation form, page metadata."""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html

from caucasuscenter.shared.dates import format_date
from caucasuscenter.shared.metadata import PageMeta, absolute_for, canonical_url, shorten

from ..forms import SimulationForm, fresh_token_initial
from ..metadata import conference_json_ld
from ..times import local_time_display

register = template.Library()


@register.simple_tag
def conference_time(conference, moment, with_time=True):
    """``<time>`` for ``moment`` in the conference's time zone, e.g. “31 October 2023, 23:59 Baku time (UTC+04:00)”."""
    local = timezone.localtime(moment, conference.tzinfo)
    text = format_date(local.date())  # in the interface language
    if with_time:
        text += f", {local_time_display(conference, moment)}"
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), text)


@register.simple_tag
def byline(abstract):
    """Authors with numbered affiliations, as in a book of abstracts: ``(authors, affiliations)``."""
    affiliations = []
    authors = []
    for author in abstract.ordered_authors:
        if author.affiliation not in affiliations:
            affiliations.append(author.affiliation)
        authors.append((author, affiliations.index(author.affiliation) + 1))
    return {"authors": authors, "affiliations": affiliations}


@register.simple_tag(takes_context=True)
def simulation_form(context, series):
    """The simulation form for a series page: ``{% load conferences %}{% simulation_form series %}``.

    Renders nothing unless the series invites contributions (``series.invitation``).
    """
    if not series.invitation:
        return ""
    return render_to_string(
        "conferences/_simulation_form.html",
        {"series": series, "form": SimulationForm(initial=fresh_token_initial())},
        request=context.get("request"),
    )


@register.inclusion_tag("includes/_meta.html", takes_context=True)
def conference_meta(context, conference):
    """A conference page's metadata: ``{% block meta %}{% conference_meta conference %}{% endblock %}``."""
    absolute = absolute_for(context)
    return {
        "meta": PageMeta(
            title=conference.title,
            description=shorten(conference.summary),
            url=canonical_url(context, conference),
            json_ld=conference_json_ld(conference, absolute),
        )
    }
