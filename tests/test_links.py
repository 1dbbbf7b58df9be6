"""caucasuscenter.shared.links: the fast slug links say exactly what reverse() says."""

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix
from django.utils import translation

from caucasuscenter.shared.links import slug_url


@pytest.mark.parametrize("viewname", ["articles:detail", "articles:author", "articles:series", "articles:outlet"])
def test_a_slug_link_is_what_reverse_gives(viewname):
    assert slug_url(viewname, "caspian-gas_2") == reverse(viewname, kwargs={"slug": "caspian-gas_2"})


@translation.override("en-gb")  # a request of an earlier test may have left another language active
def test_a_slug_link_follows_the_script_prefix():
    set_script_prefix("/ccsis/")
    try:
        assert slug_url("articles:detail", "caspian") == "/ccsis/articles/caspian/"
    finally:
        clear_script_prefix()
    assert slug_url("articles:detail", "caspian") == "/articles/caspian/"


def test_a_slug_link_follows_the_interface_language_whichever_asked_first():
    links = []
    for language in ["az", "en-gb", "ru", "az", "tr", "en-gb"]:
        with translation.override(language):
            links.append(slug_url("articles:detail", "caspian"))
    assert links == [
        "/az/articles/caspian/",
        "/articles/caspian/",
        "/ru/articles/caspian/",
        "/az/articles/caspian/",
        "/tr/articles/caspian/",
        "/articles/caspian/",
    ]


def test_the_favicon_answers_at_the_root_where_browsers_ask_for_it(client):
    from io import BytesIO

    from PIL import Image

    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    icon = Image.open(BytesIO(b"".join(response.streaming_content)))
    assert icon.format == "ICO"
    assert (32, 32) in icon.info["sizes"]
