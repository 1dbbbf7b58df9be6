"""The languages the Center publishes and holds conferences in (ISO 639-1 codes)."""

from django.db import models

#: The language of the site's own words (its interface and most pieces), and its tag on pages.
SITE_LANGUAGE = "en"
SITE_LANGUAGE_TAG = "en-GB"


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    AZERBAIJANI = "az", "Azerbaijani"
    RUSSIAN = "ru", "Russian"
    ARMENIAN = "hy", "Armenian"
    TURKISH = "tr", "Turkish"
    PERSIAN = "fa", "Persian"
    GEORGIAN = "ka", "Georgian"
