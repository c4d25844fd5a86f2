"""The substring test in front of the candidate-name search never drops a text the search would match."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kamdocs.load.privacy_check import could_name, family_key, name_pattern, searchable

SETTINGS = settings(deadline=None, max_examples=200)

letters = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüÄÖÜßéİıſK"))
words = st.text(letters, min_size=2, max_size=8)
spacing = st.sampled_from([" ", "  ", "\u00a0", ", ", "\n", "-", ""])


@SETTINGS
@given(st.lists(words, min_size=2, max_size=3), st.lists(st.one_of(words, spacing), max_size=12), st.data())
def test_a_text_the_pattern_matches_always_passes_the_substring_test(
    name_words: list[str], filler: list[str], data: st.DataObject
) -> None:
    name = " ".join(name_words)
    pattern = name_pattern(name)
    assume(pattern is not None)  # titles such as 'Mr' leave a single word: not watched
    assert pattern is not None
    # A text that spells the name in some case variant somewhere, or only filler.
    spelled = "".join(data.draw(st.sampled_from([c.lower(), c.upper(), c])) for c in name)
    text = "".join(filler) + (data.draw(st.sampled_from([" ", "", "x"])) + spelled if data.draw(st.booleans()) else "")
    if pattern.search(text):
        assert could_name(family_key(name), searchable(text))


def test_the_substring_test_rules_out_texts_without_the_family_name() -> None:
    key = family_key("Dr. Katrin Vogt")
    assert key == "vogt"
    assert could_name(key, searchable("Abstimmung mit VOGT, Katrin"))
    assert not could_name(key, searchable("Abstimmung mit dem Einkauf"))
    assert could_name(family_key("Jörg Müller"), searchable("anything"))  # not ASCII: always searched
    assert could_name(key, searchable("Voſt"))  # a long s: searched name by name


@pytest.mark.slow
def test_only_three_letters_match_ascii_under_ignorecase_beyond_lower_case() -> None:
    """The premise of the substring test, over all of Unicode."""
    odd = set()
    for c in "abcdefghijklmnopqrstuvwxyz0123456789'-":
        literal = re.compile(re.escape(c), re.IGNORECASE)
        for code in range(sys.maxunicode + 1):
            if 0xD800 <= code <= 0xDFFF:
                continue
            t = chr(code)
            if (literal.fullmatch(t) is not None) != (t.lower() == c):
                odd.add(t)
    assert odd == {"\u0130", "\u0131", "\u017f"}
