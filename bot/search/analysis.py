"""Turn text into index terms for one language reading, the same way for content and questions.

A word is read in a language by converting its script first (Latin typed Russian or Kazakh to
Cyrillic, diacritics off for English), then folding, mapping colloquial spellings, dropping
function words and stemming. A Latin question is read three ways (en, ru, kk) and a Cyrillic one
two ways (ru, kk); the engine scores each reading against the content of its language.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from bot.search.lexicon import COLLOQUIAL, MARKERS, STOPWORDS
from bot.search.morphology import stem_en, stem_kk, stem_ru
from bot.search.normalize import fold_latin, normalize, script_of
from bot.search.synonyms import ConceptMap
from bot.search.translit import kk_latin_to_cyrillic, kk_loose, ru_latin_to_cyrillic, ru_loose

MAX_WORDS: Final = 24
"""Questions are short; words past this are ignored so long pastes stay fast."""


@dataclass(frozen=True, slots=True)
class WordReading:
    """One word read in one language."""

    terms: tuple[str, ...]  # index terms (empty for a function word)
    marker: bool  # a function or question word typical of the language
    surface: str = ""  # the word in the language's script, folded; what spelling fixes compare


_EMPTY: Final = WordReading((), marker=False)


def _folded_surface(lang: str, word: str, script: str) -> tuple[str, str]:
    """Return (word in the language's script, folded form for list look-ups)."""
    if lang == "en":
        surface = fold_latin(word)
        return surface, surface
    if lang == "ru":
        surface = ru_latin_to_cyrillic(word) if script == "latin" else word
        return surface, ru_loose(surface)
    surface = kk_latin_to_cyrillic(word) if script == "latin" else word
    return surface, kk_loose(surface)


def _stem(lang: str, surface: str) -> str:
    if lang == "en":
        return stem_en(surface)
    if lang == "ru":
        return ru_loose(stem_ru(surface))
    return stem_kk(surface)


@lru_cache(maxsize=131072)
def read_word(lang: str, word: str) -> WordReading:
    """Read one normalised word in ``lang``: its index terms and whether it marks the language."""
    script = script_of(word)
    if script == "digits":
        return WordReading((word,), marker=False, surface=word)
    if script == "other" or (lang == "en" and script == "cyrillic"):
        return _EMPTY
    surface, folded = _folded_surface(lang, word, script)
    standard = COLLOQUIAL[lang].get(folded)
    if standard is not None and standard != word:
        parts = [read_word(lang, part) for part in normalize(standard).split()]
        terms = tuple(term for part in parts for term in part.terms)
        return WordReading(terms, marker=any(part.marker for part in parts))
    marker = folded in MARKERS[lang]
    if folded in STOPWORDS[lang]:
        return WordReading((), marker=marker)
    return WordReading((_stem(lang, surface),), marker=marker, surface=folded)


def clear_caches() -> None:
    """Forget cached word readings and stems (for measuring a cold start)."""
    read_word.cache_clear()
    stem_ru.cache_clear()
    stem_en.cache_clear()
    stem_kk.cache_clear()


def words_of(text: str) -> list[str]:
    """Normalised words of ``text``, at most :data:`MAX_WORDS`."""
    return normalize(text).split()[:MAX_WORDS]


class Analyzer:
    """Reads texts into term lists for a language, with glossary concepts applied."""

    def __init__(self, concepts: ConceptMap | None = None) -> None:
        self.concepts = concepts or ConceptMap.empty()

    @staticmethod
    def raw_terms(lang: str, words: list[str]) -> list[str]:
        """Index terms of normalised words, before concept replacement."""
        return [term for word in words for term in read_word(lang, word).terms]


def analyse_plain(lang: str, text: str) -> list[str]:
    """Terms of ``text`` without concepts; used to register glossary phrases."""
    return Analyzer.raw_terms(lang, normalize(text).split())
