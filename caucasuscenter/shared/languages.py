"""The languages the Center publishes and holds conferences in (ISO 639-1 codes), and the languages
of the public site's interface.

The interface language is the URL's: ``/`` and every unprefixed address are British English,
``/az/``, ``/ru/`` and ``/tr/`` Azerbaijani, Russian and Turkish (``i18n_patterns`` in
caucasuscenter/urls.py, ``settings.LANGUAGES``). Neither ``Accept-Language`` nor a cookie decides it,
so a page is the same for everyone who asks for its address, and the page cache may keep it by URL.
"""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

#: The language of the site's own words (its interface and most pieces), and its tag on pages.
SITE_LANGUAGE = "en"
SITE_LANGUAGE_TAG = "en-GB"

#: The interface languages: (Django's code, the page's ``lang`` tag, the name in the language itself).
#: English first; its code is ``settings.LANGUAGE_CODE``, the one without a prefix in the URL.
INTERFACE_LANGUAGES = (
    ("en-gb", "en-GB", "English"),
    ("az", "az", "Azərbaycanca"),
    ("ru", "ru", "Русский"),
    ("tr", "tr", "Türkçe"),
)
_TAGS = {code: tag for code, tag, _name in INTERFACE_LANGUAGES}


def interface_language():
    """The active interface language's Django code (``en-gb``, ``az``, ``ru``, ``tr``)."""
    code = (translation.get_language() or INTERFACE_LANGUAGES[0][0]).lower()
    return code if code in _TAGS else INTERFACE_LANGUAGES[0][0]


def interface_language_tag():
    """The active interface language as a page's ``lang``: ``en-GB``, ``az``, ``ru`` or ``tr``."""
    return _TAGS[interface_language()]


def interface_content_language():
    """The active interface language as an article's ``language`` value: ``en``, ``az``, ``ru``, ``tr``."""
    return interface_language().split("-")[0]


def submission_language_field():
    """The interface language a form was filled in (its page's), kept on what it stored so that the
    emails to its sender are written in it: the active language when the row is made."""
    return models.CharField(
        max_length=8,
        choices=[(code, name) for code, _tag, name in INTERFACE_LANGUAGES],
        default=interface_language,
        editable=False,
        help_text="The language of the form's page; the sender's emails are written in it.",
    )


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    AZERBAIJANI = "az", _("Azerbaijani")
    RUSSIAN = "ru", _("Russian")
    ARMENIAN = "hy", _("Armenian")
    TURKISH = "tr", _("Turkish")
    PERSIAN = "fa", _("Persian")
    GEORGIAN = "ka", _("Georgian")
