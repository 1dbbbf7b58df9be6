"""How public pages may be kept: forms only by the browser, private links by no one (the conference
forms and private links, the alerts' form and token pages)."""

from functools import wraps

from django.views.decorators.cache import cache_control, never_cache

#: Public forms are never stored by a shared cache, yet the browser may show them again from its
#: own history: the back button then brings the form back as typed, with the same token, so
#: sending it again finds the stored submission instead of making a second one.
form_page = cache_control(private=True, no_cache=True, max_age=0)


def private(view):
    """Pages behind a private link: never cached, never indexed, the link never leaked to another site.

    (``same-origin``, not ``no-referrer``: with no referrer at all, browsers send ``Origin: null``
    with the page's own forms, and Django's CSRF check rightly refuses them.)
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return never_cache(wrapper)
