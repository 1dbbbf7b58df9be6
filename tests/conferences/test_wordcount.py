"""The one word-count rule (conferences/wordcount.py), its table of edge cases, and its validators."""

import pytest
from django.core.exceptions import ValidationError

from conferences.wordcount import (
    character_limit,
    count_characters,
    count_words,
    validate_character_limit,
    validate_plain_text,
    validate_word_limit,
)

from .wordcount_table import CHARACTER_CASES, WORD_COUNT_CASES


@pytest.mark.parametrize(("text", "words", "case"), WORD_COUNT_CASES, ids=[c[2] for c in WORD_COUNT_CASES])
def test_count_words_follows_the_documented_rule(text, words, case):
    assert count_words(text) == words


def test_count_words_treats_none_as_empty():
    assert count_words(None) == 0


@pytest.mark.parametrize(("text", "characters", "case"), CHARACTER_CASES, ids=[c[2] for c in CHARACTER_CASES])
def test_count_characters_follows_the_documented_rule(text, characters, case):
    assert count_characters(text) == characters


@pytest.mark.parametrize(
    ("text", "characters"),
    [("", 0), ("  peace  ", 5), ("a\r\nb", 3), ("a\rb", 3), ("Мир", 3), ("😀", 1), ("\n\nab\n\n", 2)]
    + [("a \n\n\t b", 3), ("a\u2028\u2029b", 3), ("a\u3000\u3164\u2800 b", 3), ("re\u0301sume\u0301", 6)],
)
def test_count_characters_counts_code_points_with_each_run_of_white_space_once(text, characters):
    assert count_characters(text) == characters


@pytest.mark.parametrize("blank", ["\u3164", "\u115f", "\u1160", "\uffa0", "\u2800"])
def test_a_blank_filler_separates_words_wherever_it_stands(blank):
    assert count_words(f"one{blank}two{blank}{blank}three{blank}") == 3
    assert count_words(blank * 50) == 0


@pytest.mark.parametrize(
    "markup",
    ["<b>", "</p>", "<br/>", "<br>", '<a href="x">', "<!-- note -->", "&amp;", "&nbsp;", "&#160;", "&#x2014;"]
    + ["<script>", "<IMG SRC=x>", "<p\nclass=x>"],
)
def test_markup_in_the_plain_text_abstract_is_refused_naming_it(markup):
    with pytest.raises(ValidationError) as raised:
        validate_plain_text(f"Peace {markup}talks")
    assert raised.value.code == "markup"
    assert raised.value.messages == [
        f"The abstract is plain text: remove the markup {markup}. Separate paragraphs with an empty line; "
        "write “&” and “<” as they are."
    ]


@pytest.mark.parametrize("text", ["a < b and c > d", "5<7", "AT&T", "Q&A", "x <- y", "<3", "& more", "<>"])
def test_plain_text_with_angle_brackets_and_ampersands_is_accepted(text):
    validate_plain_text(text)


def test_the_character_cap_is_ten_characters_per_word():
    assert character_limit(300) == 3000


def test_300_words_pass_and_301_words_fail_with_the_numbers():
    validate_word_limit("word " * 300, 300)

    with pytest.raises(ValidationError) as raised:
        validate_word_limit("word " * 301, 300)

    assert raised.value.code == "too_many_words"
    assert raised.value.messages == ["At most 300 words; this has 301."]


def test_a_300_word_abstract_with_wide_line_spacing_is_within_3000_characters():
    text = "\n \n \n\t\n".join(["word"] * 300)
    assert (count_words(text), len(text), count_characters(text)) == (300, 3293, 1499)
    validate_character_limit(text, 3000)


def test_text_without_spaces_is_stopped_by_the_character_cap():
    text = "x" * 3001
    validate_word_limit(text, 300)

    with pytest.raises(ValidationError) as raised:
        validate_character_limit(text, 3000)

    assert raised.value.code == "too_many_characters"
    assert raised.value.messages == ["At most 3000 characters; this has 3001."]
