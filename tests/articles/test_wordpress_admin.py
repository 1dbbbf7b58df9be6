"""The admin's "Import from WordPress": upload → dry-run report → confirm, for staff who may add
articles; nothing is imported before the confirmation, and the waiting upload is the editor's alone."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.admin_wordpress import TOKEN_SALT
from articles.models import Article, WordPressPost

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "data" / "wordpress-export.xml"
URL = "/admin/articles/wordpresspost/import/"


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.WORDPRESS_IMPORT_DIR = tmp_path / "waiting"


def staff(username, *groups):
    user = User.objects.create_user(username, password="x", is_staff=True)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def editor(client):
    user = staff("eda", "Editors")
    client.force_login(user)
    return user


def upload(client, data=None, **fields):
    file = SimpleUploadedFile("export.xml", data if data is not None else SAMPLE.read_bytes(), "text/xml")
    return client.post(URL, {"file": file, "status": "as-exported", "default_type": "analysis", **fields})


def token_of(response):
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def test_the_upload_page_is_for_staff_who_may_add_articles(client):
    assert reverse("admin:articles_wordpresspost_import") == URL
    assert client.get(URL).status_code == 302  # to the login
    client.force_login(staff("sam"))  # staff, no permissions
    assert client.get(URL).status_code == 403
    client.force_login(staff("eda", "Editors"))
    response = client.get(URL)
    assert response.status_code == 200
    assert "Check the export (dry run)" in response.content.decode()


def test_an_upload_shows_the_dry_run_and_imports_nothing_until_confirmed(client, editor, tmp_path):
    response = upload(client)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dry run: nothing has been imported yet." in page
    assert '<tr><th scope="row">Article</th><td>6</td><td>0</td><td>0</td><td>0</td></tr>' in page
    assert "page 301 “About”: pages are not imported" in page
    assert Article.objects.count() == 0
    assert len(list((tmp_path / "waiting").iterdir())) == 1  # waiting for the confirmation

    response = client.post(URL, {"token": token_of(response)})
    page = response.content.decode()
    assert "The import is done." in page
    assert Article.objects.count() == 6
    assert set(Article.objects.values_list("created_by__username", flat=True)) == {"eda"}
    assert list((tmp_path / "waiting").iterdir()) == []

    again = client.post(URL, {"token": token_of(upload(client))})
    assert "Nothing changed." in again.content.decode()
    assert (Article.objects.count(), WordPressPost.objects.count()) == (6, 6)


def test_cancelling_imports_nothing_and_removes_the_upload(client, editor, tmp_path):
    token = token_of(upload(client))
    response = client.post(URL, {"token": token, "cancel": "Cancel"}, follow=True)
    assert "Cancelled: nothing was imported." in response.content.decode()
    assert (Article.objects.count(), list((tmp_path / "waiting").iterdir())) == (0, [])
    response = client.post(URL, {"token": token}, follow=True)
    assert "That upload is no longer waiting" in response.content.decode()
    assert Article.objects.count() == 0


def test_a_token_is_good_for_its_editor_only_and_cannot_be_forged(client, editor):
    token = token_of(upload(client))
    client.force_login(staff("other", "Editors"))
    response = client.post(URL, {"token": token}, follow=True)
    assert "That upload is no longer waiting" in response.content.decode()
    forged = signing.dumps({"file": "../../etc/passwd", "user": editor.pk, "status": "draft"}, salt="another salt")
    response = client.post(URL, {"token": forged}, follow=True)
    assert "That confirmation is not valid" in response.content.decode()
    assert Article.objects.count() == 0
    assert signing.loads(token, salt=TOKEN_SALT)["status"] == "as-exported"


def test_the_chosen_options_are_kept_for_the_confirmation(client, editor):
    response = upload(client, status="draft", default_type="news-brief", include_pages="on")
    client.post(URL, {"token": token_of(response)})
    assert set(Article.objects.values_list("status", flat=True)) == {"draft"}
    assert Article.objects.get(slug="about").kind.slug == "news-brief"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><rss>&e;</rss>', "(DTD)"),
        (SAMPLE.read_bytes()[:2000], "is it complete?"),
        (b"<html></html>", "its root element is &lt;html&gt;, not &lt;rss&gt;."),
    ],
)
def test_a_bad_file_is_refused_on_the_upload_page(client, editor, tmp_path, data, message):
    response = upload(client, data)
    page = response.content.decode()
    assert "Check the export (dry run)" in page
    assert message in page
    assert "The export could not be read" in page
    assert list((tmp_path / "waiting").iterdir()) == []


def test_a_file_over_the_limit_is_refused_before_it_is_read(client, editor, settings):
    settings.WORDPRESS_IMPORT_MAX_BYTES = 1_048_576
    response = upload(client, b" " * 1_200_000)
    assert "The file is 1.1 MB; the limit is 1 MB." in response.content.decode()


def test_the_list_of_imported_posts_is_read_only_with_the_import_button(client, editor):
    client.post(URL, {"token": token_of(upload(client))})
    response = client.get("/admin/articles/wordpresspost/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="{URL}"' in page
    assert "Turkey is the new major power in the South Caucasus" in page
    post = WordPressPost.objects.get(post_id=101)
    assert client.get(f"/admin/articles/wordpresspost/{post.pk}/delete/").status_code == 403


def test_an_upload_nobody_confirmed_is_removed_after_an_hour(client, editor, tmp_path):
    import os
    import time

    upload(client)
    (waiting,) = (tmp_path / "waiting").iterdir()
    two_hours_ago = time.time() - 7200
    os.utime(waiting, (two_hours_ago, two_hours_ago))
    upload(client)
    assert waiting not in list((tmp_path / "waiting").iterdir())
    assert len(list((tmp_path / "waiting").iterdir())) == 1
