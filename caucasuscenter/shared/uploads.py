"""Uploads that never vanish: one file per file field, names that can always be kept, and files
that go when the submission they came with is not stored.

- ``OneFilePerField``: a form mixin refusing a second file part for a single-file field (Django
  would keep the last one silently).
- ``safe_file_name(name)``: the name a file is stored under. A name that cannot be kept as sent
  (undecodable bytes, control or format characters, a line break, path parts, a leading dot or
  space, nothing left once cleaned) becomes ``upload-<random>.<extension>``; the extension is kept when it is plain.
"""

import secrets
import unicodedata
from pathlib import PurePosixPath

from django import forms

GENERATED = "upload"


def safe_file_name(name):
    """``name`` if it can be stored as sent, else a generated name with its (plain) extension."""
    name = unicodedata.normalize("NFC", name or "")
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    bad = (
        not base.strip(". ")
        or base[0] in ". "  # a hidden file, or a name that storage would trim
        or base[-1] in ". "
        or base != name
        or len(base) > 150
        or any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") or ch == "\ufffd" for ch in base)
    )
    if not bad:
        return base
    suffix = PurePosixPath(base).suffix.lower()
    extension = suffix if suffix[1:].isalnum() and suffix[1:].isascii() and len(suffix) <= 6 else ""
    return f"{GENERATED}-{secrets.token_hex(6)}{extension}"


class OneFilePerField:
    """A form that refuses two files sent for one single-file field (the name given twice)."""

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or self.files is None:
            return
        for name, field in self.fields.items():
            if not isinstance(field, forms.FileField) or getattr(field.widget, "allow_multiple_selected", False):
                continue
            sent = self.files.getlist(self.add_prefix(name)) if hasattr(self.files, "getlist") else []
            if len(sent) > 1:
                self.add_error(
                    name,
                    forms.ValidationError(
                        "Send one file here: %(count)s were sent. Choose the one you mean and send the form again.",
                        code="several_files",
                        params={"count": len(sent)},
                    ),
                )
