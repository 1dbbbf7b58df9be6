"""The desk's admin pages: an object's history, a comparison of two states, and restoring one."""

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import registry
from .diff import compare
from .models import Revision
from .restore import CannotRestore, restore


def _target(request, content_type, object_id, perm="view"):
    model = content_type.model_class()
    spec = registry.spec_for(model) if model else None
    if spec is None:
        raise Http404
    if not request.user.has_perm(f"{model._meta.app_label}.{perm}_{model._meta.model_name}"):
        raise PermissionDenied
    obj = model._default_manager.filter(pk=object_id).first()
    if obj is None:
        raise Http404
    return model, spec, obj


def _context(request, obj, **extra):
    opts = obj._meta
    return {
        **admin.site.each_context(request),
        "opts": opts,
        "original": obj,
        "change_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
        **extra,
    }


@staff_member_required
def history_view(request, content_type_id, object_id):
    """Every revision of one object, newest first, with what each changed."""
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model, spec, obj = _target(request, content_type, object_id)
    if request.GET.get("before", "").isdigit() and request.GET.get("after"):
        return redirect("admin:editorial_revision_compare", request.GET["before"], request.GET["after"])
    revisions = list(Revision.objects.for_object(obj).select_related("user").defer("data"))
    context = _context(
        request,
        obj,
        title=f"History of “{obj}”",
        rows=list(zip(revisions, [*revisions[1:], None], strict=True)),
        can_restore=request.user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}"),
        audit_url=reverse("admin:editorial_auditentry_changelist")
        + f"?content_type__id__exact={content_type.pk}&object_id={obj.pk}",
    )
    return TemplateResponse(request, "admin/editorial/history.html", context)


@staff_member_required
def compare_view(request, before_id, after_id):
    """Two revisions of one object compared; ``after_id`` "live" is the object as stored now."""
    before = get_object_or_404(Revision.objects.select_related("user", "content_type"), pk=before_id)
    model, spec, obj = _target(request, before.content_type, before.object_id)
    if after_id == "live":
        after, after_data = None, spec.snapshot(obj)
    else:
        after = get_object_or_404(Revision.objects.for_object(obj).select_related("user"), pk=after_id)
        after_data = after.data
    if after is not None and after.pk < before.pk:
        return redirect("admin:editorial_revision_compare", before_id=after.pk, after_id=before.pk)
    rows = compare(spec, before.data, after_data)
    context = _context(
        request,
        obj,
        title=f"Changes to “{obj}”",
        before=before,
        after=after,
        rows=rows,
        changed=[row for row in rows if row.changed],
        history_url=reverse("admin:editorial_revision_history", args=[before.content_type_id, obj.pk]),
    )
    return TemplateResponse(request, "admin/editorial/compare.html", context)


@staff_member_required
@require_POST
def restore_view(request, revision_id):
    """Put the object back as ``revision`` had it (a new revision; never publishes by itself)."""
    revision = get_object_or_404(Revision.objects.select_related("user", "content_type"), pk=revision_id)
    model, spec, obj = _target(request, revision.content_type, revision.object_id, perm="change")
    try:
        restore(revision, request.user)
    except (CannotRestore, IntegrityError) as error:
        messages.error(request, f"That revision cannot be restored: {error}")
        return redirect("admin:editorial_revision_history", revision.content_type_id, obj.pk)
    messages.success(request, f"Restored the revision of {revision.created_at:%d %b %Y %H:%M}. Nothing was published.")
    opts = obj._meta
    return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)
