"""The word-count rule's edge cases, read from the one table both sides follow:
tests/conferences/wordcount_cases.json. The server (test_wordcount.py) and the browser's counter
(tests/e2e/test_conference_word_counter.py) must both give its numbers of words and characters."""

import json
from pathlib import Path

CASES_FILE = Path(__file__).with_name("wordcount_cases.json")
CASES = json.loads(CASES_FILE.read_text(encoding="utf-8"))
#: ``(text, words, what the case shows)``, as the tests have always read them.
WORD_COUNT_CASES = [(case["text"], case["words"], case["case"]) for case in CASES]
#: ``(text, characters, what the case shows)``.
CHARACTER_CASES = [(case["text"], case["characters"], case["case"]) for case in CASES]
