"""WordPress post HTML → our sanitised body, with the images' captions and credits as data.

WordPress stores a post as it was typed: paragraphs are blank lines (``wpautop`` adds the ``<p>``
when it shows the post), images sit in ``[caption]`` shortcodes, and other shortcodes
(``[gallery]``, ``[embed]``, plugins' own) are left for PHP to expand. :func:`convert_body` does
what WordPress would, as far as our body can hold it: paragraphs and line breaks, headings mapped to
the levels we allow (h1 → h2, h5/h6 → h4), ``<b>``/``<i>`` → ``<strong>``/``<em>``, embeds as links;
then :func:`articles.fields.sanitize_html` keeps only what the editor allows (no scripts, no
``javascript:`` links, no images). Images and their captions leave the body as :class:`Figure`
data, so the first one can become the article's photo, caption and credit; whatever is dropped is
said in ``warnings``.
"""

import html
import re
from dataclasses import dataclass, field

from articles.fields import sanitize_html

BLOCK_TAGS = (
    "p|div|h[1-6]|ul|ol|li|blockquote|pre|table|thead|tbody|tr|td|th|figure|figcaption|hr|dl|dt|dd|address"
    "|section|article|aside|header|footer|form|fieldset|legend|details|summary|iframe|script|style|noscript"
)
BLOCK_START = re.compile(rf"^\s*<(?:/?(?:{BLOCK_TAGS})\b|!--)", re.IGNORECASE)
BLOCK_OPEN = re.compile(rf"(<(?:{BLOCK_TAGS})[\s/>])", re.IGNORECASE)
BLOCK_CLOSE = re.compile(rf"(</(?:{BLOCK_TAGS})>)", re.IGNORECASE)
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
CAPTION = re.compile(r"\[(caption|wp_caption)\b([^\]]*)\](.*?)\[/\1\]", re.IGNORECASE | re.DOTALL)
EMBED = re.compile(r"\[embed\b[^\]]*\]\s*(\S+?)\s*\[/embed\]", re.IGNORECASE)
ENCLOSED = re.compile(r"\[([a-z][\w-]*)\b[^\]]*\](.*?)\[/\1\]", re.IGNORECASE | re.DOTALL)
SELF_CLOSING = re.compile(r"\[([a-z][\w-]*)\b(?=[^\]]*(?:=|/\]))[^\]]*\]", re.IGNORECASE)
CORE_SHORTCODES = {"gallery", "audio", "video", "playlist", "embed", "caption", "wp_caption"}
BARE_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.IGNORECASE | re.MULTILINE)
IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>\]]+))""")
TAG_RENAMES = [
    (re.compile(r"<(/?)b(?=[\s>])", re.IGNORECASE), r"<\1strong"),
    (re.compile(r"<(/?)i(?=[\s>])", re.IGNORECASE), r"<\1em"),
    (re.compile(r"<(/?)h1(?=[\s>])", re.IGNORECASE), r"<\1h2"),
    (re.compile(r"<(/?)h[56](?=[\s>])", re.IGNORECASE), r"<\1h4"),
]
CREDIT = re.compile(
    r"""\s*(?:[;|–—-]\s*|\(\s*)?                       # a separator, or an opening parenthesis
        (?:photo(?:[\s-]*credit)?|credit|image|source)\s*(?::|by\b)\s*  # Photo: / Photo credit: / Photo by
        (?P<credit>[^()]+?)\s*\)?\s*\.?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
WHITESPACE = re.compile(r"\s+")


@dataclass
class Figure:
    """An image of the post: where it was, what it shows, its caption and its credit."""

    src: str
    attachment_id: int | None = None
    alt: str = ""
    caption: str = ""
    credit: str = ""


