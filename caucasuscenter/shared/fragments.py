"""Parts of a page kept for the content version: ``{% keep "name" %} … {% endkeep %}`` (``{% load site %}``).

What a public page shows of the published content (a list's facets, cards and pages, the home
page's sections, an article's text and the pieces around it) changes only with the content version
(``pagecache``): it is rendered once per version, address and interface language, and then read
from the cache. The views hand the templates lazy querysets and lazy objects, so a part read from
the cache runs none of its queries. Whatever varies with the visitor (the header's search box, the
messages, a form's CSRF token) stays outside the kept parts, in ``base.html``.

A part is kept only where the view asks for it (``keep_parts`` true in the context: the public
pages; never a preview or a shared draft), only while ``PARTS_CACHE_SECONDS`` is not 0, and never
when its HTML holds this visitor's CSRF token or CSP nonce. The address in the key is the whole
absolute URL, query included, so each filter, page and host has its own copy; extra values after
the name (``{% keep "name" value %}``) are added to the key.

``{% keep "name" with=parts %}``: what only the part shows, looked up only when the part is rendered
afresh. ``parts`` (in the view's context, usually a method) gives a dict, which the part's content
sees as variables; a part read from the cache never calls it.
"""

import hashlib

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from . import pagecache


class KeepNode(template.Node):
    def __init__(self, name, extra, nodelist, parts=None):
        self.name, self.extra, self.nodelist, self.parts = name, extra, nodelist, parts

    def render_afresh(self, context):
        parts = self.parts.resolve(context) if self.parts is not None else None  # a method is called
        with context.push(**(parts if isinstance(parts, dict) else {})):
            return self.nodelist.render(context)

    def render(self, context):
        request = context.get("request")
        seconds = settings.PARTS_CACHE_SECONDS
        if not seconds or request is None or not context.get("keep_parts"):
            return self.render_afresh(context)
        values = [request.build_absolute_uri(), get_language() or "", *(str(v.resolve(context)) for v in self.extra)]
        digest = hashlib.sha256("\n".join(values).encode()).hexdigest()
        nonce = context.get("csp_nonce")

        def visitor_free(html):
            return "csrfmiddlewaretoken" not in html and not (nonce and str(nonce) in html)

        html = pagecache.remember(
            f"part:{self.name}:{digest}", seconds, lambda: str(self.render_afresh(context)), visitor_free
        )
        return mark_safe(html)  # noqa: S308 (rendered by this template, escaped there)


def keep(parser, token):
    """``{% keep "name" [value …] [with=parts] %} … {% endkeep %}``: see the module's docstring."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'keep' needs a name: {% keep \"name\" %}")
    name = bits[1].strip("\"'")
    parts = None
    if bits[-1].startswith("with="):
        parts = parser.compile_filter(bits.pop()[len("with=") :])
    extra = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endkeep",))
    parser.delete_first_token()
    return KeepNode(name, extra, nodelist, parts)
