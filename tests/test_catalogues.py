"""The interface catalogues (locale/<code>/LC_MESSAGES/django.po) are whole and current: every string
we mark in the code and templates is in each of them, translated, nothing fuzzy, and each committed
.mo says what its .po says. They need GNU gettext's tools (Debian's gettext), as makemessages does."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
#: What scripts/update-catalogues reads (the rest of the project has no string of the public site).
SOURCES = ["alerts", "articles", "caucasuscenter", "conferences", "templates"]
IGNORED = ["templates/admin", "*/management", "*/migrations"]


def catalogue(language, suffix="po"):
    return LOCALE / language / "LC_MESSAGES" / f"django.{suffix}"


def gettext_tool(*args):
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def test_every_interface_language_has_a_catalogue():
    assert LANGUAGES == ["az", "ru", "tr"]
    assert [catalogue(code).exists() for code in LANGUAGES] == [True, True, True]


@pytest.mark.parametrize("language", ["az", "ru", "tr"])
def test_a_shipped_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    po = str(catalogue(language))
    gettext_tool("msgfmt", "--check", "--output-file=/dev/null", po)  # formats, plural forms, header
    untranslated = gettext_tool("msgattrib", "--untranslated", "--no-obsolete", po)
    fuzzy = gettext_tool("msgattrib", "--only-fuzzy", "--no-obsolete", po)
    assert (untranslated, fuzzy) == ("", "")


@pytest.mark.parametrize(("language", "forms"), [("az", 2), ("ru", 3), ("tr", 2)])
def test_a_catalogue_says_its_language_and_its_plural_forms(language, forms):
    header = catalogue(language).read_text().split("\n\n", 1)[0]
    assert f'"Language: {language}\\n"' in header
    assert f"nplurals={forms};" in header


@pytest.mark.parametrize("language", ["az", "ru", "tr"])
def test_the_committed_mo_says_what_its_po_says(tmp_path, language):
    fresh = tmp_path / "django.mo"
    gettext_tool("msgfmt", "--check", f"--output-file={fresh}", str(catalogue(language)))
    with fresh.open("rb") as new, catalogue(language, "mo").open("rb") as committed:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(new)._catalog, (
            f"locale/{language}/LC_MESSAGES/django.mo is stale: run scripts/update-catalogues"
        )


def test_every_string_we_mark_is_in_every_catalogue(tmp_path, monkeypatch, settings):
    """makemessages into a copy of the sources, then msgcmp: each catalogue must hold every msgid found."""
    for name in SOURCES:
        shutil.copytree(Path(settings.BASE_DIR) / name, tmp_path / name, ignore=shutil.ignore_patterns("locale"))
    (tmp_path / "locale").mkdir()
    monkeypatch.chdir(tmp_path)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    call_command("makemessages", locale=["az"], ignore_patterns=IGNORED, no_obsolete=True, verbosity=0)
    found = tmp_path / "locale" / "az" / "LC_MESSAGES" / "django.po"
    assert "msgid" in found.read_text()
    for language in LANGUAGES:
        result = subprocess.run(["msgcmp", str(catalogue(language)), str(found)], capture_output=True, text=True)
        assert result.returncode == 0, f"{language}: {result.stderr}\nrun scripts/update-catalogues and translate"
