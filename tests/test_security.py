"""Security settings as production runs them: the deploy check, the headers every response carries,
the admin login (throttled, redirecting only to our own host) and uploads (never served as HTML)."""

import io
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from articles.models import Article
from tests.factories import ArticleFactory

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def production_env(**extra):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    return {
        **env,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "thecaucasuscenter.org",
        "EMAIL_HOST": "smtp.example.org",
        **extra,
    }


def manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=production_env(**env), capture_output=True, text=True
    )


# --- Settings ------------------------------------------------------------------------------------


def test_the_deploy_check_finds_nothing_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "System check identified no issues (0 silenced).\n",
        "",
    )


def test_the_deploy_check_finds_nothing_with_redis_s3_and_a_connection_pool():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        REDIS_URL="redis://127.0.0.1:6379/0",
        AWS_STORAGE_BUCKET_NAME="ccsis-media",
        AWS_S3_CUSTOM_DOMAIN="media.thecaucasuscenter.org",
        DATABASE_URL="postgres://ccsis@db.internal:5432/ccsis",
        DATABASE_POOL="1",
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "System check identified no issues (0 silenced).\n",
        "",
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DJANGO_SECRET_KEY="")
    assert result.returncode == 1
    assert "DJANGO_SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_the_environment_chooses_redis_s3_and_the_connection_pool():
    code = (
        "from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.PAGE_CACHE_SECONDS, s.STORAGES['default']['BACKEND'], "
        "' '.join(s.SECURE_CSP['img-src']), s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['OPTIONS'])"
    )
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        REDIS_URL="redis://cache.internal:6379/0",
        AWS_STORAGE_BUCKET_NAME="ccsis-media",
        AWS_S3_CUSTOM_DOMAIN="media.thecaucasuscenter.org",
        DATABASE_URL="postgres://ccsis@db.internal:5432/ccsis",
        DATABASE_POOL="1",
    )
    assert result.stdout == (
        "django.core.cache.backends.redis.RedisCache 600 storages.backends.s3.S3Storage "
        "'self' data: https://media.thecaucasuscenter.org 0 "
        "{'options': '-c jit=off', 'pool': {'min_size': 1, 'max_size': 4, 'timeout': 10}}\n"
    )


# --- Headers -------------------------------------------------------------------------------------


def test_every_page_carries_the_security_headers_over_https(client):
    ArticleFactory(slug="a-piece")
    for path in ["/", "/articles/", "/articles/a-piece/", "/admin/login/"]:
        response = client.get(path, secure=True)
        assert {
            name: response.get(name)
            for name in [
                "Content-Security-Policy",
                "Strict-Transport-Security",
                "X-Content-Type-Options",
                "Referrer-Policy",
                "X-Frame-Options",
                "Cross-Origin-Opener-Policy",
            ]
        } == {
            "Content-Security-Policy": POLICY if path != "/admin/login/" else response["Content-Security-Policy"],
            "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin",
            "X-Frame-Options": "DENY",
            "Cross-Origin-Opener-Policy": "same-origin",
        }, path


def test_no_strict_transport_security_is_sent_over_plain_http(client):
    assert "Strict-Transport-Security" not in client.get("/")


def test_plain_http_is_redirected_to_https_when_the_redirect_is_on(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/articles/?page=2")
    assert (response.status_code, response["Location"]) == (301, "https://testserver/articles/?page=2")


def test_the_admin_nonce_in_the_policy_is_the_one_on_the_editors_import_map(admin_client):
    response = admin_client.get("/admin/articles/article/add/", secure=True)
    policy = response["Content-Security-Policy"]
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f"script-src 'self' 'nonce-{nonce}';" in policy
    assert f'<script type="importmap" nonce="{nonce}">' in response.content.decode()


def test_session_and_csrf_cookies_are_secure_and_the_session_cookie_is_http_only(client, django_user_model):
    django_user_model.objects.create_user("editor", password="the-right-password", is_staff=True)
    page = client.get("/admin/login/", secure=True)
    csrf = page.cookies["csrftoken"]
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "the-right-password", "next": "/admin/"}, secure=True
    )
    session = response.cookies["sessionid"]
    assert (bool(csrf["secure"]), csrf["samesite"]) == (True, "Lax")
    assert (bool(session["secure"]), bool(session["httponly"]), session["samesite"]) == (True, True, "Lax")


# --- The admin login -----------------------------------------------------------------------------


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password="the-right-password", is_staff=True)


def log_in(client, password, username="editor", address="203.0.113.7", **extra):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password, "next": "/admin/", **extra},
        REMOTE_ADDR=address,
    )


def test_five_failed_logins_lock_that_username_from_that_address_for_fifteen_minutes(client, editor):
    assert [log_in(client, "wrong").status_code for _ in range(5)] == [200] * 5
    response = log_in(client, "the-right-password")
    assert response.status_code == 429
    assert response.context["form"].non_field_errors() == ["Too many failed login attempts; try again in 15 minutes."]
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_one_address_and_one_username_only(client, editor, django_user_model):
    django_user_model.objects.create_user("other", password="the-other-password", is_staff=True)
    for _ in range(5):
        log_in(client, "wrong")
    assert log_in(Client(), "the-right-password", address="198.51.100.9").status_code == 302
    assert log_in(Client(), "the-other-password", username="other").status_code == 302


