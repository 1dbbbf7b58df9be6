"""The WordPress import end to end: the sample export (tests/articles/data/wordpress-export.xml)
becomes articles, authors, tags, a photo and old addresses; a rerun changes nothing; a newer export
updates what changed; a dry run writes nothing; a bad file imports nothing."""

import io
import threading
from datetime import UTC, datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from PIL import Image
from taggit.models import Tag

from articles.models import Article, Author, WordPressPost
from editorial.models import Redirect
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "data" / "wordpress-export.xml"
TURKEY = "turkey-is-the-new-major-power-in-the-south-caucasus"


def run(*args, path=SAMPLE):
    out = io.StringIO()
    call_command("import_wordpress", str(path), *args, stdout=out)
    return out.getvalue()


def jpeg(folder, relative):
    target = Path(folder) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (800, 450), (120, 90, 60)).save(target, "JPEG")
    return target


def snapshot():
    return sorted(Article.objects.values_list("slug", "title", "status", "published_at", "updated_at", "body"))


def test_posts_become_articles_with_their_facts():
    run()
    articles = {a.slug: a for a in Article.objects.all()}
    assert sorted(articles) == [
        "ethnic-minorities-in-the-iranian-protests",
        "russias-peace-mission-in-karabakh",
        "tehran-eyes-drone-dominance-in-its-near-abroad",
        "the-current-crisis-between-russia-and-ukraine",
        TURKEY,
        "voa-azerbaijan-rusiya-ukrayna-muharibesi",
    ]
    turkey = articles[TURKEY]
    assert (turkey.title, turkey.kind.slug, turkey.status, turkey.language) == (
        "Turkey is the new major power in the South Caucasus",
        "analysis",
        "published",
        "en",
    )
    assert turkey.published_at == datetime(2020, 11, 12, 8, 0, tzinfo=UTC)
    assert turkey.updated_at == datetime(2020, 11, 13, 6, 30, tzinfo=UTC)
    assert turkey.body == (
        "<p>The bloody six-week conflict erupted between Azerbaijan and Armenia on September 27 in the "
        "Nagorno-Karabakh region resulted in significant territorial gains for Azerbaijani forces. It was no "
        "secret that since the early 2000s Azerbaijan had been steadily building up its armed forces.</p>\n"
        "<p>The recent <strong>Russia-brokered ceasefire agreement</strong> between Baku and Yerevan halted the "
        "ongoing bloodshed<br>and enabled the deployment of Russian peacekeepers in the conflict zone.</p>"
    )
    assert turkey.summary.startswith("The bloody six-week conflict erupted")
    assert (turkey.photo_caption, turkey.photo_credit, turkey.photo_alt) == (
        "Turkish soldier greets an Azerbaijani colleague during recent military exercises between the two countries",
        "TRT Istanbul",
        "Two soldiers greeting each other",
    )
    assert [a.name for a in turkey.ordered_authors] == ["Fuad Shahbazov"]
    assert sorted(turkey.tags.names()) == ["Azerbaijan", "South Caucasus", "Turkey"]

    oped = articles["russias-peace-mission-in-karabakh"]
    assert oped.title == "Russia’s peace mission in Karabakh provokes reaction in Azerbaijan"
    assert oped.kind.slug == "op-ed"
    assert oped.summary == (
        "As part of the 10 November ceasefire agreement that ended last year’s 44-day war, "
        "a contingent of Russian soldiers was deployed to Karabakh as peacekeepers."
    )
    assert "<h2>No agreed mandate</h2>" in oped.body
    assert "wp:" not in oped.body

    voa = articles["voa-azerbaijan-rusiya-ukrayna-muharibesi"]
    assert (voa.language, voa.kind.slug) == ("az", "interview")
    assert voa.title == (
        "VOA Azerbaijan: Rusiya-Ukrayna müharibəsi ənənəvi təhlükəsizlik anlayışını kardinal şəkildə dəyişib"
    )
    assert voa.body.startswith("<p>Siyasi tədqiqatçı Fuad Şahbazov Amerikanın Səsinə")
    assert sorted(voa.tags.names()) == ["Qarabağ"]


def test_statuses_map_to_ours_and_the_scheduled_post_stays_hidden_until_its_time():
    run()
    states = {a.slug: (a.status, a.published_at, a.is_public) for a in Article.objects.all()}
    assert states["tehran-eyes-drone-dominance-in-its-near-abroad"] == (
        "published",
        datetime(2030, 6, 1, 8, 0, tzinfo=UTC),
        False,
    )
    assert states["the-current-crisis-between-russia-and-ukraine"] == ("draft", None, False)
    assert states["ethnic-minorities-in-the-iranian-protests"] == ("review", None, False)
    assert set(Article.objects.published().values_list("slug", flat=True)) == {
        TURKEY,
        "russias-peace-mission-in-karabakh",
        "voa-azerbaijan-rusiya-ukrayna-muharibesi",
    }


