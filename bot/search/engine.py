"""The answer engine: a question in any of three languages and scripts in, a verdict out.

``SearchEngine.build(catalog)`` indexes the content once; ``engine.search(text, user_lang=...)``
then (1) answers explicit article requests directly, (2) reads the question in each plausible
language (Latin text may be English, transliterated Russian or Kazakh), (3) picks a short list
of documents from the inverted index with IDF-weighted term overlap, (4) re-scores it with
rapidfuzz over the analysed text, and (5) decides: answer, suggest, or decline.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from typing import TYPE_CHECKING, Final

from rapidfuzz import fuzz, process

from bot.search.analysis import words_of
from bot.search.detect import Vocabulary, choose_language, language_evidence
from bot.search.index import LONG_FIELDS, LanguageIndex, Ref, SearchIndex
from bot.search.lookup import find_article_request
from bot.search.normalize import script_of
from bot.search.result import Candidate, SearchResult
from bot.search.synonyms import is_concept

if TYPE_CHECKING:
    from bot.content.catalog import Catalog

logger = logging.getLogger(__name__)

MAX_QUERY_CHARS: Final = 400
"""Longer input is cut before any work: a question is a line or two, not a pasted page."""

# --- decision thresholds (scores are 0–100) ----------------------------------------------------
# Calibrated with bot/bench/search.py on the development set; see the figures in the docstring
# of ``decide`` below.
ANSWER_MIN: Final = 62.0
ANSWER_MARGIN: Final = 7.0
SUGGEST_MIN: Final = 40.0
MAX_CANDIDATES: Final = 3

# --- scoring ---------------------------------------------------------------------------------
UNKNOWN_WEIGHT: Final = 0.8
"""An unknown word weighs this share of the rarest term's IDF: off-topic words sink a question."""
RECALL_BETA: Final = 1.5
"""F-beta of question coverage (recall) and document coverage (precision): the question matters
more, but a long document that mentions everything must not win."""
OVERLAP_SHARE: Final = 0.8
"""Share of the IDF overlap in a short document's score; the rest is rapidfuzz similarity."""
SHORTLIST: Final = 40
"""Documents per reading re-scored with rapidfuzz."""
OTHER_READING: Final = 0.95
"""A reading in another language than the detected one (e.g. Latin read as Kazakh) counts less."""
READING_SPREAD: Final = 1.0
"""Read the question in every language whose evidence is within this of the best language's."""
PARTIAL_CONCEPT: Final = 0.75
"""A word found only inside one glossary name ("презумпция" alone) stands for that concept at
this similarity."""
FAMILY_GAP: Final = 20.0
"""When an article wins but a Q&A entry or myth resting on it scores within this, the entry is
given instead: article keywords are short labels that match short questions perfectly, while the
entry is the written answer to the question."""


def _f_beta(recall: float, precision: float) -> float:
    if recall <= 0 or precision <= 0:
        return 0.0
    beta2 = RECALL_BETA * RECALL_BETA
    return (1 + beta2) * precision * recall / (beta2 * precision + recall)


