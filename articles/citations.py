"""How to cite a piece: Chicago and APA to copy, BibTeX and RIS to download. Pure functions.

Each takes an article (from ``for_reading()``, so its authors, tags and outlet are loaded) and the
absolute URL of its page. A piece first published elsewhere is cited as it first appeared (the
outlet as the periodical, its volume, issue and date) with the URL where the reader found it.

Names are split with a simple rule, the last word being the family name ("Farid Shafiyev" →
Shafiyev, Farid); an author entered as "Family, Given" is taken as written; an institutional author
(the Center, its staff) is never split.

Roles: the authors ("by"), interviewers ("interview by") and co-writers ("with") are the authors of
a citation, in byline order (Chicago names the co-writers after the others: "…, with Jane Roe").
Translators are translators where the format has a place for them (Chicago "Translated by", APA
"(J. Roe, Trans.)", BibTeX/biblatex ``translator``, RIS ``A4``) and nowhere else: never authors.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from caucasuscenter.shared.dates import DateParts, Precision, format_date, iso_date, local_date
from caucasuscenter.shared.languages import Language

from .search import fold

REPORT_SCHEMA_TYPES = {"Report"}


# --- What every format needs -----------------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    family: str
    given: str = ""
    organisation: bool = False  # an institution's name, cited whole

    @classmethod
    def of(cls, author):
        if author.is_organisation:
            return cls(" ".join(author.name.split()), organisation=True)
        return cls.parse(author.name)

    @classmethod
    def parse(cls, name):
        name = " ".join(name.split())
        if "," in name:
            family, given = (part.strip() for part in name.split(",", 1))
            return cls(family, given)
        *given, family = name.split(" ")
        return cls(family, " ".join(given))

    @property
    def inverted(self):
        """“Shafiyev, Farid”."""
        return f"{self.family}, {self.given}" if self.given else self.family

    @property
    def natural(self):
        """“Farid Shafiyev”."""
        return f"{self.given} {self.family}" if self.given else self.family

    @property
    def initials(self):
        """APA's initials: “Farid” → “F.”, “Jean-Paul” → “J.-P.”, “Anna Maria” → “A. M.”."""
        return " ".join("-".join(f"{part[0]}." for part in word.split("-") if part) for word in self.given.split())

    @property
    def key(self):
        """What a citation key starts with: the family name, or an institution's capitals (“ccsis”)."""
        if self.organisation:
            return "".join(word[0] for word in self.family.split() if word[0].isupper() and word != "The")
        return self.family


@dataclass(frozen=True)
class Work:
    """The facts a citation is made of."""

    authors: tuple[Name, ...]  # everyone credited but the translators, in byline order
    title: str
    date: object  # a datetime.date
    url: str
    kind: str  # the article type's name, e.g. "Special report"
    precision: str = Precision.DAY  # how much of ``date`` is known: the day, the month or the year
    periodical: str = ""  # the outlet that first published it, if any
    volume: str = ""
    issue: str = ""
    original_url: str = ""
    summary: str = ""
    keywords: tuple[str, ...] = ()
    language: str = ""  # its English name, e.g. "Azerbaijani"
    is_report: bool = False
    co_writers: tuple[Name, ...] = ()  # the authors credited "with" (Chicago names them last)
    translators: tuple[Name, ...] = ()

    @classmethod
    def of(cls, article, url):
        first_published = article.outlet if article.outlet_id else None
        if first_published and article.original_date:
            date, precision = article.original_date, article.original_date_precision
        else:
            date, precision = article.published_at, article.published_precision
        return cls(
            authors=tuple(Name.of(author) for author in article.cited_authors),
            co_writers=tuple(Name.of(author) for author in article.contributors),
            translators=tuple(Name.of(author) for author in article.translators),
            title=" ".join(article.title.split()),
            date=local_date(date),
            precision=precision,
            url=url,
            kind=article.kind.name,
            periodical=first_published.name if first_published else "",
            volume=article.original_volume if first_published else "",
            issue=article.original_issue if first_published else "",
            original_url=article.original_url if first_published else "",
            summary=" ".join(article.summary.split()),
            keywords=tuple(sorted((tag.name for tag in article.tags.all()), key=str.casefold)),
            language=dict(Language.choices).get(article.language, ""),
            is_report=article.kind.schema_type in REPORT_SCHEMA_TYPES,
        )


@dataclass(frozen=True)
class Citation:
    """A formatted reference: ``html`` (with italics) to show, ``text`` to paste anywhere."""

    html: SafeString
    text: str

    def __str__(self):
        return self.text


