"""Normalisation: both the index and the questions are folded to the same plain words."""

from __future__ import annotations

import pytest

from bot.search.normalize import fold_latin, normalize, script_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Сколько ДЕПУТАТОВ?!", "сколько депутатов"),
        ("Ещё   раз,\tпожалуйста…", "еще раз пожалуйста"),
        ("вице-президент", "вице президент"),
        ("Құрылтай — это что? 🤔🇰🇿", "құрылтай это что"),
        ("депу\u200bтат\u00ad", "депутат"),
        ("People’s Council", "people council"),
        ("an MP's immunity", "an mp immunity"),
        ("Статья №42", "статья no42"),
        ("ＡＢＣ１２３", "abc123"),
        ("\x00\x07скок\n\r", "скок"),
        ("", ""),
        ("🙂🙂🙂", ""),
        ("?!.,;:—«»", ""),
    ],
)
def test_normalize_folds_case_punctuation_emoji_and_invisible_characters(
    text: str, expected: str
) -> None:
    assert normalize(text) == expected


def test_normalize_repairs_latin_lookalikes_inside_a_cyrillic_word() -> None:
    # "бiлiм" typed with Latin i, "Kурултай" with a Latin K
    assert normalize("бiлiм") == "білім"
    assert normalize("Kурултай") == "курултай"


def test_normalize_keeps_pure_words_of_each_script_apart() -> None:
    assert normalize("Qurultai Құрылтай Курултай") == "qurultai құрылтай курултай"


@pytest.mark.parametrize(
    ("word", "script"),
    [("депутат", "cyrillic"), ("құрылтай", "cyrillic"), ("qūryltai", "latin"), ("145", "digits")],
)
def test_script_of(word: str, script: str) -> None:
    assert script_of(word) == script


def test_fold_latin_drops_kazakh_latin_diacritics() -> None:
    assert fold_latin("qūryltai") == "quryltai"
    assert fold_latin("mäjılıs") == "majilis"
