"""Editors see who follows what (the only place an address is shown), how many, and may delete a
subscription (on a reader's request); they neither add nor edit one: only its reader may, by email."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from caucasuscenter.shared.text import email_html

from .models import Announcement, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["address", "followed_display", "frequency", "status", "created_at", "confirmed_at"]
    list_filter = ["status", "frequency", "kind"]
    search_fields = ["email"]
    list_select_related = ["author", "series", "tag"]
    date_hierarchy = "created_at"
    fields = ["email", "followed_display", "frequency", "status", "language", "created_at", "emailed_at"]
    fields += ["confirmed_at", "unsubscribed_at", "next_digest_at"]
    readonly_fields = fields

    @admin.display(description=_("address"), ordering="email")
    def address(self, subscription):
        return email_html(subscription.email)

    @admin.display(description=_("follows"))
    def followed_display(self, subscription):
        return subscription.followed

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        counts = dict(Subscription.objects.order_by().values_list("status").annotate(n=Count("pk")))
        summary = ", ".join(f"{label}: {counts.get(value, 0)}" for value, label in Subscription.Status.choices)
        return super().changelist_view(request, {**(extra_context or {}), "subtitle": summary})


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["article", "announced_at", "emails", "digest_entries"]
    list_select_related = ["article"]
    readonly_fields = ["article", "announced_at", "emails", "digest_entries"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