class _Builder:
    def __init__(self):
        self.parts = []

    def add(self, text, italic=False):
        if text:
            self.parts.append((text, italic))
        return self

    def build(self):
        html = "".join(f"<i>{_html(text)}</i>" if italic else _html(text) for text, italic in self.parts)
        return Citation(mark_safe(html), "".join(text for text, _italic in self.parts))  # noqa: S308 - escaped


#: From the first to the last right-to-left letter of a part (Hebrew, Arabic, Persian, Syriac, Thaana…).
_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe"
_RTL_RUN = re.compile(f"[{_RTL}](?:.*[{_RTL}])?")


def _html(text):
    """``text`` escaped, with a right-to-left title or name isolated so it cannot reorder the dates,
    numbers and punctuation around it (the typed-text policy)."""
    return _RTL_RUN.sub(lambda run: f"<bdi>{run.group()}</bdi>", escape(text))


def _sentence(text):
    """``text`` ending with a full stop, unless it already ends with punctuation."""
    return text if text[-1:] in ".?!" else text + "."


def _and(names, conjunction="and"):
    """“A”, “A and B”, “A, B, and C” (the serial comma of Chicago)."""
    names = list(names)
    if len(names) <= 2:
        return f" {conjunction} ".join(names)
    return ", ".join(names[:-1]) + f", {conjunction} " + names[-1]


# --- Chicago (17th edition, notes and bibliography: the bibliography entry) -----------------------


def chicago(article, url) -> Citation:
    """E.g. Shafiyev, Farid. “Title.” *Eurasia Daily Monitor* 20, no. 14 (January 24, 2023). URL."""
    work = Work.of(article, url)
    out = _Builder()
    main = [name for name in work.authors if name not in work.co_writers] or list(work.co_writers)
    helpers = [name for name in work.co_writers if name not in main]
    if main:
        names = [main[0].inverted] + [name.natural for name in main[1:]]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", and " + names[-1]
        if helpers:
            listed += ", with " + _and(name.natural for name in helpers)
        out.add(_sentence(listed) + " ")
    long_date = format_date(work.date, work.precision, "us")  # April 27, 2021 / April 2021 / 2021
    translated = f"Translated by {_and(name.natural for name in work.translators)}. " if work.translators else ""
    if work.periodical:
        out.add(f"“{_sentence(work.title)}” ").add(translated).add(work.periodical, italic=True)
        if work.volume or work.issue:
            numbering = (f" {work.volume}" if work.volume else "") + (f", no. {work.issue}" if work.issue else "")
            out.add(f"{numbering} ({long_date}). ")
        else:
            out.add(f", {long_date}. ")
    elif work.is_report:
        out.add(work.title, italic=True).add(f"{'' if work.title[-1:] in '.?!' else '.'} ").add(translated)
        out.add(f"{work.kind}. {settings.SITE['name']}, {long_date}. ")
    else:
        out.add(f"“{_sentence(work.title)}” ").add(translated).add(f"{settings.SITE['name']}, {long_date}. ")
    return out.add(f"{work.url}.").build()


# --- APA (7th edition) -----------------------------------------------------------------------------


def apa(article, url) -> Citation:
    """E.g. Shafiyev, F. (2023, January 24). Title. *Eurasia Daily Monitor*, *20*(14). URL"""
    work = Work.of(article, url)
    out = _Builder()
    names = [f"{name.family}, {name.initials}" if name.initials else name.family for name in work.authors]
    shown = Precision.YEAR if work.is_report and not work.periodical else work.precision
    date = f"({format_date(work.date, shown, 'apa')})"  # (2021, April 27) / (2021, April) / (2021)
    # APA's translators follow the title: "(J. Roe, Trans.)", their initials first.
    translators = [f"{name.initials} {name.family}" if name.initials else name.family for name in work.translators]
    translated = f" ({_and(translators, '&')}, Trans.)" if translators else ""

    def title():
        if work.periodical:
            out.add(work.title + translated + "." if translated else _sentence(work.title))
        else:
            out.add(work.title, italic=True).add(translated).add(f" [{work.kind}]" if work.is_report else "")
            out.add("." if work.is_report or translated or work.title[-1:] not in ".?!" else "")

    if names:
        out.add((names[0] if len(names) == 1 else ", ".join(names[:-1]) + f", & {names[-1]}") + f" {date}. ")
        title()
        out.add(" ")
    else:
        title()
        out.add(f" {date}. ")
    if work.periodical:
        out.add(work.periodical, italic=True)
        if work.volume:
            out.add(", ").add(work.volume, italic=True)
        out.add((f"({work.issue})" if work.volume else f", ({work.issue})") if work.issue else "")
        out.add(". ")
    else:
        out.add(f"{settings.SITE['name']}. ")
    return out.add(work.url).build()


