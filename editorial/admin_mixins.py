"""``DeskAdminMixin``: what a ``ModelAdmin`` of a registered model gains from the desk.

The change form carries a note on the change and refuses silent overwrites (``forms.DeskForm``),
showing what the other editor changed; "History" lists the revisions, compares any two or any with
what is stored now, and restores one; with ``share_url`` set, editors make share-preview links.
"""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from . import recording, registry
from .diff import changed_only, compare
from .forms import DeskForm
from .models import ShareLink
from .views import history_view


class DeskAdminMixin:
    form = DeskForm
    change_form_template = "admin/editorial/change_form.html"
    share_url = None  # ``share_url(token) -> path``: offers share-preview links when set

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f not in DeskForm.FIELDS]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        return [*fieldsets, ("Save", {"fields": DeskForm.FIELDS})]

    def save_model(self, request, obj, form, change):
        recording.set_message(form.cleaned_data.get("revision_message"))
        super().save_model(request, obj, form, change)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if form.conflict:
            opened_at, latest = form.conflict
            spec = registry.spec_for(self.model)
            context["conflict_changes"] = changed_only(compare(spec, opened_at.data, latest.data))
            context["conflict_revision"] = latest
        context["share_links_url"] = (
            "../share/" if self.share_url and obj is not None and change else None  # relative to …/change/
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        return history_view(request, ContentType.objects.get_for_model(obj).pk, obj.pk)

    # --- Share-preview links ---------------------------------------------------------------------

    def get_urls(self):
        urls = super().get_urls()
        if not self.share_url:
            return urls
        name = f"{self.opts.app_label}_{self.opts.model_name}_share"
        share = path("<path:object_id>/share/", self.admin_site.admin_view(self.share_view), name=name)
        return [share, *urls]

    def share_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        form = ShareForm(request.POST or None)
        if request.method == "POST" and "revoke" in request.POST:
            link = ShareLink.objects.for_object(obj).filter(pk=request.POST["revoke"]).first()
            if link and link.revoked_at is None:
                link.revoked_at = timezone.now()
                link.save(update_fields=["revoked_at"])
                recording.log(obj, "revoke", user=request.user)
                messages.success(request, "The link was revoked: it now answers “not found”.")
            return redirect(request.path)
        if request.method == "POST" and form.is_valid():
            link = ShareLink.objects.create(
                content_type=ContentType.objects.get_for_model(obj),
                object_id=str(obj.pk),
                object_repr=str(obj)[:300],
                created_by=request.user,
                expires_at=timezone.now() + timedelta(days=form.cleaned_data["days"]),
            )
            recording.log(obj, "share", user=request.user, message=f"Expires {link.expires_at:%d %b %Y %H:%M}")
            messages.success(request, "The link was made: copy it from the list below.")
            return redirect(request.path)
        links = [
            (link, request.build_absolute_uri(self.share_url(link.token)))
            for link in ShareLink.objects.for_object(obj).select_related("created_by")
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Share a preview of “{obj}”",
            "opts": self.opts,
            "original": obj,
            "form": form,
            "links": links,
        }
        return TemplateResponse(request, "admin/editorial/share_links.html", context)


class ShareForm(forms.Form):
    days = forms.IntegerField(
        label="Valid for (days)",
        min_value=1,
        max_value=90,
        initial=ShareLink.DEFAULT_DAYS,
        help_text="Anyone holding the link sees the draft as readers will, without an account, until then.",
    )
