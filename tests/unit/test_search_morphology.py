"""Stemming: word forms of one word meet in one index term; different words do not."""

from __future__ import annotations

import pytest

from bot.search.morphology import KK_MIN_STEM, stem_en, stem_kk, stem_ru, strip_kk_suffixes
from bot.search.translit import kk_loose


@pytest.mark.parametrize(
    "forms",
    [
        ("құрылтай", "құрылтайдың", "құрылтайға", "құрылтайда", "құрылтайдан", "құрылтайы"),
        ("депутат", "депутаттар", "депутаттары", "депутаттардың", "депутаттармен"),
        ("конституция", "конституцияға", "конституциясы", "конституцияның"),
        ("азамат", "азаматтар", "азаматтарға"),
        ("құқық", "құқығы"),  # қ/ғ alternation
        ("сайланады", "сайланған"),
        ("курылтай", "курылтайга", "құрылтайға"),  # Russian keyboard and proper letters
    ],
)
def test_kazakh_forms_share_one_stem(forms: tuple[str, ...]) -> None:
    assert {stem_kk(form) for form in forms} == {stem_kk(forms[0])}


@pytest.mark.parametrize(
    ("one", "other"),
    [("сот", "сан"), ("заң", "жаңа"), ("астана", "аста"), ("құрылтай", "құрылым")],
)
def test_kazakh_different_words_keep_different_stems(one: str, other: str) -> None:
    assert stem_kk(one) != stem_kk(other)


@pytest.mark.parametrize("word", ["жыл", "сот", "кім", "заң", "ата", "жаңа", "қала", "астана"])
def test_kazakh_stripper_never_cuts_a_root_below_the_minimum(word: str) -> None:
    loose = kk_loose(word)
    assert strip_kk_suffixes(loose) == loose
    assert len(stem_kk(word)) >= KK_MIN_STEM


def test_kazakh_endings_come_off_in_order() -> None:
    # root + plural + possessive + case: депутат + тар + ы + ның
    assert strip_kk_suffixes(kk_loose("депутаттарының")) == "депутат"
    # a bare -ы/-і is a possessive only after a consonant: құрылтай keeps its й
    assert strip_kk_suffixes(kk_loose("құрылтайы")) == kk_loose("құрылтай")


@pytest.mark.parametrize(
    "forms",
    [
        ("депутат", "депутаты", "депутатов", "депутатам"),
        ("президент", "президента", "президентом"),
        ("гражданство", "гражданства", "гражданством"),
    ],
)
def test_russian_forms_share_one_stem(forms: tuple[str, ...]) -> None:
    assert {stem_ru(form) for form in forms} == {stem_ru(forms[0])}


def test_english_forms_share_one_stem() -> None:
    assert stem_en("appoints") == stem_en("appointed") == stem_en("appointing")
    assert stem_en("deputies") == stem_en("deputy")
