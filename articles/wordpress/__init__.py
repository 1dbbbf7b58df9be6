"""The import of the old WordPress site (a WXR export): ``parse`` reads it safely into dataclasses,
``convert`` turns post HTML into our sanitised body, ``load`` writes articles, authors, tags and
photos in one transaction and reports what it did, ``media`` finds featured images, ``redirects``
answers the old addresses with a 301, and ``models`` holds each post's WordPress identity.

Entry points: ``manage.py import_wordpress`` and the admin's "Import from WordPress" page
(``articles/admin_wordpress.py``). Nothing is imported here, so that the models load first.
"""
