"""What the desk adds to an editor's form: a note on the change, and the revision the form was opened at."""

from django import forms
from django.core.exceptions import ValidationError

from .models import Revision


class DeskForm(forms.ModelForm):
    """A ``ModelAdmin``'s form with the desk's two fields. It refuses a save if someone else saved the object since the
    form was opened (``self.conflict`` is then ``(base revision, latest revision)``), keeping every
    value typed; the form's hidden base moves to the latest revision, so saving again overwrites."""

    FIELDS = ["revision_message", "base_revision"]

    revision_message = forms.CharField(
        label="Note on this change",
        required=False,
        max_length=300,
        help_text="Optional: what you changed and why, shown in the history.",
    )
    base_revision = forms.CharField(required=False, widget=forms.HiddenInput)

    conflict = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            self.fields["base_revision"].initial = Revision.objects.for_object(self.instance).latest_id() or ""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        latest = Revision.objects.for_object(self.instance).select_related("user").defer("data").first()
        base = cleaned.get("base_revision") or ""
        if latest is not None and base != str(latest.pk):
            revisions = Revision.objects.for_object(self.instance)
            opened_at = revisions.filter(pk=base).first() if base.isdigit() else revisions.order_by("pk").first()
            self.conflict = (opened_at, latest)
            data = self.data.copy()
            data[self.add_prefix("base_revision")] = str(latest.pk)
            self.data = data
            who = latest.user or "someone"
            raise ValidationError(
                f"{who} saved this {self.instance._meta.verbose_name} after you opened it; nothing was saved. "
                "Their changes are shown below and your text is still in the form: merge what you need "
                "and save again to keep your version.",
                code="edit_conflict",
            )
        return cleaned
