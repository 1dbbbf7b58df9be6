"""Hostile and broken WordPress exports: each gets a clear error or is sanitised, and imports nothing
it should not. The files are generated here; the body conversion rules have their own table."""

import io

import pytest

from articles.models import Article
from articles.wordpress.convert import convert_body, split_credit
from articles.wordpress.load import Options, import_file
from articles.wordpress.parse import MAX_DEPTH, WxrError, parse

HEAD = (
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
    'xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Old site</title>'
    "<link>https://old.example.org</link><wp:wxr_version>1.2</wp:wxr_version>"
    "<wp:base_site_url>https://old.example.org</wp:base_site_url>"
)


def post(post_id=1, content="Text.", title="A post", slug="a-post"):
    return (
        f"<item><title>{title}</title><link>https://old.example.org/{slug}/</link><dc:creator>admin</dc:creator>"
        f"<guid>https://old.example.org/?p={post_id}</guid><content:encoded><![CDATA[{content}]]></content:encoded>"
        f"<wp:post_id>{post_id}</wp:post_id><wp:post_date>2021-05-03 12:00:00</wp:post_date>"
        f"<wp:post_date_gmt>2021-05-03 08:00:00</wp:post_date_gmt><wp:post_name>{slug}</wp:post_name>"
        "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>"
    )


def wxr(*items, prolog=""):
    return (prolog + HEAD + "".join(items) + "</channel></rss>").encode()


def parse_bytes(data, **kwargs):
    return parse(io.BytesIO(data), **kwargs)


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1 if n > 1 else ''};" * 10}">' for n in range(1, 10))
    + "]>"
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            wxr(post(title="&lol9;"), prolog=BILLION_LAUGHS),
            "The file declares a document type (DTD); a WordPress export has none, so it is refused.",
        ),
        (
            wxr(
                post(title="&xxe;"),
                prolog='<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
            ),
            "The file declares a document type (DTD); a WordPress export has none, so it is refused.",
        ),
        (
            wxr(post(), prolog='<?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://127.0.0.1:9/evil.dtd">'),
            "The file declares a document type (DTD); a WordPress export has none, so it is refused.",
        ),
        (
            HEAD.encode() + b"<x>" * 10_000 + b"</x>" * 10_000 + b"</channel></rss>",
            f"The file nests elements more than {MAX_DEPTH} levels deep; a WXR needs 5.",
        ),
        (wxr(post())[:-40], None),  # truncated: message checked below
        (
            b'<?xml version="1.0"?><html><body>Not an export</body></html>',
            "This is not a WordPress export (WXR): its root element is <html>, not <rss>.",
        ),
        (
            b'<rss version="2.0"><channel><title>A feed</title><item><title>News</title></item></channel></rss>',
            "This RSS file is not a WordPress export (WXR): it has no wp:wxr_version, authors or posts.",
        ),
        (b"", None),
    ],
    ids=[
        "billion laughs",
        "external entity",
        "external DTD",
        "10,000-level nesting",
        "truncated",
        "wrong root",
        "plain RSS",
        "empty",
    ],
)
def test_hostile_or_broken_files_are_refused_with_a_clear_error(data, message):
    with pytest.raises(WxrError) as error:
        parse_bytes(data)
    if message:
        assert str(error.value) == message
    else:
        assert str(error.value).startswith("The file is not well-formed XML (line 1, column ")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(settings, tmp_path):
    settings.WORDPRESS_IMPORT_MAX_BYTES = 1_000
    big = tmp_path / "big.xml"
    big.write_bytes(wxr(*(post(n) for n in range(1, 20))))
    with big.open("rb") as file, pytest.raises(WxrError) as error:
        parse(file)
    assert str(error.value) == "The file is over 0 MB (the import limit, WORDPRESS_IMPORT_MAX_BYTES); split the export."


def test_a_stream_of_unknown_size_is_cut_off_at_the_limit():
    class Stream(io.RawIOBase):
        def __init__(self, data):
            self.data = io.BytesIO(data)

        def readable(self):
            return True

        def read(self, size=-1):
            return self.data.read(size)

    with pytest.raises(WxrError, match="the import limit"):
        parse(Stream(wxr(*(post(n) for n in range(1, 200)))), max_bytes=5_000)


