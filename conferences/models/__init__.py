"""Conferences and their calls for papers, one module per subject; every model is importable from here.

The life of a call (``calls``): a ``Conference`` with its ordered ``Topic``s and ``ProgrammeFeature``s
opens; authors send an ``Abstract`` (with ordered ``AbstractAuthor``s) without an account, ``Review``ers
score it, editors decide, and accepted abstracts make the proceedings (``abstracts``). Partner
organisations send a ``LetterOfInterest``; readers of a series send a ``SimulationSubmission``
(``contributions``). Every email goes through the ``OutgoingEmail`` outbox, its text from an
``EmailTemplate`` (``outbox``); ``RateLimitHit`` remembers recent submissions per address (``ratelimits``).
"""

from .abstracts import Abstract, AbstractAuthor, Review, conflict_of_interest, new_secret_key
from .calls import (
    OTHER_TOPIC_TITLE,
    Conference,
    ProgrammeFeature,
    Topic,
    default_contact_email,
    default_organiser,
    validate_conference_slug,
    validate_timezone,
)
from .contributions import LetterOfInterest, SimulationSubmission, simulation_upload_path
from .outbox import EmailTemplate, OutgoingEmail
from .ratelimits import RateLimitHit

__all__ = [
    "OTHER_TOPIC_TITLE",
    "Abstract",
    "AbstractAuthor",
    "Conference",
    "EmailTemplate",
    "LetterOfInterest",
    "OutgoingEmail",
    "ProgrammeFeature",
    "RateLimitHit",
    "Review",
    "SimulationSubmission",
    "Topic",
    "conflict_of_interest",
    "default_contact_email",
    "default_organiser",
    "new_secret_key",
    "simulation_upload_path",
    "validate_conference_slug",
    "validate_timezone",
]
