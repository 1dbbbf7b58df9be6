"""One tag per name: how a tag's name is stored, and which stored tag a name is the same as."""

from taggit.models import Tag

from caucasuscenter.shared.text import clean_line, fold


def clean_tag_name(sender, instance, **kwargs):
    """Store a tag's name in NFC, without invisible characters or runs of white space (``pre_save``)."""
    instance.name = " ".join(clean_line(instance.name or "").split())


def same_tag(name, exclude_pk=None):
    """The stored tag that ``name`` is the same as (``fold``: case, normalisation, invisibles), if any."""
    key = fold(name)
    tags = Tag.objects.exclude(pk=exclude_pk).only("pk", "name", "slug")
    return next((tag for tag in tags.iterator() if fold(tag.name) == key), None)
