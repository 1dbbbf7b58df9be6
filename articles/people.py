"""Who writes: authors (people and institutions such as the Center), the roles a byline gives them,
and how a byline reads (“By A and B, with C · Interview by D · Translated by E”).

The models live in ``articles.models``' app; this module keeps them apart from the pieces they write.
"""

import html
import re

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import npgettext, pgettext

from caucasuscenter.shared.links import slug_url

from .fields import SanitizedHTMLField
from .images import ReencodedImageField


class SlugNaturalKeyManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class AuthorQuerySet(models.QuerySet):
    def people_first(self):
        """People in alphabetical order, then institutional authors (the Center, its staff)."""
        return self.order_by("is_organisation", "name", "pk")

    def with_published_counts(self):
        """Each author with ``published_count``: the published pieces they are credited on."""
        from .models import Article  # the pieces are defined beside the bylines that credit these authors

        now = timezone.now()
        published = Q(articles__status=Article.Status.PUBLISHED, articles__published_at__lte=now)
        return self.annotate(published_count=Count("articles", filter=published))


class AuthorManager(SlugNaturalKeyManager.from_queryset(AuthorQuerySet)):
    def the_center(self):
        """The Center's own byline: the institutional author named by ``settings.SITE["author_slug"]``
        (one record, so renaming it renames every byline, feed and citation of the Center's pieces)."""
        return self.filter(slug=settings.SITE["author_slug"]).first()


class Author(models.Model):
    twitter_validator = RegexValidator(
        r"^[A-Za-z0-9_]{1,15}$", "A Twitter/X handle has 1–15 letters, digits or underscores, without the @."
    )

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    is_organisation = models.BooleanField(
        "institutional author",
        default=False,
        help_text="Tick for an organisation or a desk (the Center, its staff) rather than a person: it is "
        "listed after the people on the authors page and cited by its full name.",
    )
    job_title = models.CharField(max_length=200, blank=True, help_text="E.g. “Policy analyst”.")
    expertise = models.CharField(
        max_length=300,
        blank=True,
        help_text="What they write about, shown on their page, e.g. “Regional security in the South Caucasus”.",
    )
    affiliation = models.CharField(max_length=200, blank=True)
    short_bio = models.CharField(max_length=400, blank=True, help_text="One or two sentences for bylines and lists.")
    bio = SanitizedHTMLField(blank=True)
    photo = ReencodedImageField(
        "portrait", upload_to="authors/", blank=True, size_fields=("photo_width", "photo_height")
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    twitter = models.CharField(
        "Twitter/X handle", max_length=15, blank=True, validators=[twitter_validator], help_text="Without the @."
    )
    website = models.URLField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text="The login of this author, if they have one.",
    )

    objects = AuthorManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("articles:author", self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def twitter_url(self):
        return f"https://twitter.com/{self.twitter}" if self.twitter else ""

    @property
    def is_the_center(self):
        return self.slug == settings.SITE["author_slug"]

    @property
    def initials(self):
        """The letters a portrait-less card shows: “FS” for Fuad Shahbazov; an organisation's capitals
        (“CCSIS” for the Caucasus Center for Strategic and International Studies)."""
        words = [word for word in re.split(r"[\s\-]+", self.name) if word[:1].isalpha()]
        if self.is_organisation:
            capitals = [word[0] for word in words if word[0].isupper() and word.casefold() != "the"]
            return "".join(capitals[:5]) or self.name[:1].upper()
        if not words:
            return self.name[:1].upper()
        return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper()

    @property
    def card_bio(self):
        """The short bio of an author card: ``short_bio``, else the first sentence of the bio."""
        if self.short_bio:
            return self.short_bio
        return first_sentence(html.unescape(strip_tags(self.bio)))

    @property
    def description_line(self):
        """“Policy analyst, Some University”: the job title and affiliation, as far as they are known."""
        return ", ".join(part for part in (self.job_title, self.affiliation) if part)


SENTENCE_END = re.compile(r"[.!?…][”’\"]?\s+(?=[A-Z“‘\"(])")
NOT_AN_END = re.compile(r"(?:\b[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|Prof|St|No|Vol|Jr|Sr|Gen|Col|Lt))[.]?$")


def first_sentence(text, limit=400):
    """The first sentence of ``text`` (or the whole text, up to ``limit`` characters, if it has no
    end); a full stop after an initial or a title (“U.S.”, “Dr.”) does not end it."""
    text = " ".join(text.split())
    sentence = text
    for match in SENTENCE_END.finditer(text):
        if not NOT_AN_END.search(text[: match.start() + 1]):
            sentence = text[: match.end()].rstrip()
            break
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


class BylineRole(models.TextChoices):
    BY = "by", "By (author)"
    WITH = "with", "With (co-writer)"
    INTERVIEW_BY = "interview_by", "Interview by (interviewer)"
    TRANSLATED_BY = "translated_by", "Translated by (translator)"


def byline_clauses(authorships):
    """``[[("By", [A, B]), (", with", [C])], [("Interview by", [D])], [("Translated by", [E])]]``."""
    groups = {role: [] for role in BylineRole.values}
    for authorship in authorships:
        groups[authorship.role].append(authorship.author)
    Role = BylineRole
    first = []
    # The words before each role's names, in the interface language (a translation keeps the comma).
    if groups[Role.BY]:
        first.append((npgettext("byline", "By", "By", len(groups[Role.BY])), groups[Role.BY]))
    if groups[Role.WITH]:
        first.append((pgettext("byline", ", with") if first else pgettext("byline", "With"), groups[Role.WITH]))
    clauses = [first] if first else []
    if groups[Role.INTERVIEW_BY]:
        clauses.append([(pgettext("byline", "Interview by"), groups[Role.INTERVIEW_BY])])
    if groups[Role.TRANSLATED_BY]:
        clauses.append([(pgettext("byline", "Translated by"), groups[Role.TRANSLATED_BY])])
    return clauses


def names_in_text(names):
    """“A”, “A and B”, “A, B and C”."""
    names = list(names)
    if len(names) < 2:
        return names[0] if names else ""
    return ", ".join(names[:-1]) + " " + pgettext("between the last two names", "and") + " " + names[-1]


def byline_text(article):
    """The byline as plain text: “By A and B, with C · Interview by D · Translated by E”."""
    clauses = []
    for clause in article.byline_clauses:
        text = ""
        for words, authors in clause:
            text += ("" if words.startswith(",") or not text else " ") + f"{words} "
            text += names_in_text(author.name for author in authors)
        clauses.append(text)
    return " · ".join(clauses)
