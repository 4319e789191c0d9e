"""The inverted index over all searchable content, built once at start-up.

Each language has its own index of documents. Short documents are what a question is compared
with: every Q&A question variant, article title and keyword, myth claim and keyword. Each item
also has one "whole" document per language holding every term of all its texts, answer,
summary and fact included, which tells how much of a question the item speaks about at all.

A document is a set of index terms (stems, loose Kazakh keys, glossary concept tokens). Plain
terms that a glossary phrase replaced stay reachable through "shadow" postings, so a question
that uses only part of a phrase still finds it. Terms weigh their IDF over content items, so a
word found in one entry counts far more than one found in half of them.
"""

from __future__ import annotations

import logging
import math
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.content.models import LANGS
from bot.search.analysis import Analyzer, analyse_plain, read_word
from bot.search.lexicon import FOREIGN_STATES, OFF_TOPIC, WEAK_WORDS
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
    "whole": 1.0,
}
"""How much a match on each kind of short document is worth. Question variants are questions;
titles and keywords are labels that match any short question on their topic perfectly."""
LABEL_FIELDS: Final = frozenset({"title", "keyword"})
"""Fields that name an item rather than ask about it."""
WHOLE: Final = "whole"
"""The field of an item's whole document (all its texts in one language)."""
CONTEXT: Final = "context"
"""Texts that only go into the whole document: answers, summaries, myth facts."""

CONTEXT_COUNT: Final = 0.3
"""How much one occurrence of a word in an answer or summary counts, against one in a question
variant, title or keyword, when telling how typical the word is of an item."""

IDF_POWER: Final = 1.5
"""Term weight is IDF squared, as in a cosine of TF-IDF vectors: one rare word ("выселить")
must outweigh several common ones ("можно", "человек", "решение")."""
WEAK_IDF: Final = 1.0
"""IDF given to question words and the country's name (lexicon.WEAK_WORDS), about that of a term
found in every other item: rare in the content, they still say little about the topic."""

SPECIFIC_MEMBER: Final = 1.25
"""A word of a glossary phrase is kept beside the concept when it weighs this much more than the
concept: the phrase is a special case of a broader concept."""

GENERIC_SHARE: Final = 0.08
"""Terms found in this share of the items or more ("Constitution", "new") name no topic."""

MIN_STEM_PREFIX: Final = 5
"""Stems at least this long match stems that extend them by a few letters (вступ / вступа);
shorter ones would join unrelated words (прав / правд)."""
MAX_STEM_EXTENSION: Final = 3
STEM_VARIANT_SIMILARITY: Final = (0.9, 0.9, 0.85, 0.8)
"""Similarity of a stem variant by the number of letters it differs in (index 1–3)."""

MIN_CORRECTABLE: Final = 4
"""Words shorter than this are never spelling-corrected: too many neighbours."""
TWO_EDIT_LENGTH: Final = 8
"""Words this long may be two edits (OSA: a swap of neighbours is one) from the right word."""

Ref = tuple["Kind", str]


@dataclass(frozen=True, slots=True)
class Doc:
    """One searchable text of one content item in one language."""

    ref: Ref
    field: str
    weight: float
    terms: frozenset[str]
    text: str  # the terms in order, joined by spaces, for rapidfuzz (empty for whole documents)
    norm: float  # sum of the weights of its terms


def edit_limit(surface: str) -> int:
    """How many edits a spelling fix may make to a word of this length."""
    if len(surface) < MIN_CORRECTABLE:
        return 0
    return 2 if len(surface) >= TWO_EDIT_LENGTH else 1


def idf_weight(items: int, containing: int) -> float:
    """The weight of a term found in ``containing`` of ``items`` content items."""
    return math.log(1.0 + items / containing) ** IDF_POWER


