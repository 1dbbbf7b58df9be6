"""What a conference's page tells search engines: a schema.org Event."""

from django.urls import reverse

from caucasuscenter.shared.metadata import iso, organisation

from .models.calls import default_organiser

TO_BE_ANNOUNCED = {"@type": "Place", "name": "To be announced"}


def organiser(conference):
    """The Center (with its address and @id), or the organisation the call names instead."""
    if conference.organiser in ("", default_organiser()):
        return organisation()
    return {"@type": "Organization", "name": conference.organiser}


def conference_json_ld(conference, absolute):
    """A conference as a schema.org Event: its dates, its place (or "To be announced") and stream, how
    to attend, its languages, its organiser, and its call for papers as an offer open until the deadline."""
    url = absolute(conference.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": conference.title,
        "url": url,
        "organizer": organiser(conference),
        "eventStatus": "https://schema.org/EventScheduled",
    }
    if conference.summary:
        data["description"] = conference.summary
    if conference.starts_on:
        data["startDate"] = conference.starts_on.isoformat()
    if conference.ends_on:
        data["endDate"] = conference.ends_on.isoformat()
    languages = [conference.working_language, *conference.interpretation_languages]
    data["inLanguage"] = languages[0] if len(languages) == 1 else languages
    places = []
    if conference.venue.strip():
        places.append({"@type": "Place", "name": conference.venue, "address": conference.venue})
    else:
        places.append(TO_BE_ANNOUNCED)  # a venue left empty is one still to be announced
    if conference.is_live_streamed:
        places.append({"@type": "VirtualLocation", "url": conference.live_stream_url or url})
    data["location"] = places[0] if len(places) == 1 else places
    mode = "Mixed" if len(places) > 1 else "Offline"
    data["eventAttendanceMode"] = f"https://schema.org/{mode}EventAttendanceMode"
    if conference.deadline:
        data["offers"] = {
            "@type": "Offer",
            "name": "Call for papers",
            "url": absolute(reverse("conferences:abstract_submit", kwargs={"slug": conference.slug})),
            "availabilityStarts": iso(conference.opens_at),
            "availabilityEnds": iso(conference.deadline),
            "validFrom": iso(conference.opens_at),
            "validThrough": iso(conference.deadline),
        }
    return data
