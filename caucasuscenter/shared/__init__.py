"""Helpers every part of the site shares, at the bottom of the house.

Nothing here imports an app of ours (``articles``, ``conferences``, ``editorial``) or the project's
URLs and views; apps import these, never the other way round (``tests/test_architecture.py``).

- ``languages``: the languages pieces and calls are written in;
- ``links``: fast slug links and absolute URLs for emails and feeds;
- ``metadata``: what a page tells search engines (``PageMeta``) and the organisation's JSON-LD;
- ``pagecache``: the anonymous page cache and the per-content-version cache of computed values;
- ``requests``: request guards and the client's address behind trusted proxies.
"""
