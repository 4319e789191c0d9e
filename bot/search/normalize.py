"""Text normalisation shared by the index and the queries, so both sides compare equal forms.

Users paste from everywhere: emoji, zero-width joiners, "ё", fancy quotes, a Latin "i" inside a
Kazakh word. Everything is folded to lower-case letters and digits separated by single spaces.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

# Characters that join or hide inside words; removed, never turned into a space.
_INVISIBLE_RE: Final = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# Apostrophes glue word parts ("people's", "Qazaqstan'y"), so they vanish instead of splitting.
_APOSTROPHE_RE: Final = re.compile("['’ʼ‘`´ʹʻ]")
# ... except the English possessive, which goes: "MP's" is "MP", not "mps".
_POSSESSIVE_RE: Final = re.compile("(?<=[a-z])['’]s\\b")
_COMBINING_RE: Final = re.compile("[\u0300-\u036f]")
# Pasted markup: "<b>", "</i>", "<a href=...>" say nothing about the question.
_TAG_RE: Final = re.compile(r"</?[a-z][^<>]{0,60}>")
_NON_WORD_RE: Final = re.compile(r"[\W_]+")

_CYRILLIC_RE: Final = re.compile("[\u0400-\u04ff]")
_ASCII_LETTER_RE: Final = re.compile("[a-z]")
_LATIN_RE: Final = re.compile("[a-z\u00df-\u024f]")

# Lower-case letters that look alike in both scripts; used to repair a word typed in two scripts.
_LATIN_TO_CYRILLIC: Final = str.maketrans("aceopxykmthi", "асеорхукмтһі")
_CYRILLIC_TO_LATIN: Final = str.maketrans("асеорхукмтһі", "aceopxykmthi")


def _repair_mixed_word(word: str) -> str:
    """Rewrite look-alike letters of a two-script word into the script most of it uses."""
    if word.isascii() or not _ASCII_LETTER_RE.search(word) or not _CYRILLIC_RE.search(word):
        return word
    cyrillic = len(_CYRILLIC_RE.findall(word))
    latin = len(_LATIN_RE.findall(word))
    if not cyrillic or not latin:
        return word
    if cyrillic >= latin:
        return word.translate(_LATIN_TO_CYRILLIC)
    return word.translate(_CYRILLIC_TO_LATIN)


def normalize(text: str) -> str:
    """Return ``text`` as NFKC, case-folded words of letters and digits joined by single spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    plain = text.isascii()  # the usual English text: nothing invisible, combining or "ё"
    if not plain:
        text = _INVISIBLE_RE.sub("", text)
    if "<" in text:
        text = _TAG_RE.sub(" ", text)
    if _APOSTROPHE_RE.search(text):
        text = _APOSTROPHE_RE.sub("", _POSSESSIVE_RE.sub("", text))
    if not plain:
        text = _COMBINING_RE.sub("", text).replace("ё", "е")
    text = _NON_WORD_RE.sub(" ", text)
    if text.isascii() or not _ASCII_LETTER_RE.search(text) or not _CYRILLIC_RE.search(text):
        return " ".join(text.split())
    return " ".join(_repair_mixed_word(word) for word in text.split())


def script_of(word: str) -> str:
    """Return ``cyrillic``, ``latin``, ``digits`` or ``other`` for one normalised word."""
    if _CYRILLIC_RE.search(word):
        return "cyrillic"
    if _LATIN_RE.search(word):
        return "latin"
    if word.isdigit():
        return "digits"
    return "other"


def fold_latin(word: str) -> str:
    """Drop diacritics from a Latin word ("qūryltai" -> "qurultai" style ASCII) for English."""
    word = word.replace("ı", "i").replace("ß", "ss").replace("ø", "o").replace("ł", "l")
    decomposed = unicodedata.normalize("NFKD", word)
    return _COMBINING_RE.sub("", decomposed)
