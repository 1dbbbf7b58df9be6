"""The one word-count rule (conferences/wordcount.py), its table of edge cases, and its validators."""

import pytest
from django.core.exceptions import ValidationError

from conferences.wordcount import (
    character_limit,
    count_characters,
    count_words,
    validate_character_limit,
    validate_word_limit,
)

from .wordcount_table import WORD_COUNT_CASES


@pytest.mark.parametrize(("text", "words", "case"), WORD_COUNT_CASES, ids=[c[2] for c in WORD_COUNT_CASES])
def test_count_words_follows_the_documented_rule(text, words, case):
    assert count_words(text) == words


def test_count_words_treats_none_as_empty():
    assert count_words(None) == 0


@pytest.mark.parametrize(
    ("text", "characters"),
    [("", 0), ("  peace  ", 5), ("a\r\nb", 3), ("a\rb", 3), ("Мир", 3), ("😀", 1), ("\n\nab\n\n", 2)],
)
def test_count_characters_counts_code_points_after_normalising_line_endings(text, characters):
    assert count_characters(text) == characters


def test_the_character_cap_is_ten_characters_per_word():
    assert character_limit(300) == 3000


def test_300_words_pass_and_301_words_fail_with_the_numbers():
    validate_word_limit("word " * 300, 300)

    with pytest.raises(ValidationError) as raised:
        validate_word_limit("word " * 301, 300)

    assert raised.value.code == "too_many_words"
    assert raised.value.messages == ["At most 300 words; this has 301."]


def test_text_without_spaces_is_stopped_by_the_character_cap():
    text = "x" * 3001
    validate_word_limit(text, 300)

    with pytest.raises(ValidationError) as raised:
        validate_character_limit(text, 3000)

    assert raised.value.code == "too_many_characters"
    assert raised.value.messages == ["At most 3000 characters; this has 3001."]