@dataclass
class Body:
    html: str
    figures: list[Figure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def plain_text(value):
    """Text without tags or entities, whitespace collapsed (for titles, summaries and captions)."""
    value = COMMENT.sub(" ", value or "")
    value = re.sub(r"<(script|style)\b.*?(?:</\1\s*>|$)", " ", value, flags=re.IGNORECASE | re.DOTALL)
    value = re.sub(rf"</?(?:{BLOCK_TAGS}|br)\b[^>]*>", " ", value, flags=re.IGNORECASE)  # blocks part words
    value = re.sub(r"<[^>]*>", "", value)  # inline tags do not
    return WHITESPACE.sub(" ", html.unescape(value)).strip()


def split_credit(caption):
    """``"Soldiers (Photo: TRT)"`` → ``("Soldiers", "TRT")``; without a credit → ``(caption, "")``."""
    caption = plain_text(caption)
    match = CREDIT.search(caption)
    if not match or match.start() == 0 and not caption.lower().startswith(("photo", "credit", "image", "source")):
        return caption, ""
    return caption[: match.start()].strip(" ;|–—-"), match.group("credit").strip()


def attributes(text):
    return {
        m.group(1).lower(): html.unescape(next(g for g in m.groups()[1:] if g is not None))
        for m in ATTRIBUTE.finditer(text)
    }


def _figure(img_tag, caption=""):
    attrs = attributes(img_tag[4:])
    match = re.search(r"wp-image-(\d+)", attrs.get("class", ""))
    caption, credit = split_credit(caption)
    return Figure(
        src=attrs.get("src", ""),
        attachment_id=int(match.group(1)) if match else None,
        alt=plain_text(attrs.get("alt", "")),
        caption=caption,
        credit=credit,
    )


def _captions(content, figures):
    def replace(match):
        attrs, inner = attributes(match.group(2)), match.group(3)
        img = IMG.search(inner)
        text = attrs.get("caption") or IMG.sub("", re.sub(r"</?a\b[^>]*>", "", inner))
        if img:
            figure = _figure(img.group(0), text)
            if figure.attachment_id is None and (m := re.search(r"attachment_(\d+)", attrs.get("id", ""))):
                figure.attachment_id = int(m.group(1))
            figures.append(figure)
        return "\n\n"

    return CAPTION.sub(replace, content)


def _shortcodes(content, warnings):
    content = EMBED.sub(lambda m: f"\n\n{m.group(1)}\n\n", content)

    def enclosed(match):
        name = match.group(1).lower()
        warnings.append(f"shortcode [{name}] removed, its text kept")
        return match.group(2)

    def self_closing(match):
        warnings.append(f"shortcode [{match.group(1).lower()}] removed")
        return ""

    previous = None
    while previous != content:  # nested shortcodes, innermost last
        previous = content
        content = ENCLOSED.sub(enclosed, content)
    content = SELF_CLOSING.sub(self_closing, content)
    for name in CORE_SHORTCODES:  # e.g. a bare [gallery]
        content, n = re.subn(rf"\[{name}\]", "", content, flags=re.IGNORECASE)
        if n:
            warnings.append(f"shortcode [{name}] removed")
    return content


def autop(text):
    """WordPress's ``wpautop``, as far as our body needs it: blank lines make paragraphs, single
    newlines inside a paragraph make ``<br>``, and blocks already marked up are left as they are
    (text that follows a block on its own line gets a paragraph of its own)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if not BLOCK_START.match(chunk):
            out.append("<p>" + re.sub(r"\s*\n\s*", "<br>", chunk) + "</p>")
            continue
        depth, loose = 0, []
        for line in chunk.split("\n"):
            if depth == 0 and line.strip() and not BLOCK_START.match(line):
                loose.append(line.strip())
                continue
            if loose:
                out.append("<p>" + "<br>".join(loose) + "</p>")
                loose = []
            out.append(line)
            depth = max(
                0, depth + len(BLOCK_OPEN.findall(line)) - len(BLOCK_CLOSE.findall(line)) - line.lower().count("<hr")
            )
        if loose:
            out.append("<p>" + "<br>".join(loose) + "</p>")
    return "\n".join(out)


def convert_body(content):
    """Turn a post's ``content:encoded`` into a :class:`Body` (sanitised HTML, figures, warnings)."""
    figures, warnings = [], []
    content = COMMENT.sub("", content or "")  # the block editor's <!-- wp:… --> markers
    content = _captions(content, figures)
    for img in IMG.finditer(content):
        figures.append(_figure(img.group(0)))
    content = IMG.sub("", content)
    content = _shortcodes(content, warnings)
    content = BARE_URL_LINE.sub(
        lambda m: f'<p><a href="{html.escape(m.group(1))}">{html.escape(m.group(1))}</a></p>', content
    )
    content = autop(content)
    for pattern, replacement in TAG_RENAMES:
        content = pattern.sub(replacement, content)
    body = sanitize_html(content)
    body = re.sub(r"<p>(?:\s|<br>|&nbsp;)*</p>", "", body).strip()
    if re.search(r"<script\b", content, re.IGNORECASE):
        warnings.append("a <script> was removed")
    if re.search(r"""href\s*=\s*["']?\s*(?:javascript|data|vbscript):""", content, re.IGNORECASE):
        warnings.append("a link with a javascript:, data: or vbscript: address lost its address")
    return Body(html=body, figures=figures, warnings=list(dict.fromkeys(warnings)))
