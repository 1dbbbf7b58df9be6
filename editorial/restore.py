"""Putting an object back as a revision had it; the restore itself becomes a new revision.

Fields the app names in ``keep_on_restore`` (an article's status and publication time) keep their
current value, so restoring never publishes, schedules or unpublishes anything by itself.
"""

from django.db import models, transaction
from django.utils import timezone

from . import recording, registry


class CannotRestore(Exception):
    pass


def restore(revision, user):
    """Write ``revision``'s fields and related rows back to its object; return the new revision."""
    obj = revision.target
    spec = registry.spec_for(type(obj))
    data = revision.data
    with transaction.atomic():
        for f in spec.field_objects():
            if f.name in spec.keep_on_restore or f.name not in data["fields"]:
                continue
            value = data["fields"][f.name]
            if isinstance(f, models.ForeignKey):
                if value is not None and not f.related_model._default_manager.filter(pk=value).exists():
                    if not f.null:
                        raise CannotRestore(f"The {f.verbose_name} of that revision no longer exists.")
                    value = None
                setattr(obj, f.attname, value)
            elif isinstance(f, models.FileField):
                setattr(obj, f.attname, value or "")
            else:
                setattr(obj, f.attname, f.to_python(value))
        obj.save()
        for rel in spec.related:
            if rel.accessor in data["related"]:
                rel.write(obj, data["related"][rel.accessor]["rows"])
        when = timezone.localtime(revision.created_at).strftime("%d %b %Y %H:%M")
        message = f"Restored the revision of {when}" + (f" by {revision.user}" if revision.user else "")
        state = recording.current()
        if state is not None:  # the signals of this restore are not a separate edit
            state.changes.pop((type(obj), str(obj.pk)), None)
        return recording.keep_revision(obj, user=user, action="restore", message=message)