def test_a_draft_without_a_utc_time_is_read_in_the_exports_own_offset():
    run()
    draft = Article.objects.get(slug="the-current-crisis-between-russia-and-ukraine")
    assert draft.created_at == datetime(2025, 11, 28, 14, 15, tzinfo=UTC)  # 18:15 at UTC+04:00


def test_status_draft_brings_everything_in_as_a_draft():
    run("--status", "draft")
    assert set(Article.objects.values_list("status", flat=True)) == {"draft"}


def test_authors_are_created_once_and_matched_by_name():
    Author.objects.create(name="Fuad Shahbazov", slug="fuad-shahbazov")
    run()
    run()
    assert sorted(Author.objects.values_list("name", "slug")) == [
        ("CCSIS Editorial Desk", "ccsis-editorial-desk"),
        ("CCSIS Staff", "ccsis-staff"),
        ("Fuad Shahbazov", "fuad-shahbazov"),
    ]


def test_pages_menu_items_and_missing_photos_are_reported_and_skipped():
    output = run()
    assert (
        "page 301 “About”: pages are not imported unless asked for (--include-pages; in the admin, “Import pages too”)"
        in output
    )
    assert "nav_menu_item 401 “Analyses”: nav_menu_items are not imported" in output
    assert "photo 2020/11/turkish-soldier.jpg not found (no --media-dir given)" in output
    assert not Article.objects.filter(slug="about").exists()
    run("--include-pages")
    assert Article.objects.get(slug="about").body == (
        "<p>Independent analysis of Azerbaijan, Armenia, Georgia, Russia, Iran, Turkey and the wider region.</p>"
    )


def test_a_second_run_is_a_no_op():
    run()
    before = (snapshot(), Author.objects.count(), Tag.objects.count(), Redirect.objects.count())
    output = run()
    assert (snapshot(), Author.objects.count(), Tag.objects.count(), Redirect.objects.count()) == before
    assert "  article               0        0          6        0" in output
    assert "author" not in output.split("Note:")[0]


def test_a_newer_export_updates_what_changed_and_keeps_an_editors_other_edits(tmp_path):
    run()
    oped = Article.objects.get(slug="russias-peace-mission-in-karabakh")
    oped.summary = "An editor's own summary."
    oped.save()
    newer = tmp_path / "newer.xml"
    newer.write_text(
        SAMPLE.read_text()
        .replace("causes outrage in Azerbaijan.", "causes outrage in Baku.")
        .replace(
            "<![CDATA[Russia]]></category>",
            "<![CDATA[Russia]]></category>\n"
            '<category domain="post_tag" nicename="peace-process"><![CDATA[Peace process]]></category>',
            1,
        ),
        encoding="utf-8",
    )
    output = run(path=newer)
    oped.refresh_from_db()
    assert "causes outrage in Baku." in oped.body
    assert oped.summary == "An editor's own summary."
    assert sorted(oped.tags.names()) == ["Peace process", "Qarabağ", "Russia"]
    assert "post 102 “Russia&#8217;s peace mission" not in output
    assert "post 102 “Russia’s peace mission in Karabakh provokes reaction in Azerbaijan”: body, tags" in output
    assert "  article               0        1          5        0" in output
    assert Article.objects.count() == 6


def test_a_dry_run_reports_the_same_and_writes_nothing():
    output = run("--dry-run")
    assert output.startswith("Dry run: nothing was written.")
    assert "  article               6        0          0        0" in output
    assert (Article.objects.count(), Author.objects.count(), WordPressPost.objects.count()) == (0, 0, 0)


def test_the_featured_image_comes_from_the_media_dir_re_encoded(tmp_path):
    jpeg(tmp_path / "uploads", "2020/11/turkish-soldier.jpg")
    output = run("--media-dir", str(tmp_path / "uploads"))
    turkey = Article.objects.get(slug=TURKEY)
    assert turkey.photo.name.startswith("photos/")
    assert turkey.photo.name.endswith(".jpg")
    assert "turkish-soldier" not in turkey.photo.name  # stored under a random name
    assert "  photo                 1        0          0        0" in output
    name = turkey.photo.name
    run("--media-dir", str(tmp_path / "uploads"))
    assert Article.objects.get(slug=TURKEY).photo.name == name


def test_a_photo_found_later_is_added_on_the_next_run(tmp_path):
    run()
    assert not Article.objects.get(slug=TURKEY).photo
    jpeg(tmp_path, "turkish-soldier.jpg")  # by its name alone, in a flat folder
    output = run("--media-dir", str(tmp_path))
    assert Article.objects.get(slug=TURKEY).photo
    assert "post 101 “Turkey is the new major power in the South Caucasus”: photo" in output


