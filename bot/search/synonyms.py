"""Concept tokens from the glossary: "парламент", "Qurultai" and "Құрылтай" become one term.

Every canonical name, synonym and Latin spelling of a glossary group is analysed like any other
text (normalised, transliterated, stemmed) and the resulting term sequence is mapped to the
group's concept token. The same replacement runs over the index and the query, so a question
using any name of a thing finds content written with another.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from bot.content.models import LANGS

if TYPE_CHECKING:
    from bot.content.models import GlossaryGroup

logger = logging.getLogger(__name__)

CONCEPT_PREFIX: Final = "§"
"""Concept tokens start with a character that normalisation never leaves in user text."""

Analyse = Callable[[str, str], Sequence[str]]
"""(lang, text) -> index terms, without concept replacement."""


def concept_token(group_id: str) -> str:
    """The index term standing for a glossary group."""
    return f"{CONCEPT_PREFIX}{group_id}"


def is_concept(term: str) -> bool:
    """Whether an index term is a concept token."""
    return term.startswith(CONCEPT_PREFIX)


def _is_latin(text: str) -> bool:
    return any(char.isalpha() for char in text) and not any(
        "\u0400" <= char <= "\u04ff" for char in text
    )


@dataclass(frozen=True, slots=True)
class Span:
    """A term of analysed text; for a concept, the plain terms of the phrase it replaced."""

    term: str
    similarity: float
    members: tuple[str, ...]


class ConceptMap:
    """Term sequences (per language) that stand for one glossary concept."""

    def __init__(self, phrases: dict[str, dict[tuple[str, ...], str]]) -> None:
        self._phrases = phrases
        self._lengths: dict[str, dict[str, tuple[int, ...]]] = {}
        self._members: dict[str, dict[str, str]] = {}
        for lang, table in phrases.items():
            by_first: dict[str, set[int]] = {}
            owners: dict[str, set[str]] = {}
            for key, concept in table.items():
                by_first.setdefault(key[0], set()).add(len(key))
                if len(key) > 1:
                    for term in key:
                        owners.setdefault(term, set()).add(concept)
            self._lengths[lang] = {
                first: tuple(sorted(lengths, reverse=True)) for first, lengths in by_first.items()
            }
            self._members[lang] = {
                term: next(iter(concepts))
                for term, concepts in owners.items()
                if len(concepts) == 1
            }

    @classmethod
    def empty(cls) -> ConceptMap:
        """A map without concepts (no glossary)."""
        return cls({lang: {} for lang in LANGS})

    @classmethod
    def from_glossary(cls, groups: Iterable[GlossaryGroup], analyse: Analyse) -> ConceptMap:
        """Build the map; Latin spellings are registered for every language's reading."""
        phrases: dict[str, dict[tuple[str, ...], str]] = {lang: {} for lang in LANGS}
        for group in groups:
            token = concept_token(group.id)
            names: dict[str, list[str]] = {lang: [] for lang in LANGS}
            for lang in LANGS:
                for name in (group.canonical.get(lang), *group.synonyms.get(lang)):
                    targets = LANGS if _is_latin(name) else (lang,)
                    for target in targets:
                        names[target].append(name)
            for name in group.latin:
                for target in LANGS:
                    names[target].append(name)
            for lang, texts in names.items():
                for text in texts:
                    key = tuple(analyse(lang, text))
                    if not key or all(term.isdigit() for term in key):
                        continue
                    if len(key) == 1 and len(key[0]) < 2:
                        continue
                    known = phrases[lang].setdefault(key, token)
                    if known != token:
                        logger.debug("glossary %s: %r already means %s", group.id, text, known)
        return cls(phrases)

    def apply(self, lang: str, terms: Sequence[str]) -> list[str]:
        """Replace every known phrase (longest first) with its concept token."""
        return [span.term for span in self.spans(lang, [(term, 1.0) for term in terms])]

    def spans(self, lang: str, terms: Sequence[tuple[str, float]]) -> list[Span]:
        """Group (term, similarity) pairs into spans: glossary phrases become concept spans
        that remember the plain terms they replaced and keep their weakest similarity."""
        table = self._phrases.get(lang) or {}
        lengths = self._lengths.get(lang) or {}
        if not any(term in lengths for term, _ in terms):
            return [Span(term, similarity, ()) for term, similarity in terms]
        out: list[Span] = []
        i = 0
        count = len(terms)
        while i < count:
            for length in lengths.get(terms[i][0], ()):
                if i + length <= count:
                    part = terms[i : i + length]
                    members = tuple(term for term, _ in part)
                    concept = table.get(members)
                    if concept is not None:
                        similarity = min(value for _, value in part)
                        out.append(Span(concept, similarity, members))
                        i += length
                        break
            else:
                out.append(Span(terms[i][0], terms[i][1], ()))
                i += 1
        return out

    def replace(
        self, lang: str, terms: list[str]
    ) -> tuple[list[str], list[tuple[str, tuple[str, ...]]]]:
        """Replace phrases in content text: the terms with concept tokens, and each concept
        with the plain terms it replaced (a faster :meth:`spans` for indexing)."""
        lengths = self._lengths.get(lang) or {}
        starts = [i for i, term in enumerate(terms) if term in lengths]
        if not starts:
            return terms, []
        table = self._phrases[lang]
        out: list[str] = []
        replaced: list[tuple[str, tuple[str, ...]]] = []
        done = 0
        for i in starts:
            if i < done:
                continue
            for length in lengths[terms[i]]:
                members = tuple(terms[i : i + length])
                concept = table.get(members) if len(members) == length else None
                if concept is not None:
                    out.extend(terms[done:i])
                    out.append(concept)
                    replaced.append((concept, members))
                    done = i + length
                    break
        out.extend(terms[done:])
        return out, replaced

    def terms(self, lang: str) -> frozenset[str]:
        """Every plain term of the glossary names registered for ``lang``."""
        return frozenset(term for key in self._phrases.get(lang, {}) for term in key)

    def owner(self, lang: str, term: str) -> str | None:
        """The one concept whose multi-word names contain ``term``, if exactly one does."""
        return self._members.get(lang, {}).get(term)

    def size(self) -> int:
        """Number of registered phrases over all languages."""
        return sum(len(table) for table in self._phrases.values())
