"""One policy for text a person types, in the public forms and in the editors' admin.

Every character field of a form that uses ``TypedTextMixin`` (every public form, every
editors' admin form) passes through ``clean_line`` (a single-line field: a name, a title,
anything that may become a mail header) or ``clean_text`` (a text area) before Django's own
cleaning, so what is stored, compared and mailed is already clean:

1. Unicode NFC; line endings (CR LF, CR, U+2028, U+2029) become ``\\n`` in a text area.
2. Control characters (C0 and C1, DEL) are refused with a message naming the character, except
   tab and line feed in a text area. A line break in a single-line field is refused.
3. Direction controls (embeddings, overrides, isolates) must be closed on the line that opens
   them (``unbalanced_direction``); balanced ones, and the marks LRM, RLM and ALM, are kept.
4. Other format characters (Unicode category Cf: zero-width space, BOM, soft hyphen, word
   joiner, invisible operators, tag characters …) are removed. The zero-width joiner and
   non-joiner stay only between letters (or marks) of a script that needs them (Arabic,
   Persian, Syriac, the Indic scripts, Sinhala, Mongolian …) or inside an emoji sequence.

``fold`` is the form under which two texts are "the same" (tags, duplicate checks): cleaned,
case-folded, compatibility-normalised, white space collapsed.

URL fields accept only ``http`` and ``https`` (``HTTP_SCHEMES``). Email addresses are described
for editors by ``email_display`` (the domain in punycode beside its Unicode form, and whether a
label mixes scripts); ``validate_public_email`` refuses addresses without a public domain.
"""

import ipaddress
import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

HTTP_SCHEMES = ["http", "https"]
URL_SCHEME_MESSAGE = _("Enter a web address starting with http:// or https://, such as https://example.org.")

