"""Reading rendered pages in tests: the text of the elements with a class or attribute."""

import re
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Collector(HTMLParser):
    def __init__(self, match):
        super().__init__(convert_charrefs=True)
        self.match = match
        self.stack = []  # one entry per open element: the index in self.found it feeds, or None
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in VOID:
            if self.match(tag, attrs):
                self.found.append(attrs.get("value") or "")
            return
        index = None
        if self.match(tag, attrs):
            self.found.append("")
            index = len(self.found) - 1
        self.stack.append((tag, index))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _index = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        for _tag, index in self.stack:
            if index is not None:
                self.found[index] += data


def texts(response_or_html, css_class=None, attr=None):
    """The white-space-normalised text of each element with ``css_class`` (or the ``attr`` attribute)."""
    html = response_or_html if isinstance(response_or_html, str) else response_or_html.content.decode()

    def match(tag, attrs):
        if css_class:
            return css_class in (attrs.get("class") or "").split()
        return attr in attrs

    collector = _Collector(match)
    collector.feed(html)
    return [" ".join(text.split()) for text in collector.found]


def field_errors(response):
    """``{field id: [messages]}`` for each error list Django rendered (ids like ``id_title_error``)."""
    html = response.content.decode()
    errors = {}
    for match in re.finditer(r'<ul class="errorlist[^"]*"(?: id="([^"]+)")?>(.*?)</ul>', html, re.S):
        key = (match.group(1) or "non_field").removeprefix("id_").removesuffix("_error")
        errors[key] = [
            " ".join(re.sub(r"<[^>]+>", "", li).split()) for li in re.findall(r"<li>(.*?)</li>", match.group(2), re.S)
        ]
    return errors