@pytest.mark.django_db
def test_scripts_javascript_links_and_deep_html_in_content_are_sanitised():
    content = (
        '<p>Safe text <a href="javascript:alert(document.cookie)">click</a> and '
        '<a href=" JaVaScRiPt:alert(1)">again</a> <a href="https://ok.example.org/">fine</a></p>'
        '<script>alert("x")</script><img src=x onerror=alert(1)><p onclick="alert(1)">Para</p>'
        '<iframe src="https://evil.example.org"></iframe><style>body{display:none}</style>'
        + "<div>" * 10_000
        + "deep"
        + "</div>" * 10_000
    )
    report = import_file(io.BytesIO(wxr(post(content=content))), Options())
    body = Article.objects.get(slug="a-post").body
    assert body.startswith(
        '<p>Safe text <a>click</a> and <a>again</a> <a href="https://ok.example.org/">fine</a></p><p>Para</p>'
    )
    assert "deep" in body
    for bad in ("script", "javascript", "onerror", "onclick", "iframe", "<style", "<img", "<div"):
        assert bad not in body.lower()
    assert report.warnings == [
        "post 1 “A post”: a <script> was removed",
        "post 1 “A post”: a link with a javascript:, data: or vbscript: address lost its address",
    ]


@pytest.mark.django_db
def test_a_script_in_a_title_or_excerpt_is_plain_text():
    import_file(io.BytesIO(wxr(post(title="&lt;script&gt;alert(1)&lt;/script&gt;Title"))), Options())
    assert Article.objects.get().title == "Title"


@pytest.mark.parametrize(
    ("content", "body"),
    [
        ("One.\n\nTwo.", "<p>One.</p>\n<p>Two.</p>"),
        ("Line one\nline two", "<p>Line one<br>line two</p>"),
        ("<p>Marked up.</p>\n<p>Already.</p>", "<p>Marked up.</p>\n<p>Already.</p>"),
        ("<h1>Title</h1>\nText after it", "<h2>Title</h2>\n<p>Text after it</p>"),
        ("<h5>Small</h5>", "<h4>Small</h4>"),
        ("<b>bold</b> <i>italic</i>", "<p><strong>bold</strong> <em>italic</em></p>"),
        ("<ul>\n<li>a</li>\n<li>b</li>\n</ul>", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
        ("<!-- wp:paragraph -->\n<p>Block editor</p>\n<!-- /wp:paragraph -->", "<p>Block editor</p>"),
        ("[embed]https://example.org/v[/embed]", '<p><a href="https://example.org/v">https://example.org/v</a></p>'),
        ('Before\n\n[gallery ids="1,2"]\n\nAfter', "<p>Before</p>\n<p>After</p>"),
        ("A note[footnote]kept text[/footnote].", "<p>A notekept text.</p>"),
        ("Brackets [sic] stay.", "<p>Brackets [sic] stay.</p>"),
        ("Şəki, Gəncə və Lənkəran", "<p>Şəki, Gəncə və Lənkəran</p>"),
    ],
)
def test_wordpress_markup_becomes_our_body(content, body):
    assert convert_body(content).html == body


def test_a_caption_shortcode_leaves_the_body_as_data():
    converted = convert_body(
        '[caption id="attachment_7" width="600"]<img src="https://old.example.org/a.jpg" alt="A bridge" /> '
        "The Kura near Mingachevir (Photo credit: CCSIS)[/caption]\n\nText."
    )
    assert converted.html == "<p>Text.</p>"
    assert [(f.attachment_id, f.src, f.alt, f.caption, f.credit) for f in converted.figures] == [
        (7, "https://old.example.org/a.jpg", "A bridge", "The Kura near Mingachevir", "CCSIS")
    ]


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("Soldiers at the border (Photo: TRT Istanbul)", ("Soldiers at the border", "TRT Istanbul")),
        (
            "Leaders in Sochi (Photo credit: MIKHAIL KLIMENTIEV/AFP/Getty Images)",
            ("Leaders in Sochi", "MIKHAIL KLIMENTIEV/AFP/Getty Images"),
        ),
        ("Pipeline; Photo: IENE", ("Pipeline", "IENE")),
        ("Artillery (Photo-Credit: BBC)", ("Artillery", "BBC")),
        ("Photo by Iranian Army/Handout", ("", "Iranian Army/Handout")),
        ("No photo description available.", ("No photo description available.", "")),
        ("A photo of the photographers", ("A photo of the photographers", "")),
        ("", ("", "")),
    ],
)
def test_a_caption_is_split_into_caption_and_credit(caption, expected):
    assert split_credit(caption) == expected
