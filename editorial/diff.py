"""Readable differences between two snapshots: word by word for text, field by field for the rest.

Rich text is compared as the words a reader sees (tags stripped, entities decoded, block ends kept as
line breaks), never as raw HTML; inserted words are wrapped in ``<ins>``, removed ones in ``<del>``,
everything escaped.
"""

import difflib
import html
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|ul|ol)>|<br\s*/?>|<hr\s*/?>", re.I)
TAG = re.compile(r"<[^>]*>")
TOKEN = re.compile(r"\n|[^\S\n]+|\w+|[^\w\s]", re.U)


def visible_text(value):
    """The text of an HTML fragment as a reader sees it, one line per block."""
    text = BLOCK_END.sub("\n", value or "")
    text = html.unescape(TAG.sub("", text))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def tokens(text):
    return TOKEN.findall(text)


def word_diff(before, after):
    """``after`` compared with ``before`` (both HTML or plain text), as escaped HTML with <ins>/<del>."""
    a, b = tokens(visible_text(before)), tokens(visible_text(after))
    out = []
    for op, i1, i2, j1, j2 in _merged(difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes(), a):
        if op in ("delete", "replace"):
            out.append(_marked("del", a[i1:i2]))
        if op in ("insert", "replace"):
            out.append(_marked("ins", b[j1:j2]))
        if op == "equal":
            out.append(_escaped(a[i1:i2]))
    return mark_safe("".join(out))


def _merged(opcodes, a):
    """Changes separated only by a space read as one change: "<del>most of</del><ins>almost all</ins>"."""
    merged = []
    for opcode in opcodes:
        if (
            len(merged) >= 2
            and opcode[0] != "equal"
            and merged[-1][0] == "equal"
            and merged[-2][0] != "equal"
            and not "".join(a[merged[-1][1] : merged[-1][2]]).strip()
        ):
            merged.pop()
            first = merged.pop()
            opcode = ("replace", first[1], opcode[2], first[3], opcode[4])
        merged.append(opcode)
    return merged


def _escaped(words):
    return escape("".join(words)).replace("\n", "<br>")


def _marked(tag, words):
    text = "".join(words)
    if not text.strip():
        return _escaped(words)
    return f"<{tag}>{_escaped(words)}</{tag}>"


@dataclass
class FieldChange:
    name: str
    label: str
    before: str
    after: str
    words: str = ""  # the word diff, for long text

    @property
    def changed(self):
        return self.before != self.after


def compare(spec, before, after):
    """Every field and relation of ``spec`` (a registry ``Spec``), before and after, in the model's order."""
    names = spec.verbose_names()
    long_text = {f.name for f in spec.field_objects() if f.get_internal_type() == "TextField"}
    rows = []
    for name in spec.fields:
        old = (before or {}).get("labels", {}).get(name, "")
        new = (after or {}).get("labels", {}).get(name, "")
        old_value = (before or {}).get("fields", {}).get(name)
        new_value = (after or {}).get("fields", {}).get(name)
        if old_value != new_value and old == new:  # e.g. two rows with the same name
            old, new = f"{old} (#{old_value})", f"{new} (#{new_value})"
        change = FieldChange(name, names[name].capitalize(), old, new)
        if name in long_text and change.changed:
            change.words = word_diff(old_value or "", new_value or "")
        rows.append(change)
    for rel in spec.related:
        old = ", ".join((before or {}).get("related", {}).get(rel.accessor, {}).get("labels", []))
        new = ", ".join((after or {}).get("related", {}).get(rel.accessor, {}).get("labels", []))
        rows.append(FieldChange(rel.accessor, names[rel.accessor].capitalize(), old, new))
    return rows


def changed_only(rows):
    return [row for row in rows if row.changed]
