"""The calls: the index of open calls and the archive, a call's page, and its proceedings."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ..models import Abstract, Conference
from ..times import format_deadline


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
    """What every page of a call shows about it: open, coming or closed, and the deadline."""
    now = now or timezone.now()
    return {
        "conference": conference,
        "now": now,
        "is_open": conference.is_open(now),
        "is_upcoming": conference.is_upcoming(now),
        "has_closed": conference.has_closed(now),
        "deadline_display": format_deadline(conference),
    }


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