class LanguageIndex:
    """Documents, postings and term statistics of one language."""

    def __init__(
        self,
        lang: str,
        docs: list[Doc],
        weights: dict[str, float],
        shadows: dict[str, set[int]],
        plain_weights: dict[str, float],
        surfaces: Counter[tuple[str, str]],
        generic_weight: float = 0.0,
    ) -> None:
        self.lang = lang
        self.docs = docs
        self.weights = weights
        self.plain_weights = plain_weights
        self.raw_terms = frozenset(plain_weights)
        self.unknown_weight = max(weights.values(), default=1.0)
        self.generic_weight = generic_weight
        postings: dict[str, list[int]] = defaultdict(list)
        for number, doc in enumerate(docs):
            for term in doc.terms:
                postings[term].append(number)
        self.postings = {term: tuple(numbers) for term, numbers in postings.items()}
        # The same documents column by column, for the scoring loop that visits hundreds of
        # them per question.
        self.doc_refs = [doc.ref for doc in docs]
        self.doc_norms = [doc.norm for doc in docs]
        self.doc_weights = [doc.weight for doc in docs]
        self.doc_whole = [doc.field == WHOLE for doc in docs]
        self.shadows = {term: tuple(sorted(numbers)) for term, numbers in shadows.items()}
        self._sets: dict[int, frozenset[int]] = {}
        self.specific_members: dict[str, frozenset[str]] = {}
        self.labels: dict[Ref, frozenset[str]] = {}
        # How often each item uses each term: once per use in its questions, titles and
        # keywords, CONTEXT_COUNT per use in its answer or summary; and the total per item.
        self.term_counts: dict[Ref, dict[str, float]] = {}
        self.term_totals: dict[Ref, float] = {}
        # Other states' names weigh like the rarest term: "конституция России" is not about ours.
        self.foreign_terms = frozenset(
            term for word in FOREIGN_STATES[lang] for term in read_word(lang, word).terms
        )
        self.off_topic_terms = frozenset(
            term for word in OFF_TOPIC[lang] for term in read_word(lang, word).terms
        ) - frozenset(weights)
        # Snowball and the Kazakh stripper leave different stems for one word's forms
        # (вступает -> вступа, вступит -> вступ); indexed terms one to three letters longer
        # than a question's term are its variants.
        extensions: dict[str, set[str]] = defaultdict(set)
        for term in weights:
            if term.isdigit() or len(term) <= MIN_STEM_PREFIX:
                continue
            for cut in range(max(MIN_STEM_PREFIX, len(term) - MAX_STEM_EXTENSION), len(term)):
                extensions[term[:cut]].add(term)
        self._extensions = {key: tuple(sorted(terms)) for key, terms in extensions.items()}
        # Spelling fixes compare surface words (before stemming: "presidnet" is one swap from
        # "president" but far from the stem "presid"). Candidates come from buckets by first or
        # second letter and length, most frequent first, so a tie goes to the common word.
        self._surface_terms: dict[str, str] = {}
        buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        for (surface, term), _ in surfaces.most_common():
            if surface in self._surface_terms or len(surface) < MIN_CORRECTABLE:
                continue
            self._surface_terms[surface] = term
            buckets[(surface[0], len(surface))].append(surface)
            buckets[(surface[1], len(surface))].append(surface)
        self._buckets = dict(buckets)

    def posting_set(self, postings: tuple[int, ...]) -> frozenset[int]:
        """The same documents as a set (cached per postings list) for membership tests."""
        key = id(postings)
        found = self._sets.get(key)
        if found is None:
            found = self._sets[key] = frozenset(postings)
        return found

    def variants(self, term: str) -> list[tuple[str, float]]:
        """Indexed terms that are this stem a few letters longer or shorter, with similarity."""
        if len(term) < MIN_STEM_PREFIX or term.isdigit():
            return []
        found = [
            (longer, STEM_VARIANT_SIMILARITY[len(longer) - len(term)])
            for longer in self._extensions.get(term, ())
        ]
        for cut in range(max(MIN_STEM_PREFIX, len(term) - MAX_STEM_EXTENSION), len(term)):
            shorter = term[:cut]
            if shorter in self.weights:
                found.append((shorter, STEM_VARIANT_SIMILARITY[len(term) - cut]))
        return found

    def correct(self, surface: str) -> tuple[str, float] | None:
        """Return the term of the content word closest to a misspelt one, and its similarity."""
        limit = edit_limit(surface)
        if not limit:
            return None
        size = len(surface)
        candidates: list[str] = []
        for letter in (surface[0], surface[1]):
            for length in range(size - limit, size + limit + 1):
                candidates += self._buckets.get((letter, length), ())
        if not candidates:
            return None
        matches = process.extract(
            surface,
            candidates,
            scorer=OSA.distance,
            processor=None,
            score_cutoff=limit,
            limit=None,
        )
        if not matches:
            return None
        distance = min(match[1] for match in matches)
        closest = [match[0] for match in matches if match[1] == distance]
        found = next((word for word in closest if doubled_letter_slip(surface, word)), None)
        if found is None:
            # a slip keeps the letters ("призеденты" is "президенты", not "приведены"); among
            # equals the first, most frequent word wins
            letters = Counter(surface)
            found = max(closest, key=lambda word: (Counter(word) & letters).total())
        return self._surface_terms[found], 1.0 - distance / max(size, len(found))


