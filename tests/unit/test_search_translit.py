"""Transliteration: Kazakh and Russian typed in Latin, Kazakh typed on a Russian keyboard."""

from __future__ import annotations

import pytest

from bot.search.translit import (
    collapse_doubles,
    kk_cyrillic_to_latin,
    kk_latin_to_cyrillic,
    kk_loose,
    ru_latin_to_cyrillic,
)


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("skolko", "сколко"),
        ("deputatov", "депутатов"),
        ("prezident", "президент"),
        ("konstitutsiya", "конституция"),
        ("konstituciya", "конституция"),
        ("chto", "что"),
        ("zhilya", "жиля"),
        ("vybory", "выборы"),
        ("novyy", "новый"),
        ("kurultai", "курултай"),
        ("vice", "вице"),
        ("shchit", "щит"),
    ],
)
def test_russian_typed_in_latin_becomes_cyrillic(latin: str, cyrillic: str) -> None:
    assert ru_latin_to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("qūryltai", "құрылтай"),  # 2021 alphabet
        ("memlekettık", "мемлекеттік"),
        ("jäne", "және"),
        ("sailau", "сайлау"),  # informal: i after a vowel is й
        ("tagaiyndaidy", "тагайындайды"),
        ("boiynsha", "бойынша"),
        ("zhana", "жана"),
        ("shetel", "шетел"),
        ("keñes", "кеңес"),
    ],
)
def test_kazakh_latin_becomes_cyrillic(latin: str, cyrillic: str) -> None:
    assert kk_latin_to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("құрылтай", "курылтай"),  # typed with Russian letters
        ("тағайындайды", "тагайындайды"),
        ("мемлекеттік", "мемлекеттик"),
        ("өкілеттік", "окилеттик"),
        ("конституция", kk_latin_to_cyrillic("konstitutsia")),
        ("құрылтай", kk_latin_to_cyrillic("quryltai")),
    ],
)
def test_kazakh_with_and_without_special_letters_meet_in_the_loose_key(
    one: str, other: str
) -> None:
    assert collapse_doubles(kk_loose(one)) == collapse_doubles(kk_loose(other))


def test_loose_key_keeps_different_words_apart() -> None:
    assert kk_loose("сот") != kk_loose("сан")
    assert kk_loose("жыл") != kk_loose("жол")


def test_kazakh_cyrillic_to_2021_latin() -> None:
    assert kk_cyrillic_to_latin("құрылтай") == "qūryltai"
    assert kk_cyrillic_to_latin("мәжіліс") == "mäjılıs"
    assert kk_cyrillic_to_latin("жаңа") == "jaña"
