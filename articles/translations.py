"""Pieces that are translations of one another.

A translation names its original (``Article.translation_of``); the original and all its
translations are one *group*, one piece per language. The original is never itself a translation
(no chains), and no two pieces of a group share a language: ``validate_translation()`` explains each
mistake to the editor, and a unique constraint on ``(translation_of, language)`` holds in the
database.

Readers see only the published members of a group (``Article.objects.published()`` pieces):

- a piece's page names the others ("Also in: Azərbaycanca · Русский") and lists every member as a
  ``hreflang`` alternate (``alternates()``), as does ``sitemap.xml``;
- a list shows one card per group (``ArticleQuerySet.one_per_translation_group()``): the member in
  the reader's language where the list holds one, else the original, else the earliest published.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import get_language, gettext

from caucasuscenter.shared.languages import SITE_LANGUAGE, Language

#: Each language named in itself, as a reader looking for their language finds it.
ENDONYMS = {
    Language.ENGLISH: "English",
    Language.AZERBAIJANI: "Azərbaycanca",
    Language.RUSSIAN: "Русский",
    Language.ARMENIAN: "Հայերեն",
    Language.TURKISH: "Türkçe",
    Language.PERSIAN: "فارسی",
    Language.GEORGIAN: "ქართული",
}
RIGHT_TO_LEFT = {Language.PERSIAN, "ar", "he", "ur"}
LANGUAGE_ORDER = {code: position for position, code in enumerate(Language.values)}


def direction(language):
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"


def reader_language():
    """The language the reader chose for the interface (``get_language()``), as our pieces' codes
    name it: ``en-gb`` is ``en``."""
    return (get_language() or SITE_LANGUAGE).split("-")[0].lower()


def group_key(article):
    """The id of a piece's group: its original's, or its own."""
    return article.translation_of_id or article.pk


class TranslationQuerySet(models.QuerySet):
    """The translation vocabulary of ``ArticleQuerySet``."""

    def in_translation_group(self, group):
        """The pieces of the group whose original has the id ``group`` (an expression or a number)."""
        return self.filter(Q(pk=group) | Q(translation_of_id=group))

    def translations_of(self, article):
        """The other pieces of ``article``'s group (``published().translations_of(a)`` for readers)."""
        return self.in_translation_group(group_key(article)).exclude(pk=article.pk)

    def with_its_translations(self, **lookup):
        """The piece found by ``lookup`` (``slug=…``) and the other pieces of its group, in one query
        (those of this queryset: ``published()`` ones for readers); empty when this queryset does not
        hold the piece."""
        wanted = self.filter(**lookup).values(group=Coalesce("translation_of_id", "pk"))[:1]
        return self.in_translation_group(models.Subquery(wanted))

    def one_per_translation_group(self, language):
        """One piece per group among the pieces of this queryset: the one in ``language`` where it
        holds one, else the group's original, else (the original not being here: a draft, or not in
        this list) its earliest published piece. A piece with no translations is its own group.

        In the database: ``EXISTS`` subqueries over this same queryset (its filters included), so a
        list keeps its number of queries and its paginator counts cards, not pieces."""
        return self.filter(self.card_in(language))

    def card_in(self, language):
        """The condition ``one_per_translation_group(language)`` keeps a piece of this queryset on."""
        pool = self.order_by()
        members = pool.in_translation_group(Coalesce(OuterRef("translation_of_id"), OuterRef("pk")))
        in_language = members.filter(language=language)
        original_here = pool.filter(pk=OuterRef("translation_of_id"))
        same_time = Q(published_at=OuterRef("published_at"), pk__lt=OuterRef("pk"))
        earlier = members.filter(Q(published_at__lt=OuterRef("published_at")) | same_time)
        first_of_group = Q(translation_of__isnull=True) | (~Exists(original_here) & ~Exists(earlier))
        return Q(language=language) | (~Exists(in_language) & first_of_group)


