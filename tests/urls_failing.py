"""A URL that fails with an error other than the database's, for tests/test_outage.py."""

from django.urls import path


def boom(request):
    raise RuntimeError("an error that is not an outage")


urlpatterns = [path("boom/", boom)]
handler500 = "caucasuscenter.views.server_error"
