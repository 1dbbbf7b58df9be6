"""Request guards that belong to no view."""

from django.http import Http404


class RejectNulInPathMiddleware:
    """A path with a NUL byte names no page: 404 before any view or query sees it.

    ``<str:…>`` URL parts (tags, feeds, private links) accept any character but ``/``, and PostgreSQL
    refuses NUL in text, so without this a ``%00`` in such a part would be a 500. (Form fields reject
    NUL themselves, with a message, and the filters drop it.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise Http404("No such page.")
        return self.get_response(request)
