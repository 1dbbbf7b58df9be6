"""The old WordPress addresses of imported posts.

:func:`legacy_paths` lists the addresses a post had (its permalink's path, ``/?p=ID``, and the
date-based ``/YYYY/MM/DD/slug/`` and ``/YYYY/MM/slug/`` forms). The importer stores them in the
site's one redirect table (``editorial.Redirect``), each leading to the imported article: its
middleware answers them with a 301 while the article is public (a draft's slug is never revealed),
to the article's address of the moment.
"""

from urllib.parse import parse_qs, unquote, urlsplit

from editorial.middleware import normalise_path as normalise


def by_id(post_id, base="/"):
    return f"{base.rstrip('/')}/?p={post_id}"


def legacy_paths(post, base_path="/"):
    """Every old address of ``post`` (a ``parse.Item``), in the stored form; ``base_path`` is where the
    blog lived on its site (``/`` or e.g. ``/blog/``)."""
    paths = []
    if post.link:
        link = urlsplit(post.link)
        query = parse_qs(link.query)
        if link.path.strip("/") != base_path.strip("/") or not query:
            paths.append(normalise(link.path))
        if "p" in query and query["p"][0].isdigit():
            paths.append(by_id(int(query["p"][0]), normalise(link.path)))
    if post.post_id:
        paths.append(by_id(post.post_id, normalise(base_path)))
    slug = unquote(post.slug or "")
    if post.date and slug:
        day = post.date
        base = normalise(base_path)
        paths.append(f"{base}{day:%Y/%m/%d}/{slug}/")
        paths.append(f"{base}{day:%Y/%m}/{slug}/")
    return [path for path in dict.fromkeys(paths) if path.strip("/")]
