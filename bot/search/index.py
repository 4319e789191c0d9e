"""The inverted index over all searchable content, built once at start-up.

Each language has its own index of short documents: every Q&A question variant, every article
title, keyword and summary, every myth claim and keyword. A document is a set of index terms
(stems, loose Kazakh keys, glossary concept tokens). Terms carry IDF weights computed over
content items, so a word found in one entry counts far more than one found in half of them.
A deletion neighbourhood of the vocabulary lets a misspelt word find its term in microseconds.
"""

from __future__ import annotations

import logging
import math
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Final

from rapidfuzz import fuzz

from bot.content.models import LANGS
from bot.search.analysis import Analyzer, analyse_plain
from bot.search.normalize import normalize
from bot.search.synonyms import ConceptMap

if TYPE_CHECKING:
    from bot.content.catalog import Catalog
    from bot.search.result import Kind

logger = logging.getLogger(__name__)

FIELD_WEIGHTS: Final[dict[str, float]] = {
    "question": 1.0,
    "claim": 0.95,
    "title": 0.9,
    "keyword": 0.85,
    "summary": 0.8,
}
"""How much a match on each kind of document is worth. Question variants are questions; titles
and keywords are labels that match any short question on their topic perfectly, and long
summaries mention much more than their subject."""
LONG_FIELDS: Final = frozenset({"summary"})
"""Documents scored only by how much of the question they cover, not how much of them it covers."""

MIN_CORRECTABLE: Final = 4
"""Words shorter than this are never spelling-corrected: too many neighbours."""
TWO_EDIT_LENGTH: Final = 8
"""Words this long may be two edits away from their term."""

Ref = tuple["Kind", str]


@dataclass(frozen=True, slots=True)
class Doc:
    """One searchable text of one content item in one language."""

    ref: Ref
    field: str
    weight: float
    terms: frozenset[str]
    text: str  # the terms in order, joined by spaces, for rapidfuzz
    norm: float  # sum of the IDF of its terms


def _deletions(term: str, depth: int) -> Iterator[str]:
    for count in range(1, depth + 1):
        for positions in combinations(range(len(term)), count):
            yield "".join(char for i, char in enumerate(term) if i not in positions)


def edit_depth(term: str) -> int:
    """How many deletions the spelling index explores for a term of this length."""
    if len(term) < MIN_CORRECTABLE:
        return 0
    return 2 if len(term) >= TWO_EDIT_LENGTH else 1


def correction_cutoff(term: str) -> float:
    """Least rapidfuzz ratio for a correction: one edit, two for long words (Indel counts)."""
    edits = edit_depth(term)
    return max(70.0, 100.0 - 100.0 * edits / len(term)) if edits else 101.0


class LanguageIndex:
    """Documents, postings and term statistics of one language."""

    def __init__(
        self, lang: str, docs: list[Doc], idf: dict[str, float], raw: dict[str, int]
    ) -> None:
        self.lang = lang
        self.docs = docs
        self.idf = idf
        self.raw_counts = raw
        self.raw_terms = frozenset(raw)
        self.unknown_idf = max(idf.values(), default=1.0)
        postings: dict[str, list[int]] = defaultdict(list)
        for number, doc in enumerate(docs):
            for term in doc.terms:
                postings[term].append(number)
        self.postings = {term: tuple(numbers) for term, numbers in postings.items()}
        # Spelling is corrected before glossary phrases are replaced, so the neighbourhood holds
        # the plain terms, including those that only occur inside glossary names.
        neighbours: dict[str, set[str]] = defaultdict(set)
        for term in raw:
            if term.isdigit():
                continue
            for variant in _deletions(term, edit_depth(term)):
                neighbours[variant].add(term)
        self._neighbours = {key: tuple(sorted(terms)) for key, terms in neighbours.items()}

    def correct(self, term: str) -> tuple[str, float] | None:
        """Return the closest plain term to a misspelt one and its similarity (0–1), if close."""
        depth = edit_depth(term)
        if not depth or term.isdigit():
            return None
        candidates: set[str] = set()
        for key in (term, *_deletions(term, depth)):
            candidates.update(self._neighbours.get(key, ()))
            if key in self.raw_counts:
                candidates.add(key)
        cutoff = correction_cutoff(term)
        best: tuple[float, int, str] | None = None
        for candidate in candidates:
            score = fuzz.ratio(term, candidate, score_cutoff=cutoff)
            if score:
                # ties go to the more frequent term, then alphabetically for stable results
                key = (score, self.raw_counts[candidate], candidate)
                if best is None or key > best:
                    best = key
        return (best[2], best[0] / 100.0) if best else None


