"""Model fields that keep what is stored safe, whatever path writes it."""

from django_prose_editor.fields import ProseEditorField, create_sanitizer

# What editors may use in rich text: paragraphs, sub-headings, lists, quotes,
# emphasis and links. The editor offers exactly this; the sanitiser allows
# exactly this.
RICH_TEXT_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
}

_sanitize = create_sanitizer(RICH_TEXT_EXTENSIONS)


def sanitize_html(html: str) -> str:
    """Return ``html`` with only the allowed tags, attributes and link schemes."""
    if not html:
        return ""
    return _sanitize(html)


class SanitizedHTMLField(ProseEditorField):
    """Rich text edited with ProseMirror and sanitised with nh3 on every write.

    ``ProseEditorField`` sanitises only in forms and ``full_clean()``; this field
    also sanitises in ``get_prep_value()``, which Django calls for ``save()``,
    ``bulk_create()``, ``update()`` and fixture loading (``loaddata`` saves
    raw), so no path can store a script.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("extensions", RICH_TEXT_EXTENSIONS)
        kwargs.setdefault("sanitize", True)
        super().__init__(*args, **kwargs)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return value
        return sanitize_html(value)

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value
