"""What the desk stores: revisions, the audit log, share-preview links and redirects of old addresses."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class ForObjectQuerySet(models.QuerySet):
    def for_object(self, obj):
        """The rows about ``obj`` (any model), newest first."""
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))

    def for_model(self, model):
        return self.filter(content_type=ContentType.objects.get_for_model(model))


class RevisionQuerySet(ForObjectQuerySet):
    def latest_id(self):
        """The id of the newest revision, or ``None``."""
        return self.order_by("-pk").values_list("pk", flat=True).first()


class Revision(models.Model):
    """One saved state of an object (its fields and related rows), with who saved it, when and why."""

    class Action(models.TextChoices):
        BASELINE = "baseline", "As it was before revisions were kept"
        CREATE = "create", "Created"
        EDIT = "edit", "Edited"
        PUBLISH = "publish", "Published"
        SCHEDULE = "schedule", "Scheduled"
        UNPUBLISH = "unpublish", "Unpublished"
        REVIEW = "review", "Sent to review"
        RESTORE = "restore", "Restored"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=12, choices=Action.choices, default=Action.EDIT)
    message = models.CharField(max_length=300, blank=True)
    data = models.JSONField(encoder=DjangoJSONEncoder)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-id"], name="revision_object_idx")]

    def __str__(self):
        return f"{self.object_repr} — {self.get_action_display()} {timezone.localtime(self.created_at):%d %b %Y %H:%M}"

    @property
    def target(self):
        return self.content_type.get_object_for_this_type(pk=self.object_id)


class AuditEntry(models.Model):
    """Who did what to which object, and when. Written by the desk, never edited."""

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        EDIT = "edit", "Edited"
        PUBLISH = "publish", "Published"
        SCHEDULE = "schedule", "Scheduled"
        UNPUBLISH = "unpublish", "Unpublished"
        REVIEW = "review", "Sent to review"
        DELETE = "delete", "Deleted"
        RESTORE = "restore", "Restored a revision"
        DECIDE = "decide", "Decided"
        SHARE = "share", "Shared a preview link"
        REVOKE = "revoke", "Revoked a preview link"

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=12, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField("object", max_length=300)
    message = models.CharField(max_length=300, blank=True)

    objects = ForObjectQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "audit log entry"
        verbose_name_plural = "audit log"
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object_idx")]

    def __str__(self):
        return f"{self.user or 'Someone'} — {self.get_action_display()} — {self.object_repr}"


def new_token():
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def default_expiry():
    return timezone.now() + timedelta(days=ShareLink.DEFAULT_DAYS)


class ShareLinkQuerySet(ForObjectQuerySet):
    def active(self):
        """Links that still open their preview: not revoked, not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ShareLink(models.Model):
    """A secret address that shows one object's preview to whoever holds it, until it expires or is revoked."""

    DEFAULT_DAYS = 7

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField("object", max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    expires_at = models.DateTimeField(default=default_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "share-preview link"

    def __str__(self):
        return f"Preview of {self.object_repr}"

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


class RedirectQuerySet(models.QuerySet):
    def matching(self, *paths):
        """The redirect of the first of ``paths`` that has one, or ``None`` (one indexed query)."""
        found = {redirect.old_path: redirect for redirect in self.filter(old_path__in=paths)}
        return next((found[path] for path in paths if path in found), None)

    def target_of(self, *paths):
        """Where a visitor of the first of ``paths`` that moved is sent now, or ``None``."""
        redirect = self.matching(*paths)
        return redirect.target() if redirect else None

    def leading_to(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))


class Redirect(models.Model):
    """An old address that answers 301 to the new one: written when a public slug changes and by the
    WordPress import (an imported post's old addresses), or typed by an editor.

    A redirect written for an object (``leads_to``) is followed only while that object is public, to
    its address of the moment: a piece taken back to draft is not revealed by its old addresses."""

    old_path = models.CharField(max_length=500, unique=True, help_text="E.g. /articles/old-slug/ or /?p=123")
    new_path = models.CharField(max_length=500, help_text="E.g. /articles/new-slug/")
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, editable=False, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = RedirectQuerySet.as_manager()

    class Meta:
        ordering = ["old_path"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="redirect_leads_to")]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"

    def clean(self):
        if self.old_path == self.new_path:
            raise ValidationError({"new_path": "A redirect to itself would loop."})
        onward = Redirect.objects.exclude(pk=self.pk).filter(old_path=self.new_path).first()
        if onward:
            raise ValidationError({"new_path": f"{self.new_path} itself redirects to {onward.new_path}: use that."})

    @property
    def leads_to_model(self):
        return ContentType.objects.get_for_id(self.content_type_id).model_class() if self.content_type_id else None

    def target(self):
        """The address to send a visitor to now, or ``None`` when the object it leads to is not public
        (one query for an object's redirect, none for a typed one)."""
        if self.content_type_id is None:
            return self.new_path
        from .slugs import public_url

        return public_url(self.leads_to_model, self.object_id)

    @classmethod
    def leading(cls, old_path, obj, new_path):
        """An unsaved redirect from ``old_path`` to ``obj`` (now at ``new_path``), for ``bulk_create``."""
        content_type = ContentType.objects.get_for_model(obj)
        return cls(old_path=old_path, new_path=new_path, content_type=content_type, object_id=str(obj.pk))

    @classmethod
    def moved(cls, old_path, new_path, obj=None):
        """Record that ``old_path`` (of ``obj``, if given) moved to ``new_path``: chains collapse, loops
        are removed."""
        if old_path == new_path:
            return
        cls.objects.filter(old_path=new_path).delete()  # the new address is a real page again
        cls.objects.filter(new_path=old_path).update(new_path=new_path)  # a → old becomes a → new
        target = {}
        if obj is not None:
            target = {"content_type": ContentType.objects.get_for_model(obj), "object_id": str(obj.pk)}
        cls.objects.update_or_create(old_path=old_path, defaults={"new_path": new_path, **target})
        cls.objects.filter(old_path=models.F("new_path")).delete()
