"""The desk in the admin: revisions (with history, compare and restore), the audit log (read-only),
share-preview links and redirects of old addresses."""

from django.contrib import admin, messages
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from . import views
from .admin_mixins import DeskAdminMixin
from .models import AuditEntry, Redirect, Revision, ShareLink

__all__ = ["DeskAdminMixin"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "object_repr", "content_type", "action", "user", "message", "history"]
    list_filter = ["content_type", "action", "user", "created_at"]
    list_select_related = ["user", "content_type"]
    search_fields = ["object_repr", "message"]
    date_hierarchy = "created_at"
    exclude = ["data"]

    @admin.display(description="history")
    def history(self, revision):
        url = reverse("admin:editorial_revision_history", args=[revision.content_type_id, revision.object_id])
        return format_html('<a href="{}">History of {}</a>', url, revision.object_repr)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "object/<int:content_type_id>/<str:object_id>/",
                view(views.history_view),
                name="editorial_revision_history",
            ),
            path(
                "compare/<int:before_id>/<str:after_id>/",
                view(views.compare_view),
                name="editorial_revision_compare",
            ),
            path("<int:revision_id>/restore/", view(views.restore_view), name="editorial_revision_restore"),
            *super().get_urls(),
        ]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "action", "object_repr", "content_type", "message"]
    list_filter = ["user", "action", "content_type", "created_at"]
    list_select_related = ["user", "content_type"]
    search_fields = ["object_repr", "message", "user__username"]
    date_hierarchy = "created_at"

    def lookup_allowed(self, lookup, value, request=None):
        return lookup == "object_id" or super().lookup_allowed(lookup, value, request)


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    list_display = ["object_repr", "content_type", "created_by", "created_at", "expires_at", "state"]
    list_filter = ["content_type", "created_by"]
    list_select_related = ["created_by", "content_type"]
    search_fields = ["object_repr"]
    actions = ["revoke"]
    fields = ["object_repr", "content_type", "object_id", "created_by", "created_at", "expires_at", "revoked_at"]
    readonly_fields = ["object_repr", "content_type", "object_id", "created_by", "created_at", "revoked_at"]

    def has_add_permission(self, request):
        return False  # made from the object's own admin page

    @admin.display(description="state")
    def state(self, link):
        if link.revoked_at:
            return "Revoked"
        return "Active" if link.is_active else "Expired"

    @admin.action(description="Revoke the selected links")
    def revoke(self, request, queryset):
        n = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"{n} link(s) revoked.", messages.SUCCESS)


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "new_path", "leads_to", "created_at"]
    list_filter = [("content_type", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["old_path", "new_path"]
    fields = ["old_path", "new_path", "leads_to"]
    readonly_fields = ["leads_to"]

    @admin.display(description="leads to")
    def leads_to(self, redirect):
        """What a redirect written for a piece follows (only while readers may see it)."""
        model = redirect.leads_to_model
        if model is None:
            return "the address typed"
        return f"{model._meta.verbose_name} #{redirect.object_id}, while it is public"

    def save_model(self, request, obj, form, change):
        if change and "new_path" in form.changed_data:  # the editor chose an address: it is followed as typed
            obj.content_type, obj.object_id = None, ""
        super().save_model(request, obj, form, change)