@dataclass(frozen=True, slots=True)
class _Text:
    ref: Ref
    lang: str
    field: str
    text: str


def _texts(catalog: Catalog) -> Iterator[_Text]:
    for entry in catalog.qa.values():
        for lang in LANGS:
            for question in entry.questions.get(lang):
                yield _Text(("qa", entry.id), lang, "question", question)
    for article in catalog.articles.values():
        ref: Ref = ("article", str(article.number))
        for lang in LANGS:
            yield _Text(ref, lang, "title", article.title.get(lang))
            yield _Text(ref, lang, "summary", article.summary.get(lang))
            for keyword in article.keywords.get(lang):
                yield _Text(ref, lang, "keyword", keyword)
    for myth in catalog.myths.values():
        for lang in LANGS:
            yield _Text(("myth", myth.id), lang, "claim", myth.claim.get(lang))
            for keyword in myth.keywords.get(lang):
                yield _Text(("myth", myth.id), lang, "keyword", keyword)


def _families(catalog: Catalog) -> dict[Ref, frozenset[Ref]]:
    """Items that give the same answer: an entry or myth and the articles it rests on."""
    families: dict[Ref, set[Ref]] = defaultdict(set)
    sources: list[tuple[Ref, list[int]]] = [
        *((("qa", entry.id), entry.articles) for entry in catalog.qa.values()),
        *((("myth", myth.id), myth.articles) for myth in catalog.myths.values()),
    ]
    for ref, numbers in sources:
        for number in numbers:
            article: Ref = ("article", str(number))
            families[ref].add(article)
            families[article].add(ref)
    return {ref: frozenset(members) for ref, members in families.items()}


class SearchIndex:
    """Per-language indexes plus what the engine needs around them."""

    def __init__(
        self,
        analyzer: Analyzer,
        languages: dict[str, LanguageIndex],
        families: dict[Ref, frozenset[Ref]],
        names: dict[str, frozenset[str]],
    ) -> None:
        self.analyzer = analyzer
        self.languages = languages
        self.families = families
        self.names = names

    @classmethod
    def build(cls, catalog: Catalog) -> SearchIndex:
        """Analyse every searchable text of the catalog into per-language indexes."""
        concepts = ConceptMap.from_glossary(catalog.glossary, analyse_plain)
        analyzer = Analyzer(concepts)
        names: dict[str, set[str]] = {lang: set() for lang in LANGS}
        for group in catalog.glossary:
            for lang in LANGS:
                for text in (*group.latin, *group.synonyms.all(), *group.canonical.model_dump().values()):
                    names[lang].update(analyse_plain(lang, text))
        raw: dict[str, Counter[str]] = {lang: Counter() for lang in LANGS}
        analysed: dict[str, list[tuple[_Text, list[str]]]] = {lang: [] for lang in LANGS}
        for item in _texts(catalog):
            words = normalize(item.text).split()
            plain = analyzer.raw_terms(item.lang, words)
            raw[item.lang].update(plain)
            terms = concepts.apply(item.lang, plain)
            if terms:
                analysed[item.lang].append((item, terms))
        languages: dict[str, LanguageIndex] = {}
        for lang in LANGS:
            refs_with: dict[str, set[Ref]] = defaultdict(set)
            all_refs: set[Ref] = set()
            for item, terms in analysed[lang]:
                all_refs.add(item.ref)
                for term in terms:
                    refs_with[term].add(item.ref)
            total = max(len(all_refs), 1)
            idf = {
                term: math.log(1.0 + total / len(refs)) for term, refs in refs_with.items()
            }
            docs = [
                Doc(
                    ref=item.ref,
                    field=item.field,
                    weight=FIELD_WEIGHTS[item.field],
                    terms=frozenset(terms),
                    text=" ".join(terms),
                    norm=sum(idf[term] for term in set(terms)),
                )
                for item, terms in analysed[lang]
            ]
            languages[lang] = LanguageIndex(lang, docs, idf, dict(raw[lang]))
        logger.info(
            "search index: %s documents, %d glossary phrases",
            {lang: len(index.docs) for lang, index in languages.items()},
            concepts.size(),
        )
        return cls(
            analyzer,
            languages,
            _families(catalog),
            {lang: frozenset(terms) for lang, terms in names.items()},
        )
