"""The editors' admin: permissions, writing with authors and tags, photos, actions."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from taggit.models import Tag

from articles.models import Article, ArticleType, Author
from tests.factories import ArticleFactory, AuthorFactory, OutletFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def make_user(username, *groups, perms=()):
    user = User.objects.create_user(username, f"{username}@example.org", "pw-for-tests-only", is_staff=True)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    for codename in perms:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("eda", "Editors"))
    return client


def png_bytes(size=(40, 30), mode="RGB", fmt="PNG", **save_kwargs):
    buffer = io.BytesIO()
    Image.new(mode, size, "navy").save(buffer, fmt, **save_kwargs)
    return buffer.getvalue()


def article_form(**overrides):
    """A complete admin add-form POST with one author and one tag inline."""
    data = {
        "title": "Lachin and the road ahead",
        "slug": "lachin-and-the-road-ahead",
        "kind": ArticleType.objects.get(slug="analysis").pk,
        "language": "en",
        "summary": "A road, a checkpoint and a peace process.",
        "body": "<h2>Background</h2><p>Text.</p><script>alert(1)</script>",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "published_precision": "day",
        "republishing_notice": "",
        "photo_alt": "",
        "photo_caption": "",
        "photo_credit": "",
        "series": "",
        "series_part": "",
        "outlet": "",
        "original_volume": "",
        "original_issue": "",
        "original_date": "",
        "original_date_precision": "day",
        "original_url": "",
        "authorships-TOTAL_FORMS": "1",
        "authorships-INITIAL_FORMS": "0",
        "authorships-MIN_NUM_FORMS": "0",
        "authorships-MAX_NUM_FORMS": "1000",
        "authorships-0-author": "",
        "authorships-0-position": "0",
        "authorships-0-role": "by",
        "taggit-taggeditem-content_type-object_id-TOTAL_FORMS": "1",
        "taggit-taggeditem-content_type-object_id-INITIAL_FORMS": "0",
        "taggit-taggeditem-content_type-object_id-MIN_NUM_FORMS": "0",
        "taggit-taggeditem-content_type-object_id-MAX_NUM_FORMS": "1000",
        "taggit-taggeditem-content_type-object_id-0-tag": "",
    }
    data.update(overrides)
    return data


def test_editors_group_has_exactly_the_editorial_permissions():
    codenames = set(Group.objects.get(name="Editors").permissions.values_list("content_type__app_label", "codename"))
    expected_articles = {
        f"{action}_{model}"
        for model in ["article", "author", "series", "outlet", "authorship"]
        for action in ["add", "change", "delete", "view"]
    } | {"publish_article", "add_articletype", "change_articletype", "view_articletype"}
    expected_articles |= {"change_frontpage", "view_frontpage", "view_placement"} | {
        f"{action}_{place}placement"
        for place in ["lead", "feature", "report"]
        for action in ["add", "change", "delete", "view"]
    }
    assert {c for app, c in codenames if app == "articles"} == expected_articles
    assert {c for app, c in codenames if app == "taggit"} == {
        f"{action}_{model}" for model in ["tag", "taggeditem"] for action in ["add", "change", "delete", "view"]
    }
    assert not any(app == "auth" for app, _ in codenames)


def test_editor_writes_an_article_with_ordered_authors_and_a_tag_and_the_body_is_sanitised(editor_client):
    author = Author.objects.create(name="Fuad Shahbazov", slug="fuad-shahbazov")
    tag = Tag.objects.create(name="Azerbaijan", slug="azerbaijan")
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        article_form(**{"authorships-0-author": author.pk, "taggit-taggeditem-content_type-object_id-0-tag": tag.pk}),
    )
    assert response.status_code == 302, response.context["errors"] if response.context else response
    article = Article.objects.get(slug="lachin-and-the-road-ahead")
    assert article.body == "<h2>Background</h2><p>Text.</p>"
    assert article.ordered_authors == [author]
    assert list(article.tags.names()) == ["Azerbaijan"]
    assert article.status == "draft"
    assert article.created_by.username == "eda"


def test_publishing_without_a_time_sets_it_to_now(editor_client):
    before = timezone.now()
    response = editor_client.post(reverse("admin:articles_article_add"), article_form(status="published"))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == "published"
    assert before <= article.published_at <= timezone.now()
    assert article.is_public is True


def test_admin_refuses_a_file_that_is_not_an_image_and_keeps_what_was_typed(editor_client):
    upload = SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")
    response = editor_client.post(reverse("admin:articles_article_add"), article_form(photo=upload))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["photo"] == [
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ]
    assert response.context["adminform"].form["title"].value() == "Lachin and the road ahead"
    assert Article.objects.count() == 0


def test_admin_refuses_an_image_over_the_pixel_cap(editor_client, settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 1000
    upload = SimpleUploadedFile("big.png", png_bytes((50, 50)), content_type="image/png")
    response = editor_client.post(reverse("admin:articles_article_add"), article_form(photo=upload))
    assert response.context["adminform"].form.errors["photo"] == [
        "The image is 50×50 pixels; the limit is 0 megapixels."
    ]


def test_admin_refuses_an_image_over_the_size_cap(editor_client, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 100
    upload = SimpleUploadedFile("big.png", png_bytes((60, 60)), content_type="image/png")
    response = editor_client.post(reverse("admin:articles_article_add"), article_form(photo=upload))
    assert response.context["adminform"].form.errors["photo"] == ["The image is 0.0 MB; the limit is 0.0 MB."]


def test_uploaded_photo_is_re_encoded_under_a_random_name_without_metadata(editor_client):
    exif = Image.Exif()
    exif[0x010E] = "secret description"  # ImageDescription
    upload = SimpleUploadedFile("my holiday.jpg", png_bytes(fmt="JPEG", exif=exif), content_type="image/jpeg")
    response = editor_client.post(
        reverse("admin:articles_article_add"), article_form(photo=upload, photo_caption="A road", photo_credit="CCSIS")
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.photo.name.startswith("photos/")
    assert "holiday" not in article.photo.name
    assert article.photo.name.endswith(".jpg")
    with Image.open(article.photo.path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (40, 30)
        assert dict(stored.getexif()) == {}


def test_publish_action_publishes_drafts_now_and_keeps_scheduled_times(editor_client):
    kind = ArticleType.objects.get(slug="analysis")
    later = timezone.now() + timedelta(days=2)
    draft = Article.objects.create(title="Draft", slug="draft", kind=kind)
    scheduled = Article.objects.create(title="Later", slug="later", kind=kind, status="review", published_at=later)
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [draft.pk, scheduled.pk]},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["Published 1 article(s) now; scheduled 1."]
    draft.refresh_from_db()
    scheduled.refresh_from_db()
    assert (draft.status, draft.is_public) == ("published", True)
    assert (scheduled.status, scheduled.published_at, scheduled.is_public) == ("published", later, False)


def test_unpublish_action_takes_a_piece_off_the_site(editor_client, client):
    kind = ArticleType.objects.get(slug="analysis")
    article = Article.objects.create(
        title="Live", slug="live", kind=kind, status="published", published_at=timezone.now()
    )
    editor_client.post(
        reverse("admin:articles_article_changelist"), {"action": "unpublish", "_selected_action": [article.pk]}
    )
    article.refresh_from_db()
    assert article.status == "draft"
    assert client.get(article.get_absolute_url()).status_code == 404


def test_writer_without_publish_permission_cannot_publish(client):
    writer = make_user(
        "wri", perms=["add_article", "change_article", "view_article", "add_authorship", "add_taggeditem"]
    )
    client.force_login(writer)
    response = client.post(reverse("admin:articles_article_add"), article_form(status="published"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["status"] == [
        "Select a valid choice. published is not one of the available choices."
    ]
    assert Article.objects.count() == 0


def test_article_change_page_links_to_the_staff_preview(editor_client):
    kind = ArticleType.objects.get(slug="analysis")
    article = Article.objects.create(title="Draft", slug="draft", kind=kind)
    response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert reverse("articles:preview", args=[article.pk]) in response.content.decode()


def test_admin_lists_search_and_filters_find_what_editors_ask_for(editor_client):
    ArticleFactory(title="Karabakh after 2023")
    ArticleFactory(title="Energy in the Caspian")
    ArticleFactory(title="Next week's piece", scheduled=True)
    AuthorFactory(name="Elnur Mammadov", affiliation="Karabakh University")
    AuthorFactory(name="Anar Valiyev", affiliation="CCSIS")
    SeriesFactory(title="Karabakh talks")
    SeriesFactory(title="Caspian energy")
    OutletFactory(name="KarabakhSpace.eu")
    OutletFactory(name="Eurasianet")
    ArticleType.objects.create(name="Karabakh dispatch", plural="Karabakh dispatches", slug="karabakh-dispatch")

    def listed(name, **query):
        response = editor_client.get(reverse(f"admin:articles_{name}_changelist"), query)
        return [str(row) for row in response.context["cl"].result_list]

    assert {name: listed(name, q="Karabakh") for name in ["article", "author", "series", "outlet", "articletype"]} == {
        "article": ["Karabakh after 2023"],
        "author": ["Elnur Mammadov"],
        "series": ["Karabakh talks"],
        "outlet": ["KarabakhSpace.eu"],
        "articletype": ["Karabakh dispatch"],
    }
    assert listed("article", state="scheduled") == ["Next week's piece"]


def test_anonymous_visitors_are_sent_to_the_admin_login():
    from django.test import Client

    response = Client().get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_author_and_outlet_autocompletes_offer_every_match_by_name(editor_client):
    for name in ["Zaur Shiriyev", "Anar Valiyev", "Leyla Mammadova"]:
        AuthorFactory(name=name)
    for name in ["Eurasianet", "Baku Dialogues"]:
        OutletFactory(name=name)

    def offered(model_name, field_name, term=""):
        query = {"app_label": "articles", "model_name": model_name, "field_name": field_name, "term": term}
        return [row["text"] for row in editor_client.get(reverse("admin:autocomplete"), query).json()["results"]]

    assert offered("authorship", "author") == ["Anar Valiyev", "Leyla Mammadova", "Zaur Shiriyev"]
    assert offered("authorship", "author", "yev") == ["Anar Valiyev", "Zaur Shiriyev"]
    assert offered("article", "outlet") == ["Baku Dialogues", "Eurasianet"]
