"""Transliteration between the scripts people actually type Kazakh and Russian in.

* Kazakh Latin (the 2021 alphabet and informal spellings: sh, ch, zh, q, gh, ng, i/ı, u/ū/ü, y)
  to Kazakh Cyrillic, and Kazakh Cyrillic to the 2021 Latin alphabet.
* Russian typed in Latin ("skolko deputatov", "konstitutsiya") to Cyrillic.
* The loose Kazakh key: many Kazakhs type with a Russian keyboard (а for ә, к for қ, у for ұ/ү,
  и for і...). Folding both the index and the query to one key makes such text match as if it
  had been typed with the proper letters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Final, TypeVar

_VOWELS_CYRILLIC: Final = frozenset("аәеёиіоөуұүыэюя")

# Longest spellings first; each maps one Latin spelling to Kazakh Cyrillic.
_KK_LATIN_MULTI: Final = (
    ("shch", "щ"),
    ("sch", "щ"),
    ("sh", "ш"),
    ("ch", "ч"),
    ("zh", "ж"),
    ("gh", "ғ"),
    ("kh", "х"),
    ("ts", "ц"),
    ("yu", "ю"),
    ("ya", "я"),
    ("yo", "ё"),
)
_KK_LATIN_SINGLE: Final = {
    "a": "а",
    "ä": "ә",
    "á": "ә",
    "b": "б",
    "c": "ц",
    "ç": "ч",
    "d": "д",
    "e": "е",
    "é": "е",
    "f": "ф",
    "g": "г",
    "ğ": "ғ",
    "ǵ": "ғ",
    "h": "х",
    "ı": "і",
    "i": "и",
    "í": "и",
    "j": "ж",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "ñ": "ң",
    "ń": "ң",
    "ŋ": "ң",
    "o": "о",
    "ö": "ө",
    "ó": "ө",
    "p": "п",
    "q": "қ",
    "r": "р",
    "s": "с",
    "ş": "ш",
    "t": "т",
    "u": "у",
    "ū": "ұ",
    "ü": "ү",
    "ú": "ү",
    "v": "в",
    "w": "у",
    "x": "х",
    "y": "ы",
    "ý": "ы",
    "z": "з",
}

_RU_LATIN_MULTI: Final = (
    ("shch", "щ"),
    ("sch", "щ"),
    ("sh", "ш"),
    ("ch", "ч"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ts", "ц"),
    ("tz", "ц"),
    ("ya", "я"),
    ("ja", "я"),
    ("yu", "ю"),
    ("ju", "ю"),
    ("yo", "е"),
    ("jo", "е"),
)
_RU_LATIN_SINGLE: Final = {
    "a": "а",
    "b": "б",
    "v": "в",
    "w": "в",
    "g": "г",
    "d": "д",
    "e": "е",
    "z": "з",
    "i": "и",
    "j": "й",
    "k": "к",
    "q": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "f": "ф",
    "h": "х",
    "x": "кс",
}

_KK_CYRILLIC_TO_LATIN: Final = {
    "а": "a",
    "ә": "ä",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "ğ",
    "д": "d",
    "е": "e",
    "ё": "io",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "қ": "q",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "ñ",
    "о": "o",
    "ө": "ö",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ұ": "ū",
    "ү": "ü",
    "ф": "f",
    "х": "h",
    "һ": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "ş",
    "щ": "şş",
    "ъ": "",
    "ы": "y",
    "і": "ı",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}

# The loose key folds letters Kazakh users swap for Russian look-alikes, and the i/y/u spellings
# of Latin typing, into one alphabet. Й stays apart: it is a consonant for the suffix rules.
_KK_LOOSE: Final = str.maketrans(
    {
        "ә": "а",
        "ғ": "г",
        "қ": "к",
        "ң": "н",
        "ө": "о",
        "ұ": "у",
        "ү": "у",
        "һ": "х",
        "і": "и",
        "ы": "и",
        "ё": "е",
        "э": "е",
        "ю": "иу",
        "я": "иа",
        "ц": "тс",
        "щ": "ш",
        "ъ": "",
        "ь": "",
        "ў": "у",
    }
)
_RU_LOOSE: Final = str.maketrans({"ё": "е", "ъ": "", "ь": "", "й": "и", "э": "е"})
_DOUBLE_RE: Final = re.compile(r"(.)\1+")


T = TypeVar("T")
Patterns = dict[str, tuple[tuple[str, str], ...]]


def by_letter(items: Iterable[T], letter: Callable[[T], str]) -> dict[str, tuple[T, ...]]:
    """Items grouped by one letter of theirs, in their original order: only the spellings
    starting (or endings finishing) with a word's letter can match there, and index building
    reads thousands of words."""
    grouped: dict[str, list[T]] = {}
    for item in items:
        grouped.setdefault(letter(item), []).append(item)
    return {key: tuple(group) for key, group in grouped.items()}


def _scan(word: str, multi: Patterns, single: dict[str, str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(word):
        for latin, cyrillic in multi.get(word[i], ()):
            if word.startswith(latin, i):
                out.append(cyrillic)
                i += len(latin)
                break
        else:
            char = word[i]
            out.append(single.get(char, char))
            i += 1
    return out


_KK_LATIN_BY_FIRST: Final = by_letter(_KK_LATIN_MULTI, lambda pair: pair[0][0])
_RU_LATIN_BY_FIRST: Final = by_letter(_RU_LATIN_MULTI, lambda pair: pair[0][0])
_KK_LATIN_NG_RE: Final = re.compile("ng(?![aeiouyäöüūı])")
# i or y after a vowel is й ("sailau", "boiynsha", "tagaiyndaidy") unless it starts я/ю ("ia").
_KK_LATIN_J_RE: Final = re.compile("(?<=[aeouäöüūı])(?:i(?![aeouäöüū])|y(?![aeiouäöüūı]))")


def kk_latin_to_cyrillic(word: str) -> str:
    """Transliterate one lower-case Kazakh word from Latin (2021 or informal) to Cyrillic."""
    # "ng" is ң only where no vowel follows: "mangi" keeps н+г, "zhang"/"kengse" use ң.
    word = _KK_LATIN_NG_RE.sub("ñ", word)
    word = _KK_LATIN_J_RE.sub("й", word)
    return "".join(_scan(word, _KK_LATIN_BY_FIRST, _KK_LATIN_SINGLE))


def kk_cyrillic_to_latin(word: str) -> str:
    """Transliterate one lower-case Kazakh Cyrillic word to the 2021 Latin alphabet."""
    return "".join(_KK_CYRILLIC_TO_LATIN.get(char, char) for char in word)


_RU_LATIN_C_SOFT_RE: Final = re.compile("c(?=[eiy])")
_RU_LATIN_C_HARD_RE: Final = re.compile("c(?!h)")


def ru_latin_to_cyrillic(word: str) -> str:
    """Transliterate one lower-case Russian word typed in Latin letters to Cyrillic."""
    word = _RU_LATIN_C_SOFT_RE.sub("ц", word)
    word = _RU_LATIN_C_HARD_RE.sub("к", word)
    out: list[str] = []
    i = 0
    while i < len(word):
        if word[i] == "y" and not word.startswith(("ya", "yu", "yo"), i):
            # y is й after a vowel ("novoy", "kurultai"), ы after a consonant ("vybory").
            after_vowel = bool(out) and out[-1][-1] in _VOWELS_CYRILLIC
            out.append("й" if after_vowel else "ы")
            i += 1
            continue
        if word[i] == "i" and out and out[-1][-1] in "аоуеыэяюи" and i == len(word) - 1:
            out.append("й")  # word-final "ai", "oi", "ii": kurultai, novoi, vtoroi
            i += 1
            continue
        for latin, cyrillic in _RU_LATIN_BY_FIRST.get(word[i], ()):
            if word.startswith(latin, i):
                out.append(cyrillic)
                i += len(latin)
                break
        else:
            out.append(_RU_LATIN_SINGLE.get(word[i], word[i]))
            i += 1
    return "".join(out)


def kk_loose(word: str) -> str:
    """Fold a Kazakh Cyrillic word to the loose key (special letters to Russian look-alikes)."""
    return word.translate(_KK_LOOSE)


def ru_loose(word: str) -> str:
    """Fold a Russian word so that Latin-typed text without soft signs or й still matches."""
    return word.translate(_RU_LOOSE)


def collapse_doubles(word: str) -> str:
    """Collapse runs of a repeated letter: typists and transliterations disagree on doubles."""
    return _DOUBLE_RE.sub(r"\1", word)
