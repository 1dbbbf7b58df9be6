"""One policy for typed text (caucasuscenter/shared/text.py): the rule's tables, then each
family tried through the real public forms and the editors' admin, checking what is stored and
what is shown (HTML parsed)."""

import unicodedata
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError

from caucasuscenter.shared.text import clean_line, clean_text, email_display, fold, validate_public_email

pytestmark = pytest.mark.django_db

# ---------- The rule, as tables ----------

#: Format characters (category Cf) that are removed wherever they stand.
INVISIBLES = ["\u200b", "\ufeff", "\u00ad", "\u2060", "\u2061", "\u2063", "\u180e", "\U000e0041", "\u200c", "\u200d"]
#: Control characters refused in every field (tab and line feed are allowed in a text area).
CONTROLS = ["\x00", "\x01", "\x07", "\x08", "\x1b", "\x7f", "\x85", "\x9b", "\x9f", "\x0b", "\x0c"]
#: Line breaks in their several spellings: refused on one line, ``\n`` in a text area.
LINE_BREAKS = ["\n", "\r", "\r\n", "\u2028", "\u2029"]
#: Direction controls opened and not closed on their line, or closed without being opened, or crossed.
UNBALANCED = ["\u202e", "\u202b", "\u202a", "\u202d", "\u2066", "\u2067", "\u2068", "\u202c", "\u2069"]
UNBALANCED += ["\u202b\u2066x\u202c\u2069", "\u2067x\n\u2069"]
BALANCED = ["\u202bשלום\u202c", "\u2067سلام\u2069 and \u2066x\u2069", "\u200fא\u200e", "\u202a\u2067x\u2069\u202c"]
#: Joiners that words of these scripts need: kept.
KEPT_JOINERS = [
    "می\u200cخواهم",  # Persian: ZWNJ between letters
    "क्\u200dष",  # Devanagari: ZWJ after a virama
    "ക്\u200dക",  # Malayalam chillu
    "ශ්\u200dරී",  # Sinhala
    "👨\u200d👩\u200d👧",  # an emoji family
]
#: Joiners that nothing needs: removed.
DROPPED_JOINERS = [("pol\u200dicy", "policy"), ("Мос\u200cква", "Москва"), ("\u200cمی", "می"), ("a\u200d👍", "a👍")]


@pytest.mark.parametrize("invisible", INVISIBLES)
@pytest.mark.parametrize("clean", [clean_line, clean_text])
def test_format_characters_are_removed(clean, invisible):
    assert clean(f"pol{invisible}icy{invisible}") == "policy"


@pytest.mark.parametrize("control", CONTROLS)
@pytest.mark.parametrize("clean", [clean_line, clean_text])
def test_control_characters_are_refused_naming_the_character(clean, control):
    with pytest.raises(ValidationError) as caught:
        clean(f"Baku{control} 2024")
    assert caught.value.code == "control_character"
    assert f"U+{ord(control):04X}" in caught.value.messages[0]


@pytest.mark.parametrize("line_break", LINE_BREAKS)
def test_a_line_break_is_refused_on_one_line_and_becomes_a_newline_in_a_text_area(line_break):
    with pytest.raises(ValidationError) as caught:
        clean_line(f"Subject{line_break}Bcc: someone@example.org")
    assert caught.value.messages == ["Keep this on one line: it holds a line break."]
    assert clean_text(f"one{line_break}two\tthree") == "one\ntwo\tthree"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("Mamme\u0301dov", "Mammédov"), ("\u1100\u1161", "가"), ("A\u030a", "Å"), ("\u0069\u0307", "i\u0307")],
)
def test_text_is_stored_in_nfc(typed, stored):
    assert clean_line(typed) == stored == unicodedata.normalize("NFC", stored)


@pytest.mark.parametrize("text", UNBALANCED)
@pytest.mark.parametrize("clean", [clean_line, clean_text])
def test_unbalanced_direction_controls_are_refused(clean, text):
    if clean is clean_line and "\n" in text:
        text = text.replace("\n", " ")  # on one line it balances; the text area's case is the next line's
        assert clean(text)
        return
    with pytest.raises(ValidationError) as caught:
        clean(f"Name {text} end")
    assert caught.value.code == "unbalanced_direction"


@pytest.mark.parametrize("text", BALANCED)
def test_balanced_direction_controls_and_marks_are_kept(text):
    assert clean_line(text) == text


@pytest.mark.parametrize("word", KEPT_JOINERS)
def test_joiners_are_kept_inside_words_of_scripts_that_need_them(word):
    assert clean_line(word) == word


@pytest.mark.parametrize(("typed", "stored"), DROPPED_JOINERS)
def test_joiners_are_removed_where_no_script_needs_them(typed, stored):
    assert clean_line(typed) == stored


@pytest.mark.parametrize(
    "same", ["Policy", "policy", "POLICY", "pol\u200bicy", "Ｐｏｌｉｃｙ", " policy ", "po\u00adlicy"]
)
def test_fold_makes_one_name_of_case_width_and_invisible_variants(same):
    assert fold(same) == fold("Policy") == "policy"


@pytest.mark.parametrize(
    "address",
    ["anna@localhost", "anna@mail.localhost", "anna@[127.0.0.1]", "anna@[::1]", "anna@intranet.local"]
    + ["anna@host.internal", "anna@x.test", "anna@abc.onion", "anna@home.arpa", "anna@box.lan"],
)
def test_an_address_without_a_public_domain_is_refused(address):
    with pytest.raises(ValidationError) as caught:
        validate_public_email(address)
    assert caught.value.code == "private_domain"


@pytest.mark.parametrize("address", ["anna@example.org", "anna@ysu.am", "анна@пример.рф", "ann@bücher.de"])
def test_an_address_at_a_public_domain_is_accepted(address):
    validate_public_email(address)


@pytest.mark.parametrize(
    ("address", "ascii_address", "mixed"),
    [
        ("anna@example.org", "", []),
        ("anna@пример.рф", "anna@xn--e1afmkfd.xn--p1ai", []),
        ("anna@p\u0430ypal.com", "anna@xn--pypal-4ve.com", ["p\u0430ypal"]),  # a Cyrillic а in a Latin name
        ("anna@ex\u03bfmple.org", "anna@xn--exmple-j0e.org", ["ex\u03bfmple"]),  # a Greek ο
    ],
)
def test_an_address_is_described_with_its_punycode_and_mixed_scripts(address, ascii_address, mixed):
    assert email_display(address) == (address, ascii_address, mixed)


# ---------- Reading pages ----------


class Elements(HTMLParser):
    """Every element's tag, attributes and text (the text of what it contains, white space collapsed)."""

    VOID = {"br", "img", "input", "link", "meta", "hr", "source", "wbr"}

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.found, self.open = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": ""}
        self.found.append(element)
        if tag not in self.VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        while self.open and self.open.pop()["tag"] != tag:
            pass

    def handle_data(self, data):
        for element in self.open:
            element["text"] += data

    def texts(self, tag=None, **attrs):
        return [
            " ".join(e["text"].split())
            for e in self.found
            if (tag is None or e["tag"] == tag) and all(e["attrs"].get(k) == v for k, v in attrs.items())
        ]

    def inputs(self, name):
        return [e["attrs"] for e in self.found if e["attrs"].get("name") == name]


def page(response):
    assert response.status_code == 200, response.status_code
    return Elements(response.content.decode())
