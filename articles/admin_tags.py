"""Tags in the admin: one tag whatever its case, normalisation or invisible characters.

``Policy``, ``policy``, ``POLICY`` and ``pol`` + zero-width space + ``icy`` are the same tag
(``caucasuscenter.shared.text.fold``): the form refuses a second one, whatever slug the editor
types, and names the tag to use instead. Every write path stores the name cleaned
(``articles.tags.clean_tag_name``, connected to ``Tag``'s ``pre_save`` in ``articles.apps``).
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from caucasuscenter.shared.text import TypedTextModelForm, fold, isolated

from .tags import same_tag


class TagForm(TypedTextModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not fold(name):
            raise ValidationError("Enter a name made of visible characters.", code="blank_tag")
        if existing := same_tag(name, exclude_pk=self.instance.pk):
            raise ValidationError(
                "The tag “%(name)s” (%(slug)s) is the same tag; use it, or rename it.",
                code="duplicate_tag",
                params={"name": existing.name, "slug": existing.slug},
            )
        return name

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Tag.objects.exclude(pk=self.instance.pk).filter(slug__iexact=slug).exists():
            raise ValidationError("Another tag has this address (slug); choose another.", code="duplicate_slug")
        return slug.lower()


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(TaggitTagAdmin):
    form = TagForm
    list_display = ["shown_name", "slug"]

    @admin.display(description="name", ordering="name")
    def shown_name(self, tag):
        return isolated(tag.name)