def doubled_letter_slip(typed: str, word: str) -> bool:
    """Whether the two differ only by one doubled letter ("efect" / "effect", "комисия" /
    "комиссия"): the commonest slip, so it beats an equally near but unrelated word
    ("elect")."""
    if abs(len(typed) - len(word)) != 1:
        return False
    short, long = sorted((typed, word), key=len)
    return any(
        long[i] == long[i - 1] and long[:i] + long[i + 1 :] == short for i in range(1, len(long))
    )


@dataclass(frozen=True, slots=True)
class _Text:
    ref: Ref
    lang: str
    field: str
    text: str


def _texts(catalog: Catalog) -> Iterator[_Text]:
    for entry in catalog.qa.values():
        ref: Ref = ("qa", entry.id)
        for lang in LANGS:
            for question in entry.questions.get(lang):
                yield _Text(ref, lang, "question", question)
            yield _Text(ref, lang, CONTEXT, entry.answer.get(lang))
    for article in catalog.articles.values():
        ref = ("article", str(article.number))
        for lang in LANGS:
            yield _Text(ref, lang, "title", article.title.get(lang))
            for keyword in article.keywords.get(lang):
                yield _Text(ref, lang, "keyword", keyword)
            yield _Text(ref, lang, CONTEXT, article.summary.get(lang))
    for myth in catalog.myths.values():
        ref = ("myth", myth.id)
        for lang in LANGS:
            yield _Text(ref, lang, "claim", myth.claim.get(lang))
            for keyword in myth.keywords.get(lang):
                yield _Text(ref, lang, "keyword", keyword)
            yield _Text(ref, lang, CONTEXT, myth.fact.get(lang))


def _families(catalog: Catalog) -> dict[Ref, frozenset[Ref]]:
    """Items that give compatible answers: an entry or myth, the articles it rests on, and
    entries and myths of the other kind resting on one of those articles."""
    citing: dict[Ref, set[Ref]] = defaultdict(set)
    cited: dict[Ref, set[Ref]] = {}
    for entry in catalog.qa.values():
        cited[("qa", entry.id)] = {("article", str(number)) for number in entry.articles}
    for myth in catalog.myths.values():
        cited[("myth", myth.id)] = {("article", str(number)) for number in myth.articles}
    for ref, articles in cited.items():
        for article in articles:
            citing[article].add(ref)
    families: dict[Ref, frozenset[Ref]] = {
        article: frozenset(refs) for article, refs in citing.items()
    }
    for ref, articles in cited.items():
        others = {other for article in articles for other in citing[article] if other[0] != ref[0]}
        families[ref] = frozenset(articles | others)
    # Entries (and myth cards) a curator marked as related answer neighbouring questions ("who
    # replaces the President" / "Vice President as successor"): each is an acceptable answer to
    # the other's question, so they do not compete for the lead either.
    linked: dict[Ref, set[Ref]] = defaultdict(set)
    marked = [(("qa", entry.id), entry.related) for entry in catalog.qa.values()]
    marked += [(("myth", myth.id), myth.related) for myth in catalog.myths.values()]
    for ref, related in marked:
        for other in related:
            if other in catalog.qa:
                linked[ref].add(("qa", other))
                linked[("qa", other)].add(ref)
    for ref, refs in linked.items():
        families[ref] = families.get(ref, frozenset()) | refs
    return families


