"""Stemming: Snowball for Russian and English, a small suffix stripper for Kazakh.

"депутатов" and "депутаты", "appoints" and "appointed", "құрылтайдың" and "құрылтайға" must meet
in one index term. Stems are cached because the Snowball stemmers are pure Python (~30 µs a word).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

import snowballstemmer

from bot.search.translit import by_letter, collapse_doubles, kk_loose

_RU_STEMMER: Final = snowballstemmer.stemmer("russian")
_EN_STEMMER: Final = snowballstemmer.stemmer("english")

KK_MIN_STEM: Final = 3
"""A Kazakh stem is never cut below three letters (жыл, сот, кім)."""

_LOOSE_VOWELS: Final = frozenset("аеиоу")


def _longest_first(*suffixes: str) -> tuple[str, ...]:
    return tuple(sorted(set(suffixes), key=len, reverse=True))


# Kazakh endings in the loose key (translit.kk_loose), so that words typed with Russian letters
# are stripped the same way. A word is root + plural + possessive + case (or a verb ending);
# they are taken off from the end, at most one of each, in that order.
_KK_CASE: Final = _longest_first(
    # genitive -ның/-нің/-дың/-дің/-тың/-тің
    "нин",
    "дин",
    "тин",
    # dative -ға/-ге/-қа/-ке/-на/-не
    "га",
    "ге",
    "ка",
    "ке",
    "на",
    "не",
    # locative -да/-де/-та/-те/-нда/-нде and -дағы/-дегі/-тағы/-тегі
    "да",
    "де",
    "та",
    "те",
    "нда",
    "нде",
    "даги",
    "деги",
    "таги",
    "теги",
    "ндаги",
    "ндеги",
    # ablative
    "дан",
    "ден",
    "тан",
    "тен",
    "нан",
    "нен",
    # accusative -ды/-ді/-ты/-ті/-ны/-ні
    "ди",
    "ти",
    "ни",
    # instrumental
    "мен",
    "бен",
    "пен",
    # verbs: present -ады/-еді/-йды/-йді, participles -ған/-ген/-қан/-кен, -атын/-етін/-йтын
    "ади",
    "еди",
    "йди",
    "ган",
    "ген",
    "кан",
    "кен",
    "атин",
    "етин",
    "йтин",
)
# Endings with н that only follow the possessive -ы/-і (Құрылтайына); elsewhere they end roots
# (Астана, жаңа).
_KK_AFTER_POSSESSIVE: Final = frozenset({"на", "не", "нда", "нде", "ндаги", "ндеги"})
# possessive -сы/-сі, -ымыз/-іміз, -ыңыз/-іңіз; the bare -ы/-і is handled apart, and -ым/-ің are
# left alone because too many roots end that way (мерзім, білім, тізім).
_KK_POSSESSIVE: Final = _longest_first("си", "имиз", "миз", "иниз", "низ")
_KK_PLURAL: Final = _longest_first("лар", "лер", "дар", "дер", "тар", "тер")
# Final voiced consonants alternate with voiceless ones before a vowel (құқық -> құқығы).
_KK_DEVOICE: Final = {"г": "к", "б": "п"}


# Endings by their last letter, still longest first.
_KK_CASE_BY_LAST: Final = by_letter(_KK_CASE, lambda suffix: suffix[-1])
_KK_POSSESSIVE_BY_LAST: Final = by_letter(_KK_POSSESSIVE, lambda suffix: suffix[-1])
_KK_PLURAL_BY_LAST: Final = by_letter(_KK_PLURAL, lambda suffix: suffix[-1])


def _strip_one(word: str, suffixes: dict[str, tuple[str, ...]]) -> str:
    if not word:
        return word
    for suffix in suffixes.get(word[-1], ()):
        if word.endswith(suffix) and len(word) - len(suffix) >= KK_MIN_STEM:
            stem = word[: -len(suffix)]
            if suffix in _KK_AFTER_POSSESSIVE and stem[-1] != "и":
                continue
            return stem
    return word


def strip_kk_suffixes(loose: str) -> str:
    """Strip one case (or verb), one possessive and one plural ending from a loose-key word."""
    word = _strip_one(loose, _KK_CASE_BY_LAST)
    stripped = _strip_one(word, _KK_POSSESSIVE_BY_LAST)
    # the bare possessive -ы/-і follows a consonant only; after a vowel it is -сы/-сі
    bare = word.endswith("и") and len(word) > KK_MIN_STEM and word[-2] not in _LOOSE_VOWELS
    if stripped == word and bare:
        stripped = word[:-1]
    return _strip_one(stripped, _KK_PLURAL_BY_LAST)


@lru_cache(maxsize=65536)
def stem_ru(word: str) -> str:
    """Return the Snowball stem of a Russian word."""
    return str(_RU_STEMMER.stemWord(word))


@lru_cache(maxsize=65536)
def stem_en(word: str) -> str:
    """Return the Snowball (Porter 2) stem of an English word."""
    return str(_EN_STEMMER.stemWord(word))


@lru_cache(maxsize=65536)
def stem_kk(word: str) -> str:
    """Return the index term of a Kazakh Cyrillic word: loose key, endings off, doubles merged."""
    stem = collapse_doubles(strip_kk_suffixes(kk_loose(word)))
    if len(stem) > KK_MIN_STEM and stem[-1] in _KK_DEVOICE:
        stem = stem[:-1] + _KK_DEVOICE[stem[-1]]
    return stem