# --- BibTeX ------------------------------------------------------------------------------------------

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_ESCAPE = str.maketrans(_BIBTEX_SPECIAL)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def bibtex_escape(text):
    return " ".join(str(text).split()).translate(_BIBTEX_ESCAPE)


def _ascii_word(text):
    plain = unicodedata.normalize("NFKD", fold(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


_KEY_SKIP = {"a", "an", "the", "on", "of", "in", "and", "for", "to", "is", "what", "why", "how"}


def citation_key(work: Work):
    """E.g. ``shafiyev2023lachin``: first author's family name, year, first significant title word."""
    who = _ascii_word(work.authors[0].key) if work.authors else "ccsis"
    words = [_ascii_word(word) for word in work.title.split()]
    word = next((w for w in words if w and w not in _KEY_SKIP), "")
    return f"{who or 'ccsis'}{work.date.year}{word}"


def _bibtex_name(name):
    """“Shahbazov, Fuad”; an institution braced, so that BibTeX does not split it: “{The Caucasus Center …}”."""
    return "{" + bibtex_escape(name.family) + "}" if name.organisation else bibtex_escape(name.inverted)


def bibtex(article, url) -> str:
    work = Work.of(article, url)
    known = DateParts.of(work.date, work.precision)
    if work.periodical:
        entry_type = "article"
    elif work.is_report:
        entry_type = "techreport"
    else:
        entry_type = "misc"
    fields = [
        ("author", " and ".join(_bibtex_name(name) for name in work.authors)),
        ("translator", " and ".join(_bibtex_name(name) for name in work.translators)),  # biblatex
        ("title", "{" + bibtex_escape(work.title) + "}"),
        ("journal", bibtex_escape(work.periodical)),
        ("volume", bibtex_escape(work.volume)),
        ("number", bibtex_escape(work.issue)),
        ("institution", settings.SITE["name"] if entry_type == "techreport" else ""),
        ("type", bibtex_escape(work.kind) if entry_type == "techreport" else ""),
        ("publisher", settings.SITE["name"] if entry_type == "misc" else ""),
        ("year", str(known.year)),
        ("month", _MONTHS[known.month - 1] if known.month else ""),
        ("date", iso_date(work.date, work.precision)),  # biblatex: 2021-04-27, 2021-04 or 2021
        ("url", work.url.replace("%", r"\%").replace("#", r"\#")),
        ("abstract", bibtex_escape(work.summary)),
        ("keywords", bibtex_escape(", ".join(work.keywords))),
        ("language", bibtex_escape(work.language)),
        ("note", bibtex_escape(f"First published at {work.original_url}") if work.original_url else ""),
    ]
    lines = [f"@{entry_type}{{{citation_key(work)},"]
    for name, value in fields:
        if value:
            lines.append(f"  {name} = {value}," if name == "month" else f"  {name} = {{{value}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- RIS ---------------------------------------------------------------------------------------------


def _ris_date(known: DateParts):
    """RIS's ``YYYY/MM/DD/``, the unknown parts left empty: ``2021/04//``, ``2021///``."""
    month = f"{known.month:02}" if known.month else ""
    day = f"{known.day:02}" if known.day else ""
    return f"{known.year}/{month}/{day}/"


def ris(article, url) -> str:
    """The RIS record, with the CRLF line ends the format asks for."""
    work = Work.of(article, url)
    known = DateParts.of(work.date, work.precision)
    if work.periodical:
        entry_type = "JOUR"
    elif work.is_report:
        entry_type = "RPRT"
    else:
        entry_type = "ELEC"
    lines = [("TY", entry_type)]
    lines += [("AU", name.inverted) for name in work.authors]
    lines += [("A4", name.inverted) for name in work.translators]  # RIS's subsidiary author: the translator
    lines += [
        ("TI", work.title),
        ("T2", work.periodical or (settings.SITE["name"] if entry_type == "ELEC" else "")),
        ("VL", work.volume),
        ("IS", work.issue),
        ("PY", str(known.year)),
        ("DA", _ris_date(known)),
        ("PB", settings.SITE["name"] if not work.periodical else ""),
        ("M3", work.kind if entry_type == "RPRT" else ""),
        ("UR", work.url),
        ("AB", work.summary),
        ("LA", work.language),
        ("N1", f"First published at {work.original_url}" if work.original_url else ""),
    ]
    lines += [("KW", keyword) for keyword in work.keywords]
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines if value or tag == "ER")
