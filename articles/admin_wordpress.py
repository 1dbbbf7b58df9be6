"""The admin's "Import from WordPress": an editor uploads an export, reads the dry-run report, confirms.

Nothing is imported before the editor confirms. Between the two steps the upload waits in
``settings.WORDPRESS_IMPORT_DIR`` (never under MEDIA_ROOT: an export holds drafts and e-mail
addresses) under a random name, which only the signed token in the confirmation form carries, with
the options chosen and the editor's id; the token expires after an hour and is good for its editor
only. Staff with the permission to add articles may import; the list of imported posts is
read-only. Images are not fetched from the URLs an uploaded file names (see
``articles/wordpress/media.py``): run the command with ``--media-dir`` for photos.
"""

import contextlib
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .models import ArticleType, WordPressPost
from .wordpress.load import Options, import_file
from .wordpress.parse import WxrError

TOKEN_SALT = "articles.wordpress.import"
TOKEN_MAX_AGE = 3600  # seconds an uploaded export waits for the editor's confirmation


class UploadForm(forms.Form):
    file = forms.FileField(
        label="WordPress export (WXR file)",
        help_text="In WordPress: Tools → Export → All content. Nothing is imported before you confirm.",
    )
    status = forms.ChoiceField(
        label="Status of the imported articles",
        choices=[
            ("as-exported", "As in WordPress: published, scheduled, in review (pending) or draft"),
            ("draft", "Everything as a draft"),
        ],
        initial="as-exported",
        widget=forms.RadioSelect,
    )
    default_type = forms.ModelChoiceField(
        label="Type of posts whose categories name no type",
        queryset=ArticleType.objects.all(),
        to_field_name="slug",
        empty_label=None,
        initial="analysis",
    )
    include_pages = forms.BooleanField(label="Import pages too, as articles", required=False)

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > settings.WORDPRESS_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                "The file is %(size)s MB; the limit is %(limit)s MB.",
                code="too_large",
                params={
                    "size": round(file.size / 1_048_576, 1),
                    "limit": round(settings.WORDPRESS_IMPORT_MAX_BYTES / 1_048_576),
                },
            )
        return file


def _stored(name):
    return Path(settings.WORDPRESS_IMPORT_DIR) / f"{name}.xml"


def _forget_stale_uploads():
    """Remove uploads whose token has expired (an editor who never confirmed nor cancelled)."""
    cutoff = time.time() - TOKEN_MAX_AGE
    for stale in Path(settings.WORDPRESS_IMPORT_DIR).glob("*.xml"):
        with contextlib.suppress(OSError):
            if stale.stat().st_mtime < cutoff:
                stale.unlink()


def _options(choices, user, dry_run):
    return Options(
        dry_run=dry_run,
        status=choices["status"],
        default_type=choices["default_type"],
        post_types=("post", "page") if choices["include_pages"] else ("post",),
        user=user,
    )


@admin.register(WordPressPost)
class WordPressPostAdmin(admin.ModelAdmin):
    list_display = ["article", "post_id", "link", "imported_at"]
    list_select_related = ["article"]
    search_fields = ["article__title", "link", "guid"]
    change_list_template = "admin/articles/wordpress/change_list.html"

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.add_article")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="articles_wordpresspost_import"), *super().get_urls()]

    def import_view(self, request):
        if not request.user.has_perm("articles.add_article"):
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self.confirm(request)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            return self.dry_run(request, form)
        return self.render(request, "upload.html", "Import from WordPress", form=form)

    def dry_run(self, request, form):
        name = secrets.token_hex(16)
        stored = _stored(name)
        stored.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _forget_stale_uploads()
        with stored.open("wb") as out:
            for chunk in form.cleaned_data["file"].chunks():
                out.write(chunk)
        choices = {
            "status": form.cleaned_data["status"],
            "default_type": form.cleaned_data["default_type"].slug,
            "include_pages": form.cleaned_data["include_pages"],
        }
        try:
            with stored.open("rb") as file:
                report = import_file(file, _options(choices, request.user, dry_run=True))
        except WxrError as exc:
            stored.unlink(missing_ok=True)
            form.add_error("file", str(exc))
            return self.render(request, "upload.html", "Import from WordPress", form=form)
        token = signing.dumps({"file": name, "user": request.user.pk, **choices}, salt=TOKEN_SALT)
        return self.render(
            request, "report.html", "Import from WordPress: what it would do", report=report, token=token
        )

    def confirm(self, request):
        upload = reverse("admin:articles_wordpresspost_import")
        try:
            data = signing.loads(request.POST["token"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        except signing.SignatureExpired:
            messages.error(request, "That upload waited more than an hour; upload the export again.")
            return redirect(upload)
        except signing.BadSignature:
            messages.error(request, "That confirmation is not valid; upload the export again.")
            return redirect(upload)
        stored = _stored(data["file"])
        if data["user"] != request.user.pk or not stored.exists():
            messages.error(request, "That upload is no longer waiting (imported or cancelled); upload it again.")
            return redirect(upload)
        if "cancel" in request.POST:
            stored.unlink(missing_ok=True)
            messages.info(request, "Cancelled: nothing was imported.")
            return redirect(upload)
        try:
            with stored.open("rb") as file:
                report = import_file(file, _options(data, request.user, dry_run=False))
        finally:
            stored.unlink(missing_ok=True)
        return self.render(request, "report.html", "Imported from WordPress", report=report)

    def render(self, request, template, title, **context):
        return TemplateResponse(
            request,
            f"admin/articles/wordpress/{template}",
            {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **context},
        )