@dataclass
class _Analysed:
    """One text of one item, analysed."""

    ref: Ref
    field: str
    terms: list[str]  # concept tokens in place of glossary phrases
    replaced: list[tuple[str, tuple[str, ...]]]  # each concept with the plain terms it replaced

    def shadowed(self) -> set[str]:
        """Plain terms that a phrase replaced and the text has nowhere else."""
        if not self.replaced:
            return set()
        return {member for _, members in self.replaced for member in members}.difference(
            self.terms
        )


class _LanguageBuilder:
    """Collects the analysed texts of one language, then builds its index."""

    def __init__(self, lang: str, analyzer: Analyzer) -> None:
        self.lang = lang
        self.analyzer = analyzer
        self.texts: list[_Analysed] = []
        self.words: Counter[str] = Counter()  # how often each word occurs in the content
        self.readings: dict[str, tuple[str, ...]] = {}

    def surfaces(self) -> Counter[tuple[str, str]]:
        """(surface form, term) of every single-term content word, with its frequency: what
        spelling fixes compare a misspelt word with."""
        found: Counter[tuple[str, str]] = Counter()
        for word, count in self.words.items():
            reading = read_word(self.lang, word)
            if len(reading.terms) == 1 and reading.surface:
                found[(reading.surface, reading.terms[0])] += count
        return found

    def add(self, item: _Text) -> None:
        words = normalize(item.text).split()
        self.words.update(words)
        cache = self.readings
        plain: list[str] = []
        for word in words:
            terms = cache.get(word)
            if terms is None:
                terms = cache[word] = read_word(self.lang, word).terms
            plain.extend(terms)
        if not plain:
            return
        terms, replaced = self.analyzer.concepts.replace(self.lang, plain)
        self.texts.append(_Analysed(item.ref, item.field, terms, replaced))

    def _item_terms(self) -> tuple[dict[Ref, set[str]], dict[Ref, set[str]]]:
        """Each item's index terms, and its plain terms (those inside glossary phrases too)."""
        whole_terms: dict[Ref, set[str]] = defaultdict(set)
        whole_plain: dict[Ref, set[str]] = defaultdict(set)
        for text in self.texts:
            whole_terms[text.ref].update(text.terms)
            if text.replaced:
                for _, members in text.replaced:
                    whole_plain[text.ref].update(members)
        for ref, terms in whole_terms.items():
            whole_plain[ref].update(terms)
        return whole_terms, whole_plain

    def _weights(
        self, whole_terms: dict[Ref, set[str]], whole_plain: dict[Ref, set[str]]
    ) -> tuple[dict[str, float], dict[str, float]]:
        """IDF weights of index terms and of plain terms over the items."""
        items = max(len(whole_terms), 1)
        containing: Counter[str] = Counter()
        plain_containing: Counter[str] = Counter()
        for ref, terms in whole_terms.items():
            containing.update(terms)
            plain_containing.update(whole_plain[ref])
        weights = {term: idf_weight(items, count) for term, count in containing.items()}
        plain_weights = {
            term: idf_weight(items, count) for term, count in plain_containing.items()
        }
        weak = WEAK_IDF**IDF_POWER
        for word in WEAK_WORDS[self.lang]:
            for term in read_word(self.lang, word).terms:
                for table in (weights, plain_weights):
                    if term in table:
                        table[term] = min(table[term], weak)
        return weights, plain_weights

    def _keep_specific_members(
        self, whole_terms: dict[Ref, set[str]], whole_plain: dict[Ref, set[str]]
    ) -> dict[str, frozenset[str]]:
        """Keep, next to a concept, the words of its phrase that are rarer than the concept:
        "жерді шетелдіктерге сату" stands for "land", but "foreigners" must not be lost.
        Updates the texts and ``whole_terms``."""
        weights, plain_weights = self._weights(whole_terms, whole_plain)
        kept: dict[str, set[str]] = defaultdict(set)
        for text in self.texts:
            for concept, members in text.replaced:
                for member in members:
                    if plain_weights.get(member, 0.0) > weights[concept] * SPECIFIC_MEMBER:
                        kept[concept].add(member)
        if kept:
            for text in self.texts:
                extra = [
                    member
                    for concept, members in text.replaced
                    for member in members
                    if member in kept.get(concept, ())
                ]
                text.terms.extend(member for member in extra if member not in text.terms)
                whole_terms[text.ref].update(extra)
        return {concept: frozenset(members) for concept, members in kept.items()}

    def build(self) -> LanguageIndex:
        whole_terms, whole_plain = self._item_terms()
        kept = self._keep_specific_members(whole_terms, whole_plain)
        weights, plain_weights = self._weights(whole_terms, whole_plain)
        whole_shadowed: dict[Ref, set[str]] = defaultdict(set)
        shadowed = [text.shadowed() for text in self.texts]
        for text, hidden in zip(self.texts, shadowed, strict=True):
            if hidden:
                whole_shadowed[text.ref].update(hidden)

        docs: list[Doc] = []
        shadows: dict[str, set[int]] = defaultdict(set)

        def add_doc(ref: Ref, field: str, terms: list[str], hidden: set[str]) -> None:
            unique = frozenset(terms)
            number = len(docs)
            docs.append(
                Doc(
                    ref=ref,
                    field=field,
                    weight=FIELD_WEIGHTS[field],
                    terms=unique,
                    text="" if field == WHOLE else " ".join(terms),
                    norm=sum(map(weights.__getitem__, unique)),
                )
            )
            for term in hidden - unique if hidden else ():
                shadows[term].add(number)

        for text, hidden in zip(self.texts, shadowed, strict=True):
            if text.field != CONTEXT:
                add_doc(text.ref, text.field, text.terms, hidden)
        for ref, terms in whole_terms.items():
            add_doc(ref, WHOLE, sorted(terms), whole_shadowed[ref])
        items = len(whole_terms)
        generic = idf_weight(items, max(items * GENERIC_SHARE, 1.0)) if items else 0.0
        index = LanguageIndex(
            self.lang, docs, weights, shadows, plain_weights, self.surfaces(), generic
        )
        index.specific_members = kept
        asked_counts: dict[Ref, Counter[str]] = defaultdict(Counter)
        context_counts: dict[Ref, Counter[str]] = defaultdict(Counter)
        for text in self.texts:
            (context_counts if text.field == CONTEXT else asked_counts)[text.ref].update(
                text.terms
            )
        for ref in whole_terms:
            counts: dict[str, float] = dict(asked_counts[ref])
            for term, count in context_counts[ref].items():
                counts[term] = counts.get(term, 0.0) + CONTEXT_COUNT * count
            index.term_counts[ref] = counts
            index.term_totals[ref] = sum(counts.values())
        labels: dict[Ref, set[str]] = defaultdict(set)
        for text in self.texts:
            if text.field in LABEL_FIELDS:
                labels[text.ref].update(text.terms)
                replaced = (member for _, members in text.replaced for member in members)
                labels[text.ref].update(replaced)
        index.labels = {ref: frozenset(terms) for ref, terms in labels.items()}
        return index


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
        self.glossary_terms = {lang: analyzer.concepts.terms(lang) for lang in LANGS}
        """Words of glossary names per reading: never spelling-corrected, so that a name
        typed as the glossary spells it ("Adiletti Qazaqstan") stays that name."""

    @classmethod
    def build(cls, catalog: Catalog) -> SearchIndex:
        """Analyse every searchable text of the catalog into per-language indexes."""
        concepts = ConceptMap.from_glossary(catalog.glossary, analyse_plain)
        analyzer = Analyzer(concepts)
        builders = {lang: _LanguageBuilder(lang, analyzer) for lang in LANGS}
        for item in _texts(catalog):
            builders[item.lang].add(item)
        languages = {lang: builder.build() for lang, builder in builders.items()}
        logger.info(
            "search index: %s documents, %d glossary phrases",
            {lang: len(index.docs) for lang, index in languages.items()},
            concepts.size(),
        )
        return cls(
            analyzer,
            languages,
            _families(catalog),
            _latin_names(catalog),
        )


def _latin_names(catalog: Catalog) -> dict[str, frozenset[str]]:
    """Terms of the glossary's Latin spellings of names ("Qurultai", "Mazhilis"), per reading:
    they are written the same whatever the language, so they are no evidence of one."""
    names: dict[str, set[str]] = {lang: set() for lang in LANGS}
    for group in catalog.glossary:
        for name in group.latin:
            for lang in LANGS:
                names[lang].update(analyse_plain(lang, name))
    return {lang: frozenset(terms) for lang, terms in names.items()}
