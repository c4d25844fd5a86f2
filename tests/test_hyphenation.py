"""kamdocs' hyphenation dictionaries: reference word lists, the build script, lending them to Pyphen."""

from __future__ import annotations

import shutil
import sys
import threading
from pathlib import Path

import pyphen  # type: ignore[import-untyped]
import pytest

import tests.hyphenation_reference as ref
from kamdocs.render.hyphenation import DICTIONARIES, dictionary_path, kamdocs_hyphenation

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
sys.path.insert(0, str(SCRIPTS))

import build_hyphenation  # noqa: E402

LANGUAGES = ("de", "en")
# WeasyPrint's default hyphenate-limit-chars (5 2 2); English's "3 after" is inside its dictionary.
LEFT, RIGHT = 2, 2


def hyphenator(language: str, left: int = LEFT, right: int = RIGHT) -> pyphen.Pyphen:
    """Pyphen as WeasyPrint asks for it (by language name) while kamdocs' dictionaries are lent."""
    with kamdocs_hyphenation():
        return pyphen.Pyphen(lang=language, left=left, right=right)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_break_is_acceptable(language: str) -> None:
    dictionary = hyphenator(language)
    wrong = []
    for reference in ref.load(language).values():
        breaks = list(dictionary.positions(reference.word))
        if ref.wrong(reference, breaks):
            wrong.append(f"{reference.show(breaks)} (wrong: {ref.wrong(reference, breaks)})")
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_compound_joints_are_always_offered(language: str) -> None:
    dictionary = hyphenator(language)
    missing = []
    for reference in ref.load(language).values():
        breaks = set(dictionary.positions(reference.word))
        wanted = {p for p in reference.joints if LEFT <= p <= len(reference.word) - RIGHT}
        if not wanted <= breaks:
            missing.append(reference.show(sorted(breaks)))
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_long_words_get_a_break(language: str) -> None:
    dictionary = hyphenator(language)
    unbroken = [
        reference.word
        for reference in ref.load(language).values()
        if len(reference.word) >= 8
        and any(3 <= p <= len(reference.word) - 3 for p in reference.acceptable)
        and not dictionary.positions(reference.word)
    ]
    assert unbroken == []


def test_upper_case_words_break_like_lower_case() -> None:
    dictionary = hyphenator("de")
    assert dictionary.inserted("DEUTSCHLANDS") == "DEUTSCH-LANDS"
    assert dictionary.inserted("FORTSCHREIBEN") == "FORT-SCHREI-BEN"


def test_reference_lists_cover_the_reported_words() -> None:
    german, english = ref.load("de"), ref.load("en")
    assert len(german) >= 150 and len(english) >= 80
    for word in ("fortschreiben", "chemiebranche", "abwasserinfrastruktur", "kundenmanagement", "deutschlands"):
        assert word in german
    for word in ("vertriebsinnendienst", "außendienst", "kennzahlen", "rahmenvertrag"):
        assert word in german
    for word in ("customer", "revenue", "shortlist"):
        assert word in english


def test_the_reference_rejects_the_reported_breaks() -> None:
    german, english = ref.load("de"), ref.load("en")
    reported = {
        "fortschreiben": 5,  # forts-chreiben
        "chemiebranche": 7,  # Chemieb-ranche
        "abwasserinfrastruktur": 7,  # Abwasse-rinfrastruktur
        "kundenmanagement": 10,  # Kundenmana-gement
        "deutschlands": 4,  # Deut-schlands
    }
    for word, point in reported.items():
        assert ref.wrong(german[word], [point]) == [point], word
    for word, point in {"customer": 6, "revenue": 5, "shortlist": 6}.items():  # custom-er, reven-ue, Shortl-ist
        assert ref.wrong(english[word], [point]) == [point], word
    assert ref.wrong(german["deutschlands"], [7]) == []  # Deutsch-lands


def test_english_keeps_three_letters_after_a_break_whatever_the_caller_asks() -> None:
    dictionary = hyphenator("en", left=1, right=1)
    for word in ("customer", "customers", "revenue", "submitted", "category"):
        assert all(2 <= p <= len(word) - 3 for p in dictionary.positions(word)), dictionary.inserted(word)


def test_dictionaries_are_lent_only_inside_the_block() -> None:
    before = dict(pyphen.LANGUAGES)
    assert all(pyphen.LANGUAGES.get(name) != dictionary_path(name) for name in DICTIONARIES)
    with kamdocs_hyphenation():
        german = pyphen.Pyphen(lang="de-DE")
        with kamdocs_hyphenation():  # nested (e.g. a handbook and an account plan): still lent
            english = pyphen.Pyphen(lang="en-GB")
        assert pyphen.language_fallback("de") == "de"
        assert pyphen.LANGUAGES["de"] == dictionary_path("de")
    assert dict(pyphen.LANGUAGES) == before
    # German, then English, in one process: each language gets its own patterns.
    assert german.inserted("Deutschlands") == "Deutsch-lands"
    assert english.inserted("shortlist") == "short-list"


def test_overlapping_blocks_in_threads_keep_the_dictionaries_until_the_last_ends() -> None:
    before = dict(pyphen.LANGUAGES)
    entered, release = threading.Event(), threading.Event()
    seen: list[Path] = []

    def other_build() -> None:
        with kamdocs_hyphenation():
            entered.set()
            release.wait(5)
            seen.append(pyphen.LANGUAGES["de"])

    thread = threading.Thread(target=other_build)
    with kamdocs_hyphenation():
        thread.start()
        entered.wait(5)
    release.set()  # this block ended first; the other build must still see kamdocs' dictionary
    thread.join(5)
    assert seen == [dictionary_path("de")]
    assert dict(pyphen.LANGUAGES) == before


def test_shipped_dictionaries_are_what_the_script_builds_from_the_committed_sources() -> None:
    for language in build_hyphenation.LANGUAGES:
        shipped = (build_hyphenation.TARGET / language.output).read_text(encoding="utf-8")
        assert shipped == build_hyphenation.build(language), (
            f"{language.output} is stale: run python scripts/build_hyphenation.py"
        )


def test_shipped_dictionaries_are_single_level_with_their_licence() -> None:
    for name in set(DICTIONARIES.values()):
        text = (dictionary_path("de").parent / name).read_text(encoding="utf-8")
        assert text.startswith("UTF-8\n")
        assert "NEXTLEVEL" not in text
        assert "licence:" in text and "Copyright" in text


def test_an_exception_overrides_the_patterns_for_that_word_only(tmp_path: Path) -> None:
    shutil.copy(build_hyphenation.SOURCES / "hyph-de-1996.tex", tmp_path)
    (tmp_path / "exceptions.txt").write_text("# test\nKennzah-len\n", encoding="utf-8")
    language = build_hyphenation.Language("x.dic", "hyph-de-1996.tex", "exceptions.txt", left=2, right=2)
    (tmp_path / "x.dic").write_text(build_hyphenation.build(language, tmp_path), encoding="utf-8")
    dictionary = pyphen.Pyphen(filename=tmp_path / "x.dic", cache=False)
    assert dictionary.inserted("KENNZAHLEN") == "KENNZAH-LEN"
    assert dictionary.inserted("Kennzahl") == "Kenn-zahl"  # other forms keep the patterns


def test_a_malformed_exception_is_reported_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "exceptions.txt").write_text("Kenn-zahlen\nzwei Wörter\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"exceptions.txt:2: error: .*'zwei Wörter'"):
        build_hyphenation.read_exceptions(tmp_path / "exceptions.txt")
