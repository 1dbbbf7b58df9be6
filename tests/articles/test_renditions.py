"""Photos through renditions (articles/renditions.py): made when a photo is stored, named after it, shown
with srcset, sizes, WebP, width and height; lazy below the fold; cards without a photo stay typographic;
a caption never without its photo; the admin's "needs a photo" filter."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles import renditions
from articles.models import Article, FrontPage, Placement
from tests.articles.test_admin import make_user
from tests.articles.test_views import elements, tags_in, texts
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def upload(size=(1800, 1200), fmt="JPEG", mode="RGB", name="photo.jpg"):
    buffer = io.BytesIO()
    Image.new(mode, size, (90, 120, 150) if mode == "RGB" else (90, 120, 150, 128)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def stored_size(name):
    with default_storage.open(name, "rb") as file, Image.open(file) as image:
        return image.format, image.size


@pytest.mark.parametrize(
    ("width", "expected"), [(300, [300]), (480, [480]), (1000, [480, 800, 1000]), (2400, [480, 800, 1200, 1600])]
)
def test_widths_are_the_standard_ones_below_the_photo_and_its_own_up_to_the_widest(width, expected):
    assert renditions.widths_for(width) == expected


def test_storing_a_photo_makes_its_renditions_in_its_format_and_webp_and_records_its_size():
    article = ArticleFactory(photo=upload(size=(1800, 1200)))
    stem = article.photo.name.removesuffix(".jpg")

    assert (article.photo_width, article.photo_height) == (1800, 1200)
    assert {w: stored_size(f"{stem}-{w}w.jpg") for w in (480, 800, 1200, 1600)} == {
        480: ("JPEG", (480, 320)),
        800: ("JPEG", (800, 533)),
        1200: ("JPEG", (1200, 800)),
        1600: ("JPEG", (1600, 1067)),
    }
    assert stored_size(f"{stem}-800w.webp") == ("WEBP", (800, 533))
    assert Article.objects.get().photo_width == 1800


def test_a_transparent_photo_keeps_png_renditions_beside_webp():
    article = ArticleFactory(photo=upload(size=(600, 400), fmt="PNG", mode="RGBA", name="map.png"))
    stem = article.photo.name.removesuffix(".png")

    assert stored_size(f"{stem}-480w.png") == ("PNG", (480, 320))
    assert stored_size(f"{stem}-600w.webp") == ("WEBP", (600, 400))


def test_removing_the_photo_forgets_its_size():
    article = ArticleFactory(photo=upload())
    article.photo = ""
    article.save()

    assert Article.objects.filter(photo_width=None, photo_height=None).count() == 1


def test_without_webp_in_pillow_only_the_photos_own_format_is_offered(monkeypatch):
    article = ArticleFactory(photo=upload(size=(900, 600)))
    monkeypatch.setattr(renditions, "webp_supported", lambda: False)

    picture = renditions.picture(article.photo, 900, 600)

    assert picture.sources == []
    assert picture.srcset.endswith("-900w.jpg 900w")


def test_the_lead_shows_its_photo_eagerly_with_webp_sources_sizes_and_dimensions(client):
    article = ArticleFactory(title="Lead", photo=upload(size=(1800, 1200)), photo_alt="A road", photo_caption="Lachin")
    stem = "/media/" + article.photo.name.removesuffix(".jpg")

    response = client.get("/")

    (source,) = tags_in(response, "source", within="lead__figure")
    (image,) = tags_in(response, "img", within="lead__figure")
    widths = (480, 800, 1200, 1600)
    assert source == {
        "type": "image/webp",
        "srcset": ", ".join(f"{stem}-{w}w.webp {w}w" for w in widths),
        "sizes": "(min-width: 72rem) 44rem, (min-width: 56em) 62vw, 100vw",
    }
    assert image["srcset"] == ", ".join(f"{stem}-{w}w.jpg {w}w" for w in widths)
    assert (image["src"], image["width"], image["height"], image["alt"]) == (f"{stem}-800w.jpg", "800", "533", "A road")
    assert image["fetchpriority"] == "high"
    assert "loading" not in image
    assert texts(response, "lead__caption") == ["Lachin"]


def test_cards_below_the_fold_load_their_photos_lazily_and_pieces_without_one_get_a_typographic_card(client):
    ArticleFactory(title="Lead", published_at=timezone.now())
    with_photo = ArticleFactory(title="With photo", photo=upload(size=(1000, 500)), photo_alt="Pipes")
    ArticleFactory(title="Without photo")
    Placement.objects.create(front_page=FrontPage.current(), article=with_photo, place="feature", position=0)
    Placement.objects.create(
        front_page=FrontPage.current(), article=Article.objects.get(title="Without photo"), place="feature", position=1
    )

    response = client.get("/")

    cards = [(card["attrs"]["class"], card["links"][0]) for card in elements(response, "card")]
    assert cards == [("card card--photo", "/articles/with-photo/"), ("card card--text", "/articles/without-photo/")]
    (image,) = tags_in(response, "img", within="front-features")
    assert (image["loading"], image["width"], image["height"], image["alt"]) == ("lazy", "480", "240", "Pipes")
    assert len(elements(response, "card__photo")) == 1  # the card without a photo has no frame


def test_a_caption_or_credit_without_its_photo_is_never_shown_on_the_front_page(client):
    ArticleFactory(title="Lead", photo_caption="Leaders in Sochi", photo_credit="AFP")

    response = client.get("/")

    assert texts(response, "lead__title") == ["Lead"]
    assert elements(response, "lead__caption") == []
    assert "Sochi" not in response.content.decode()
    assert "AFP" not in response.content.decode()


def test_a_photo_stored_before_renditions_gets_them_and_its_size_from_the_command(capsys):
    article = ArticleFactory(photo=upload(size=(1000, 600)))
    stem = article.photo.name.removesuffix(".jpg")
    for name in [f"{stem}-{w}w.{ext}" for w in (480, 800, 1000) for ext in ("jpg", "webp")]:
        default_storage.delete(name)
    Article.objects.update(photo_width=None, photo_height=None)

    call_command("make_renditions")

    assert stored_size(f"{stem}-1000w.webp") == ("WEBP", (1000, 600))
    assert Article.objects.values_list("photo_width", "photo_height").get() == (1000, 600)
    assert capsys.readouterr().out == "Made 6 rendition(s).\n"


def test_a_photo_of_unknown_size_is_shown_as_stored(client):
    article = ArticleFactory(title="Lead", photo=upload(size=(1000, 600)), photo_alt="A bridge")
    Article.objects.update(photo_width=None)

    (image,) = tags_in(client.get("/"), "img", within="lead__figure")

    assert image == {"src": f"/media/{article.photo.name}", "alt": "A bridge", "decoding": "async"}


def test_the_admin_lists_the_pieces_that_need_a_photo(client):
    client.force_login(make_user("eda", "Editors"))
    ArticleFactory(title="Has one", photo=upload(size=(600, 400)), photo_alt="A port")
    ArticleFactory(title="Has one, undescribed", photo=upload(size=(600, 400)))
    ArticleFactory(title="Needs one")

    def listed(value):
        response = client.get(reverse("admin:articles_article_changelist"), {"photo": value})
        return sorted(article.title for article in response.context["cl"].result_list)

    assert listed("needed") == ["Needs one"]
    assert listed("undescribed") == ["Has one, undescribed"]
    assert listed("yes") == ["Has one", "Has one, undescribed"]
