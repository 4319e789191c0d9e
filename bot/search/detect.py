"""Which language a question is written in, so the answer comes back in the same one.

Evidence per word: Kazakh-only letters (Cyrillic әғқңөұүһі, Latin äğıñöūüş), function and
question words of a language (что, неше, what; also typed in Latin: skolko, kim), and, when the
engine supplies its vocabularies, whether the word read in a language is a word of that language's
content. Proper names from the glossary ("Qurultai") are the same in every language and count
for none. When the evidence does not single out a language, the user's language wins.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass, field
from typing import Final

from bot.content.models import LANGS
from bot.search.analysis import read_word, words_of
from bot.search.lexicon import MARKERS, STOPWORDS
from bot.search.normalize import script_of

KK_CYRILLIC_LETTERS: Final = frozenset("әғқңөұүһі")
KK_LATIN_LETTERS: Final = frozenset("äğıñöūüşŋ")

LETTER_EVIDENCE: Final = 2.0
"""A Kazakh-only letter outweighs one ambiguous function word."""
MIXED_EVIDENCE: Final = 2.0
"""Evidence that makes a language worth reading even when another language leads ..."""
MIXED_SHARE: Final = 0.3
"""... if it is also this share of the leader's: in a long Russian question a couple of words
that Kazakh content also uses ("они", "в") are chance, not a Kazakh half."""
FUNCTION_WORD_EVIDENCE: Final = 0.5
"""An English function word that is not a question word ("or", "so") is weaker evidence."""
ENGLISH_FUNCTION_WORDS: Final = (STOPWORDS["en"] | MARKERS["en"]) - {"me"}
"""Latin words that are English whatever else they spell: "no", "so", "to" are not Russian
"но", "со", "то" in an English sentence ("me" is also the Kazakh question particle)."""
TIE_MARGIN: Final = 0.5
"""Languages within this much evidence of the leader are tied; the user's language breaks ties."""


@dataclass(frozen=True)
class Vocabulary:
    """What the engine knows about each language's content, for word-level evidence."""

    terms: Mapping[str, Container[str]] = field(default_factory=dict)
    """Index terms (before glossary replacement) per language."""
    names: Mapping[str, Container[str]] = field(default_factory=dict)
    """Terms of the glossary's Latin spellings of names per reading ("Qurultai"): written the
    same in every language, they are no evidence of one."""


@dataclass(frozen=True)
class Evidence:
    """Evidence per language and the script most words are in."""

    scores: dict[str, float]
    script: str  # "cyrillic", "latin" or "none"

    def plausible(self, spread: float) -> tuple[str, ...]:
        """Languages the text may be in: its script allows them, and they are near the best or
        have evidence of their own (a Russian question naming "Халық Кеңесі" is read both ways)."""
        allowed = ("ru", "kk") if self.script == "cyrillic" else LANGS
        best = max(self.scores[lang] for lang in allowed)
        return tuple(
            lang
            for lang in allowed
            if self.scores[lang] >= best - spread
            or self.scores[lang] >= max(MIXED_EVIDENCE, MIXED_SHARE * best)
        )


def language_evidence(words: list[str], vocabulary: Vocabulary | None = None) -> Evidence:
    """Weigh each normalised word's evidence for each language."""
    scores = dict.fromkeys(LANGS, 0.0)
    cyrillic = latin = 0
    for word in words:
        script = script_of(word)
        if script == "cyrillic":
            cyrillic += 1
            langs: tuple[str, ...] = ("ru", "kk")
            if KK_CYRILLIC_LETTERS.intersection(word):
                scores["kk"] += LETTER_EVIDENCE
                continue
        elif script == "latin":
            latin += 1
            langs = LANGS
            if KK_LATIN_LETTERS.intersection(word):
                scores["kk"] += LETTER_EVIDENCE
                continue
        else:
            continue
        readings = {lang: read_word(lang, word) for lang in langs}
        english = script == "latin" and word in ENGLISH_FUNCTION_WORDS
        for lang, reading in readings.items():
            if english and lang != "en":
                continue
            if reading.marker:
                scores[lang] += 1.0
            elif english:
                scores[lang] += FUNCTION_WORD_EVIDENCE
        if vocabulary is None:
            continue
        known = [
            lang
            for lang, reading in readings.items()
            if reading.terms
            and all(term in vocabulary.terms.get(lang, ()) for term in reading.terms)
        ]
        if script == "latin" and any(
            term in vocabulary.names.get(lang, ())
            for lang, reading in readings.items()
            for term in reading.terms
        ):
            continue
        if len(known) == 1:
            scores[known[0]] += 1.0
    dominant = "cyrillic" if cyrillic > latin else "latin" if latin else "none"
    return Evidence(scores, dominant)


def choose_language(evidence: Evidence, user_lang: str) -> str:
    """The language to answer in: the text's own, or ``user_lang`` when the evidence is unclear."""
    if user_lang not in LANGS:
        user_lang = "ru"
    scores, script = evidence.scores, evidence.script
    best = max(scores.values())
    if best <= 0:
        if script == "cyrillic" and user_lang == "en":
            return "ru"
        return user_lang
    leaders = [lang for lang in LANGS if scores[lang] >= best - TIE_MARGIN]
    if user_lang in leaders:
        return user_lang
    if len(leaders) == 1:
        return leaders[0]
    preferred = ("ru", "kk", "en") if script == "cyrillic" else ("en", "ru", "kk")
    return next(lang for lang in preferred if lang in leaders)


def detect_language(text: str, *, user_lang: str, vocabulary: Vocabulary | None = None) -> str:
    """Return the language to answer ``text`` in: its own, or ``user_lang`` when unclear."""
    return choose_language(language_evidence(words_of(text), vocabulary), user_lang)
