"""What every template may use: ``site`` (``settings.SITE``: the organisation's names and address)."""

from django.conf import settings


def site(request):
    return {"site": settings.SITE}
