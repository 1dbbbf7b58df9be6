"""What a conference's page tells search engines: a schema.org Event."""

from caucasuscenter.shared.metadata import organisation


def conference_json_ld(conference, absolute):
    """A conference as a schema.org Event (dates, place, stream and organiser when known)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": conference.title,
        "url": absolute(conference.get_absolute_url()),
        "organizer": organisation(),
        "eventStatus": "https://schema.org/EventScheduled",
    }
    if conference.summary:
        data["description"] = conference.summary
    if conference.starts_on:
        data["startDate"] = conference.starts_on.isoformat()
    if conference.ends_on:
        data["endDate"] = conference.ends_on.isoformat()
    if conference.working_language:
        data["inLanguage"] = conference.working_language
    places = []
    if conference.venue.strip():
        places.append({"@type": "Place", "name": conference.venue, "address": conference.venue})
    if conference.is_live_streamed:
        places.append({"@type": "VirtualLocation", "url": conference.live_stream_url or data["url"]})
    if places:
        data["location"] = places[0] if len(places) == 1 else places
        modes = {"Place": "Offline", "VirtualLocation": "Online"}
        kinds = {modes[place["@type"]] for place in places}
        mode = kinds.pop() if len(kinds) == 1 else "Mixed"
        data["eventAttendanceMode"] = f"https://schema.org/{mode}EventAttendanceMode"
    return data