def test_a_file_that_is_not_an_image_is_reported_not_fatal(tmp_path):
    (tmp_path / "2020/11").mkdir(parents=True)
    (tmp_path / "2020/11/turkish-soldier.jpg").write_bytes(b"<?php system($_GET['c']); ?>")
    output = run("--media-dir", str(tmp_path))
    assert "photo turkish-soldier.jpg: Upload a JPEG, PNG, WebP or GIF image; this file is not one." in output
    assert Article.objects.count() == 6


def test_fetch_media_downloads_the_attachment_url(tmp_path):
    jpeg(tmp_path / "site" / "wp-content/uploads", "2020/11/turkish-soldier.jpg")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=tmp_path / "site"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        export = tmp_path / "export.xml"
        export.write_text(
            SAMPLE.read_text().replace(
                "<![CDATA[https://thecaucasuscenter.org/wp-content/uploads/2020/11/turkish-soldier.jpg]]></wp:attachment_url>",
                f"<![CDATA[http://127.0.0.1:{server.server_port}/wp-content/uploads/2020/11/turkish-soldier.jpg]]>"
                "</wp:attachment_url>",
            ),
            encoding="utf-8",
        )
        run("--fetch-media", path=export)
    finally:
        server.shutdown()
        server.server_close()
    assert Article.objects.get(slug=TURKEY).photo.name.startswith("photos/")


def test_an_existing_article_with_the_same_slug_is_left_alone_and_the_post_skipped():
    ArticleFactory(slug=TURKEY, title="Written here")
    output = run()
    assert Article.objects.get(slug=TURKEY).title == "Written here"
    assert (
        f"post 101 “Turkey is the new major power in the South Caucasus”: an article with the slug “{TURKEY}” "
        "already exists here and was not imported"
    ) in output
    assert Article.objects.count() == 6


def test_a_draft_without_a_slug_gets_one_from_its_title_and_categories_can_be_mapped():
    run("--category-map", "South Caucasus=news-brief", "--category-map", "analysis=skip")
    turkey = Article.objects.get(slug=TURKEY)
    assert turkey.kind.slug == "news-brief"
    assert "South Caucasus" not in turkey.tags.names()
    assert Article.objects.get(slug="ethnic-minorities-in-the-iranian-protests").kind.slug == "analysis"  # default


def test_a_bad_category_map_or_type_is_a_clear_error():
    with pytest.raises(CommandError, match="--category-map takes CATEGORY=TYPE"):
        run("--category-map", "Analysis")
    with pytest.raises(CommandError, match="There is no article type 'essay'"):
        run("--default-type", "essay")
    with pytest.raises(CommandError, match="--time-zone 'Mars/Olympus' is not a time zone"):
        run("--time-zone", "Mars/Olympus")
    with pytest.raises(CommandError, match="Cannot read /no/such/export.xml: No such file or directory."):
        run(path="/no/such/export.xml")


def test_a_truncated_export_imports_nothing(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_bytes(SAMPLE.read_bytes()[: len(SAMPLE.read_bytes()) * 2 // 3])
    with pytest.raises(
        CommandError, match=r"The file is not well-formed XML \(line \d+, column \d+\); is it complete\?"
    ):
        run(path=broken)
    assert Article.objects.count() == 0


def test_old_addresses_are_stored_for_each_post():
    run()
    post = WordPressPost.objects.get(post_id=101)
    assert (post.guid, post.link, post.site) == (
        "https://thecaucasuscenter.org/?p=101",
        f"https://thecaucasuscenter.org/2020/11/12/{TURKEY}/",
        "https://thecaucasuscenter.org",
    )
    assert sorted(Redirect.objects.leading_to(post.article).values_list("old_path", "new_path")) == [
        (f"/2020/11/12/{TURKEY}/", f"/articles/{TURKEY}/"),
        (f"/2020/11/{TURKEY}/", f"/articles/{TURKEY}/"),
        ("/?p=101", f"/articles/{TURKEY}/"),
    ]


def test_a_post_that_appears_twice_is_imported_once(tmp_path):
    text = SAMPLE.read_text()
    start, end = text.index("\t<item>"), text.index("</item>") + len("</item>")
    doubled = tmp_path / "doubled.xml"
    doubled.write_text(text[:end] + "\n" + text[start:end] + text[end:], encoding="utf-8")
    output = run(path=doubled)
    assert (
        "post 101 “Turkey is the new major power in the South Caucasus”: it appears twice in the export; "
        "the first one was imported"
    ) in output
    assert Article.objects.filter(slug=TURKEY).count() == 1