ZWNJ, ZWJ = "\u200c", "\u200d"
LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029]")
#: Opening direction controls and the closer each needs: LRE RLE LRO RLO → PDF; LRI RLI FSI → PDI.
BIDI_OPENERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c"}
BIDI_OPENERS |= {"\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}
BIDI_CLOSERS = {"\u202c", "\u2069"}
BIDI_MARKS = {"\u200e", "\u200f", "\u061c"}
KEPT_FORMAT = BIDI_MARKS | set(BIDI_OPENERS) | BIDI_CLOSERS
#: Scripts whose words use the zero-width (non-)joiner (the first word of a character's Unicode name).
JOINING_SCRIPTS = {
    "ARABIC", "SYRIAC", "NKO", "MANDAIC", "MONGOLIAN", "DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI",
    "ORIYA", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM", "SINHALA", "MYANMAR", "KHMER", "TIBETAN", "LAO",
}  # fmt: skip
#: Top-level domains that are never public (RFC 6761, 6762, 7686, 8375, ICANN's .internal).
PRIVATE_TLDS = {"localhost", "local", "internal", "invalid", "test", "onion", "arpa", "lan", "home", "corp"}
PRIVATE_DOMAIN_MESSAGE = _(
    "Enter an address at a public domain, such as name@example.org; %(domain)s cannot receive mail from us."
)


def _name(char):
    return f"U+{ord(char):04X} {unicodedata.name(char, 'control character')}"


def _script(char):
    return unicodedata.name(char, "").split(" ", 1)[0]


def _is_emoji(char):
    return unicodedata.category(char) == "So" or 0x1F3FB <= ord(char) <= 0x1F3FF


def _keeps_joiner(text, i):
    before, after = text[i - 1] if i else "", text[i + 1] if i + 1 < len(text) else ""
    if not before or not after:
        return False
    if text[i] == ZWJ and _is_emoji(before) and _is_emoji(after):
        return True
    return all(unicodedata.category(c)[0] in "LM" and _script(c) in JOINING_SCRIPTS for c in (before, after))


def strip_invisible(text):
    """``text`` without format characters (Cf), keeping direction controls and needed joiners."""
    return "".join(
        c
        for i, c in enumerate(text)
        if unicodedata.category(c) != "Cf" or c in KEPT_FORMAT or (c in (ZWJ, ZWNJ) and _keeps_joiner(text, i))
    )


def _check_direction(line):
    stack = []
    for char in line:
        if char in BIDI_OPENERS:
            stack.append(char)
        elif char in BIDI_CLOSERS:
            if not stack or BIDI_OPENERS[stack[-1]] != char:
                raise ValidationError(
                    _("This text closes a direction that it never opened (%(char)s); remove it and try again."),
                    code="unbalanced_direction",
                    params={"char": _name(char)},
                )
            stack.pop()
    if stack:
        raise ValidationError(
            _(
                "This text changes the writing direction (%(char)s) without changing it back on the same line; "
                "remove the invisible direction character and try again."
            ),
            code="unbalanced_direction",
            params={"char": _name(stack[-1])},
        )


def _check_controls(text, allowed):
    for char in text:
        if unicodedata.category(char) == "Cc" and char not in allowed:
            if char == "\n":
                raise ValidationError(_("Keep this on one line: it holds a line break."), code="line_break")
            raise ValidationError(
                _(
                    "This text holds an invisible control character (%(char)s) that cannot be stored; "
                    "remove it (retyping the text around it is enough) and try again."
                ),
                code="control_character",
                params={"char": _name(char)},
            )


def clean_line(value):
    """A single-line field's value by the policy above (ValidationError when refused)."""
    value = unicodedata.normalize("NFC", LINE_BREAKS.sub("\n", value))
    _check_controls(value, allowed={"\t"})
    _check_direction(value)
    return strip_invisible(value).replace("\t", " ")


def clean_text(value):
    """A multi-line field's value by the policy above (ValidationError when refused)."""
    value = unicodedata.normalize("NFC", LINE_BREAKS.sub("\n", value))
    _check_controls(value, allowed={"\t", "\n"})
    for line in value.split("\n"):
        _check_direction(line)
    return strip_invisible(value)


def fold(value):
    """The form under which two typed texts are the same: ``Policy`` = ``policy`` = ``pol\\u200bicy``."""
    text = strip_invisible(unicodedata.normalize("NFKC", value or ""))
    text = "".join(c for c in text if c not in KEPT_FORMAT)
    return " ".join(unicodedata.normalize("NFKC", text.casefold()).split())


def validate_public_email(value):
    """Refuse an address whose domain is no public one: localhost, an IP literal, one label, a private TLD.

    Only a valid address is judged, so an invalid one gets only the EmailField's own message.
    """
    try:
        validate_email(value)
    except ValidationError:
        return
    domain = value.rpartition("@")[2].strip().rstrip(".").lower()
    labels = domain.split(".")
    literal = domain.startswith("[") or _is_ip(domain)
    if literal or len(labels) < 2 or labels[-1] in PRIVATE_TLDS or labels[-1].isdigit():
        raise ValidationError(PRIVATE_DOMAIN_MESSAGE, code="private_domain", params={"domain": domain or value})


def _is_ip(domain):
    try:
        ipaddress.ip_address(domain)
    except ValueError:
        return False
    return True


def email_display(address):
    """``(address, punycode address or "", mixed-script labels)`` for showing an address to editors."""
    local, _at, domain = (address or "").rpartition("@")
    if not domain or domain.isascii():
        return address, "", []
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        ascii_domain = ""
    mixed = [label for label in domain.split(".") if len(_letter_scripts(label)) > 1]
    return address, f"{local}@{ascii_domain}" if ascii_domain else "", mixed


def _letter_scripts(label):
    return {_script(c) for c in label if unicodedata.category(c).startswith("L")}


def isolated(value):
    """``value`` as HTML in a ``<bdi>``, so a right-to-left name or title cannot reorder what follows it."""
    return format_html("<bdi>{}</bdi>", value)


def email_html(address):
    """An address as editors see it: the Unicode form, its punycode beside it, a warning on mixed scripts."""
    address, ascii_address, mixed = email_display(address)
    if not address:
        return None
    html = format_html('<bdi class="email">{}</bdi>', address)
    if ascii_address:
        html = format_html('{} (<code class="email-ascii">{}</code>)', html, ascii_address)
    for label in mixed:
        html = format_html(
            '{} <strong class="email-warning">Mixed scripts in “{}” ({}): check this address with its sender.</strong>',
            html,
            label,
            ", ".join(sorted(s.title() for s in _letter_scripts(label))),
        )
    return html


def email_note(address):
    """The same as plain text, for a form field's help text; empty for a plain ASCII address."""
    address, ascii_address, mixed = email_display(address)
    notes = [f"Written in ASCII: {ascii_address}."] if ascii_address else []
    notes += [f"Mixed scripts in “{label}”: check this address with its sender." for label in mixed]
    return " ".join(notes)


def _install(field, clean):
    to_python = field.to_python

    def cleaned_to_python(value):
        if isinstance(value, str):
            value = clean(value)
        return to_python(value)

    field.to_python = cleaned_to_python


class TypedTextMixin:
    """Puts every character field of a form under this policy, and every URL field under http(s).

    Text areas are multi-line; every other character field (names, titles, emails, slugs) is
    single-line. Text inputs and text areas get ``dir="auto"``, so a right-to-left name shows
    as typed while it is edited. With ``describe_emails`` (the admin's forms), an email field
    holding an address at a non-ASCII domain says its punycode and warns of mixed scripts.
    """

    describe_emails = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            email = isinstance(field, forms.EmailField) and self.describe_emails
            if email and (note := email_note(self.initial.get(name) or "")):
                field.help_text = " ".join(filter(None, [str(field.help_text), note]))
            if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.HiddenInput):
                continue
            multiline = isinstance(field.widget, forms.Textarea)
            _install(field, clean_text if multiline else clean_line)
            if isinstance(field, forms.URLField):
                field.validators = [v for v in field.validators if not isinstance(v, URLValidator)]
                field.validators.append(URLValidator(schemes=HTTP_SCHEMES, message=URL_SCHEME_MESSAGE))
            elif isinstance(field.widget, forms.TextInput | forms.Textarea):
                field.widget.attrs.setdefault("dir", "auto")


class TypedTextModelForm(TypedTextMixin, forms.ModelForm):
    """The admin's base form (``ModelAdmin.form``): the model's fields under the typed-text policy."""