class SearchEngine:
    """Finds the Q&A entry, article or myth a citizen's question is about."""

    def __init__(self, index: SearchIndex, articles: frozenset[int]) -> None:
        self.index = index
        self.articles = articles
        self.vocabulary = Vocabulary(
            terms={lang: lang_index.raw_terms for lang, lang_index in index.languages.items()},
            names=index.names,
        )

    @classmethod
    def build(cls, catalog: Catalog) -> SearchEngine:
        """Index the catalog; call once at start-up."""
        started = time.perf_counter()
        engine = cls(SearchIndex.build(catalog), frozenset(catalog.articles))
        logger.info("search engine built in %.0f ms", (time.perf_counter() - started) * 1000)
        return engine

    def search(self, text: str, *, user_lang: str) -> SearchResult:
        """Return the verdict for one question; never raises on odd input."""
        text = text[:MAX_QUERY_CHARS]
        words = words_of(text)
        evidence = language_evidence(words, self.vocabulary)
        lang = choose_language(evidence, user_lang)
        request = find_article_request(text)
        if request is not None:
            if request.number in self.articles:
                best = Candidate("article", str(request.number), 100.0)
                return SearchResult("answer", lang, (best,), margin=100.0, direct_article=True)
            return SearchResult("none", lang)
        if not any(script_of(word) in ("cyrillic", "latin", "digits") for word in words):
            return SearchResult("none", lang)
        readings = evidence.plausible(READING_SPREAD)
        scores: dict[Ref, float] = {}
        for reading in readings:
            prior = 1.0 if reading == lang else OTHER_READING
            for ref, score in self._score_reading(reading, words).items():
                score *= prior
                if score > scores.get(ref, 0.0):
                    scores[ref] = score
        return self._decide(scores, lang)

    def query_terms(self, reading: str, words: list[str]) -> list[tuple[str, float]]:
        """The question's terms in one reading, spelling-corrected, as (term, similarity)."""
        lang_index = self.index.languages[reading]
        concepts = self.index.analyzer.concepts
        pairs: list[tuple[str, float]] = []
        for term in self.index.analyzer.raw_terms(reading, words):
            if term in lang_index.raw_counts or term.isdigit():
                pairs.append((term, 1.0))
            else:
                pairs.append(lang_index.correct(term) or (term, 1.0))
        out: list[tuple[str, float]] = []
        for term, similarity in concepts.apply_scored(reading, pairs):
            if term not in lang_index.idf and not is_concept(term):
                owner = concepts.owner(reading, term)
                if owner is not None and owner in lang_index.idf:
                    out.append((owner, similarity * PARTIAL_CONCEPT))
                    continue
            out.append((term, similarity))
        return out

    def _score_reading(self, reading: str, words: list[str]) -> dict[Ref, float]:
        terms = self.query_terms(reading, words)
        if not terms:
            return {}
        return _score_documents(self.index.languages[reading], terms)

    def _decide(self, scores: dict[Ref, float], lang: str) -> SearchResult:
        """Answer when the best is high and clearly ahead; suggest when close; else decline."""
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        if not ranked:
            return SearchResult("none", lang)
        best_ref, best_score = ranked[0]
        family = self.index.families.get(best_ref, frozenset())
        if best_ref[0] == "article":
            # Prefer the written answer resting on this article when it matches nearly as well.
            for ref, score in ranked[1:]:
                if score < best_score - FAMILY_GAP:
                    break
                if ref in family:
                    ranked.remove((ref, score))
                    ranked.insert(0, (ref, best_score))
                    best_ref = ref
                    family = self.index.families.get(best_ref, frozenset()) | {ranked[1][0]}
                    break
        rival = next((score for ref, score in ranked[1:] if ref not in family), 0.0)
        margin = best_score - rival
        candidates = tuple(
            Candidate(kind, ref, round(score, 2)) for (kind, ref), score in ranked[:MAX_CANDIDATES]
        )
        if best_score >= ANSWER_MIN and margin >= ANSWER_MARGIN:
            return SearchResult("answer", lang, candidates, margin=round(margin, 2))
        if best_score >= SUGGEST_MIN:
            return SearchResult("suggest", lang, candidates, margin=round(margin, 2))
        return SearchResult("none", lang, margin=round(margin, 2))


def _resolve(
    lang_index: LanguageIndex, terms: list[tuple[str, float]]
) -> tuple[list[tuple[str, float, float]], float, str]:
    """Weigh the question's terms by IDF; unknown words weigh heavily and match nothing.

    Returns (term, weight, similarity) for known terms, the total weight including unknown
    words, and the question's terms as text for rapidfuzz.
    """
    matched: dict[str, tuple[float, float]] = {}
    total = 0.0
    for term, similarity in terms:
        idf = lang_index.idf.get(term)
        if idf is None:
            if term not in matched:
                total += lang_index.unknown_idf * UNKNOWN_WEIGHT
            matched.setdefault(term, (0.0, 0.0))
            continue
        if term in matched:
            matched[term] = (idf, max(similarity, matched[term][1]))
            continue
        matched[term] = (idf, similarity)
        total += idf
    resolved = [(term, idf, sim) for term, (idf, sim) in matched.items() if idf > 0]
    return resolved, total, " ".join(matched)


def _score_documents(lang_index: LanguageIndex, terms: list[tuple[str, float]]) -> dict[Ref, float]:
    """Score the documents of one language against one reading of the question."""
    resolved, total, query_text = _resolve(lang_index, terms)
    if not resolved or total <= 0:
        return {}
    overlap: dict[int, float] = defaultdict(float)
    for term, idf, similarity in resolved:
        gain = idf * similarity
        for number in lang_index.postings.get(term, ()):
            overlap[number] += gain
    docs = lang_index.docs
    coarse: list[tuple[float, int]] = []
    for number, gained in overlap.items():
        doc = docs[number]
        recall = gained / total
        if doc.field in LONG_FIELDS:
            value = recall
        else:
            value = _f_beta(recall, min(gained / doc.norm, 1.0))
        coarse.append((value * doc.weight, number))
    coarse.sort(reverse=True)
    shortlist = coarse[:SHORTLIST]
    short_docs = {number: docs[number].text for _, number in shortlist}
    similarity = {
        key: value
        for _, value, key in process.extract(
            query_text,
            short_docs,
            scorer=fuzz.token_sort_ratio,
            processor=None,
            limit=None,
            score_cutoff=0,
        )
    }
    best: dict[Ref, float] = {}
    for value, number in shortlist:
        doc = docs[number]
        if doc.field in LONG_FIELDS:
            score = 100.0 * value
        else:
            score = 100.0 * doc.weight * (
                OVERLAP_SHARE * value / doc.weight
                + (1.0 - OVERLAP_SHARE) * similarity.get(number, 0.0) / 100.0
            )
        if score > best.get(doc.ref, 0.0):
            best[doc.ref] = score
    return best
