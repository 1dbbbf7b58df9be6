"""The editors' desk, for any model: revisions with readable diffs and restore, refusal of silent
overwrites, an audit log, share-preview links and redirects of old slugs.

The desk imports none of our apps; they describe their models to it (``register``, ``track_slugs``)
from their ``AppConfig.ready()``, and use ``admin.DeskAdminMixin`` in their admin.
"""

from .recording import changing, keep_revision, log, log_many, set_message
from .registry import Children, Tags, register
from .slugs import track_slugs

__all__ = [
    "Children",
    "Tags",
    "changing",
    "keep_revision",
    "log",
    "log_many",
    "register",
    "set_message",
    "track_slugs",
]