def test_the_lock_ends_with_its_window(client, editor):
    import time_machine

    with time_machine.travel("2026-01-01 12:00:00Z", tick=False):
        for _ in range(5):
            log_in(client, "wrong")
        assert log_in(client, "the-right-password").status_code == 429
    with time_machine.travel("2026-01-01 12:14:01Z", tick=False):
        response = log_in(client, "the-right-password")
        assert response.context["form"].non_field_errors() == ["Too many failed login attempts; try again in 1 minute."]
    with time_machine.travel("2026-01-01 12:15:01Z", tick=False):
        assert log_in(client, "the-right-password").status_code == 302


def test_a_successful_login_forgets_the_earlier_failures(client, editor):
    for _ in range(4):
        log_in(client, "wrong")
    assert log_in(client, "the-right-password").status_code == 302
    client.logout()
    assert [log_in(Client(), "wrong").status_code for _ in range(5)] == [200] * 5


def test_one_address_trying_many_usernames_is_locked_after_twenty_failures(client, editor):
    for n in range(20):
        log_in(client, "wrong", username=f"guess{n}")
    assert log_in(client, "the-right-password").status_code == 429


def test_a_correct_password_for_a_non_staff_account_counts_as_a_failure(client, django_user_model):
    django_user_model.objects.create_user("reader", password="a-reader-password")
    assert [log_in(client, "a-reader-password", username="reader").status_code for _ in range(6)] == [200] * 5 + [429]


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/admin/",
        "//evil.example/",
        "http://testserver.evil.example/",
        "javascript:alert(1)",
        "/\\evil.example",
        "https:///evil.example",
    ],
)
def test_after_logging_in_the_admin_redirects_only_to_our_own_host(client, editor, next_url):
    response = log_in(client, "the-right-password", next=next_url)
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_after_logging_in_the_admin_follows_next_on_our_own_host(client, editor):
    response = log_in(client, "the-right-password", next="/admin/articles/article/")
    assert (response.status_code, response["Location"]) == (302, "/admin/articles/article/")


def test_an_editor_already_logged_in_is_not_sent_elsewhere_by_next(client, editor):
    client.force_login(editor)
    response = client.get("/admin/login/?next=https://evil.example/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")


# --- Uploads -------------------------------------------------------------------------------------


def image_bytes(format="PNG", size=(40, 30), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, "teal").save(buffer, format)
    return buffer.getvalue()


HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


NOT_AN_IMAGE = "Upload a valid image. The file you uploaded was either not an image or a corrupted image."


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("photo.jpg", HTML, NOT_AN_IMAGE),
        ("photo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', NOT_AN_IMAGE),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + HTML, NOT_AN_IMAGE),
        ("photo.bmp", image_bytes("BMP"), "Upload a JPEG, PNG, WebP or GIF image; this file is BMP."),
        ("photo.tiff", image_bytes("TIFF"), "Upload a JPEG, PNG, WebP or GIF image; this file is TIFF."),
    ],
)
def test_an_upload_that_is_not_a_jpeg_png_webp_or_gif_is_refused(admin_client, name, content, error):
    article = ArticleFactory()
    response = admin_client.post(
        f"/admin/articles/article/{article.pk}/change/", {"photo": SimpleUploadedFile(name, content)}
    )
    assert response.context["adminform"].form.errors["photo"] == [error]
    assert not Article.objects.get(pk=article.pk).photo


def test_an_image_carrying_html_is_re_encoded_under_a_random_name_and_never_stored_as_html():
    article = ArticleFactory()
    polyglot = image_bytes("PNG") + HTML  # a valid PNG with a page appended
    article.photo = SimpleUploadedFile("page.html", polyglot, content_type="text/html")
    article.save()
    stored = article.photo
    name = Path(stored.name).name
    assert (Path(name).suffix, len(Path(name).stem)) == (".jpg", 32)
    with stored.open("rb"):
        content = stored.read()
    assert content.startswith(b"\xff\xd8\xff")  # a JPEG, made by us
    assert b"<script" not in content


def test_validating_a_stored_photo_again_leaves_no_file_open():
    article = ArticleFactory()
    article.photo = SimpleUploadedFile("kura.jpg", image_bytes("JPEG"), content_type="image/jpeg")
    article.save()
    stored = Article.objects.get(pk=article.pk)

    stored.full_clean()  # as the admin does on every save: the stored photo is validated again

    assert stored.photo.closed


def test_an_image_too_large_is_refused_before_it_is_decoded(settings):
    from django.core.exceptions import ValidationError

    from articles.images import validate_image

    settings.IMAGE_UPLOAD_MAX_PIXELS = 1000
    with pytest.raises(ValidationError) as error:
        validate_image(SimpleUploadedFile("big.png", image_bytes("PNG", size=(100, 100))))
    assert error.value.code == "image_too_many_pixels"
    settings.IMAGE_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        validate_image(SimpleUploadedFile("big.png", image_bytes("PNG", size=(100, 100))))
    assert error.value.code == "image_too_large"