def validate_translation(article):
    """``{field: message}`` for every way ``article``'s link to its original is wrong (empty if none)."""
    original = article.translation_of
    if original is None:
        return _validate_original(article)
    if article.pk and original.pk == article.pk:
        return {"translation_of": gettext("A piece cannot be a translation of itself.")}
    if article.pk and original.translation_of_id == article.pk:
        return {
            "translation_of": gettext("“%(original)s” is a translation of this piece, so it cannot be its original.")
            % {"original": original.title}
        }
    if article.pk and article.translations.exists():
        return {
            "translation_of": gettext(
                "This piece has translations of its own, so it is an original: it cannot also be a translation. "
                "Link its translations to “%(original)s” first."
            )
            % {"original": original.title}
        }
    if original.translation_of_id:
        return {
            "translation_of": gettext(
                "“%(original)s” is itself a translation (of “%(first)s”): choose the original, “%(first)s”."
            )
            % {"original": original.title, "first": original.translation_of.title}
        }
    if original.language == article.language:
        return {
            "language": gettext(
                "A translation is in another language than its original (“%(original)s” is in %(language)s)."
            )
            % {"original": original.title, "language": original.get_language_display()}
        }
    twin = original.translations.exclude(pk=article.pk).filter(language=article.language).first()
    if twin:
        return {
            "language": gettext("“%(twin)s” already is the %(language)s translation of “%(original)s”.")
            % {"twin": twin.title, "language": article.get_language_display(), "original": original.title}
        }
    return {}


def _validate_original(article):
    """An original's language must stay apart from its translations' languages."""
    if not article.pk:
        return {}
    twin = article.translations.filter(language=article.language).first()
    if twin:
        return {
            "language": gettext("“%(twin)s”, a translation of this piece, is already in %(language)s.")
            % {"twin": twin.title, "language": article.get_language_display()}
        }
    return {}


# --- What a piece's page shows of its group ------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    """A published piece of a group, as a link to it: its language, named in itself, and address."""

    article: object
    is_current: bool = False

    @property
    def language(self):
        return self.article.language

    @property
    def endonym(self):
        return ENDONYMS.get(self.language, self.article.get_language_display())

    @property
    def direction(self):
        return direction(self.language)

    @property
    def url(self):
        return self.article.get_absolute_url()


def versions(article, members):
    """Every published piece of ``article``'s group (``members``, ``article`` among them or not), in
    the languages' order, as ``Version``s; empty when the piece has no published translation."""
    others = [member for member in members if member.pk != article.pk]
    if not others:
        return []
    group = [article, *others]
    group.sort(key=lambda member: (LANGUAGE_ORDER.get(member.language, len(LANGUAGE_ORDER)), member.pk))
    return [Version(member, member.pk == article.pk) for member in group]


def default_version(group):
    """Where ``hreflang="x-default"`` points: the original, else the earliest published piece."""
    originals = [version for version in group if version.article.translation_of_id is None]
    return (originals or sorted(group, key=lambda version: (version.article.published_at, version.article.pk)))[0]


def alternates(group, absolute):
    """``[(hreflang, absolute URL)]`` for the head of a piece's page and for the sitemap: every
    published piece of the group, itself included, and ``x-default`` (``default_version()``)."""
    if not group:
        return []
    links = [(version.language, absolute(version.url)) for version in group]
    return [*links, ("x-default", absolute(default_version(group).url))]


def published_translations(articles):
    """``{piece id: [its group's other published pieces, in the languages' order]}`` for ``articles``
    (pieces of one model), in one query whatever their number (none for no pieces)."""
    articles = list(articles)
    if not articles:
        return {}
    keys = {group_key(article) for article in articles}
    published = type(articles[0]).objects.published().filter(Q(pk__in=keys) | Q(translation_of_id__in=keys))
    members = {}
    for member in published.only("title", "slug", "language", "translation_of_id", "published_at"):
        members.setdefault(group_key(member), []).append(member)
    return {
        article.pk: [
            version.article
            for version in versions(article, members.get(group_key(article), []))
            if not version.is_current
        ]
        for article in articles
    }
