"""The word diff reads as the text a reader sees: tags stripped, words marked, everything escaped."""

import pytest

from editorial.diff import visible_text, word_diff


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("<p>One two three.</p>", "<p>One two three.</p>", "One two three."),
        ("<p>One two three.</p>", "<p>One three.</p>", "One<del> two</del> three."),
        ("<p>One three.</p>", "<p>One <em>two</em> three.</p>", "One<ins> two</ins> three."),
        ("<p>Most of it.</p>", "<p>Almost all of it.</p>", "<del>Most</del><ins>Almost all</ins> of it."),
        ("<p>A</p><p>B</p>", "<p>A</p><p>C</p>", "A<br><del>B</del><ins>C</ins>"),
        ("<p>x</p>", "<p>x &lt;script&gt;</p>", "x<ins> &lt;script&gt;</ins>"),
        ("<p>Tom &amp; Jerry</p>", "<p>Tom &amp; Jerry</p>", "Tom &amp; Jerry"),
        ("", "<p>New.</p>", "<ins>New.</ins>"),
    ],
)
def test_word_diff(before, after, expected):
    assert word_diff(before, after) == expected


def test_visible_text_keeps_one_line_per_block_and_decodes_entities():
    assert visible_text("<h2>Title</h2><p>A &amp; <strong>B</strong></p><ul><li>x</li></ul>") == "Title\nA & B\nx"
