"""Writing revisions and audit entries.

Every POST an editor makes in the admin runs inside a *desk context* (``middleware.DeskMiddleware``):
saves and deletes of registered objects, of their child rows (authorships) and of their tags mark the
object as changed; when the request ends well, each changed object gets one revision and one audit
entry, with the user and the editor's note. Writes that send no signal (``QuerySet.update()`` in admin
actions) say so with ``changing(queryset)``. The first time an object without revisions changes, its
previous state is kept first as a *baseline* revision, so every change can be compared.
"""

import contextlib
import logging
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from . import registry

logger = logging.getLogger(__name__)

_current = ContextVar("editorial_desk", default=None)


@dataclass
class Change:
    model: type
    pk: object
    created: bool = False
    before: object = None  # the latest Revision, if any
    baseline: dict = None  # the stored state, for an object without revisions
    action: str = None


@dataclass
class Desk:
    user: object = None
    message: str = ""
    changes: dict = field(default_factory=dict)

    def note_before(self, model, pk, created=False):
        """Remember ``(model, pk)`` as changing; the first time, read its state before the change."""
        from .models import Revision

        key = (model, str(pk))
        if key in self.changes:
            return self.changes[key]
        change = Change(model, pk, created=created)
        if not created:
            change.before = Revision.objects.filter(content_type=_content_type(model), object_id=str(pk)).first()
            if change.before is None:
                stored = registry.spec_for(model).stored(pk)
                if stored is not None:
                    change.baseline = registry.spec_for(model).snapshot(stored)
        self.changes[key] = change
        return change


def _content_type(model_or_obj):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model_or_obj)


def current():
    return _current.get()


@contextlib.contextmanager
def desk(user):
    """Collect the changes made inside; write their revisions when the block ends without error."""
    state = Desk(user=user)
    token = _current.set(state)
    try:
        yield state
    finally:
        _current.reset(token)
    write_revisions(state)


def discard(state):
    state.changes.clear()


def set_message(message):
    if state := current():
        state.message = message or ""


@contextlib.contextmanager
def changing(queryset, action=None):
    """Around a ``queryset.update()``: each row's state is read before, and a revision kept after.

    Yields the pks, which the caller should update by (``filter(pk__in=pks)``)."""
    pks = list(queryset.values_list("pk", flat=True))
    state = current()
    if state is not None:
        for pk in pks:
            state.note_before(queryset.model, pk).action = action
    yield pks


def write_revisions(state):
    from .models import Revision

    for (model, _), change in state.changes.items():
        spec = registry.spec_for(model)
        obj = spec.stored(change.pk)
        if obj is None:
            continue  # deleted in the same request: the audit log has it
        try:
            with transaction.atomic():
                data = spec.snapshot(obj)
                before = change.before.data if change.before else change.baseline
                if before is not None and before == data:
                    continue
                if change.baseline is not None:
                    _revision(obj, data=change.baseline, user=None, action=Revision.Action.BASELINE)
                action = change.action or _action(spec, change, before, data)
                _revision(obj, data=data, user=state.user, action=action, message=state.message)
                log(obj, action, user=state.user, message=state.message)
        except Exception:  # the editor's save is committed: a missing revision must not undo it
            logger.exception("Could not keep a revision of %s %s", model._meta.label, change.pk)
    state.changes.clear()


def _action(spec, change, before, after):
    if change.created:
        return "create"
    if spec.classify and before is not None:
        return spec.classify(before["fields"], after["fields"]) or "edit"
    return "edit"


def _revision(obj, *, data, user, action, message=""):
    from .models import Revision

    return Revision.objects.create(
        content_type=_content_type(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        user=user if user and user.is_authenticated else None,
        action=action if action in Revision.Action.values else Revision.Action.EDIT,
        message=message[:300],
        data=data,
    )


def keep_revision(obj, *, user, action, message=""):
    """A revision of ``obj`` as it is stored now, written at once (restore uses it)."""
    spec = registry.spec_for(type(obj))
    revision = _revision(obj, data=spec.snapshot(obj), user=user, action=action, message=message)
    log(obj, action, user=user, message=message)
    return revision


def log(obj, action, *, user=None, message=""):
    """An audit entry: ``user`` (default: the editor of the current request) did ``action`` to ``obj``."""
    from .models import AuditEntry

    if user is None and (state := current()):
        user = state.user
    return AuditEntry.objects.create(
        user=user if user and user.is_authenticated else None,
        action=action,
        content_type=_content_type(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        message=message[:300],
    )


def log_many(objects, action, *, message=""):
    for obj in objects:
        log(obj, action, message=message)


# --- Signals: what marks an object as changed -----------------------------------------------------


def _root_pre_save(sender, instance, raw=False, **kwargs):
    state = current()
    if state is None or raw or registry.spec_for(sender) is None:
        return
    if instance.pk is not None and not instance._state.adding:
        state.note_before(sender, instance.pk)


def _any_post_save(sender, instance, created=False, raw=False, **kwargs):
    state = current()
    if state is None or raw:
        return
    if registry.spec_for(sender) is not None:
        state.note_before(sender, instance.pk, created=created)
    _mark_parent(state, sender, instance)


def _any_post_delete(sender, instance, **kwargs):
    state = current()
    if state is None:
        return
    if registry.spec_for(sender) is not None:
        state.changes.pop((sender, str(instance.pk)), None)
        log(instance, "delete", user=state.user)
        return
    _mark_parent(state, sender, instance)


def _mark_parent(state, sender, instance):
    parent = registry.children_models().get(sender)
    if parent is not None:
        model, fk = parent
        if getattr(instance, fk) is not None:
            state.note_before(model, getattr(instance, fk))
        return
    if sender._meta.label == "taggit.TaggedItem":
        from django.contrib.contenttypes.models import ContentType

        model = ContentType.objects.get_for_id(instance.content_type_id).model_class()
        if model in registry.tagged_models():
            state.note_before(model, instance.object_id)


def connect_signals():
    pre_save.connect(_root_pre_save, dispatch_uid="editorial:pre_save")
    post_save.connect(_any_post_save, dispatch_uid="editorial:post_save")
    post_delete.connect(_any_post_delete, dispatch_uid="editorial:post_delete")
