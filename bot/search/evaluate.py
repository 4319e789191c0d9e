"""Measure a search function on a development set: accuracy, safety, declines and speed.

Used by ``python -m bot bench search`` (to print) and by the dev-set test (to assert), so both
count the same way. A question is answered correctly when the status is "answer" and the best
candidate is one of its acceptable refs: a Q&A id, ``a:N`` for an article, ``m:<id>`` for a myth.
"""

from __future__ import annotations

import itertools
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import yaml

from bot.content.models import LANGS
from bot.search.engine import SearchEngine, Thresholds
from bot.search.result import Candidate, SearchResult

KINDS: Final = ("plain", "typo", "translit", "colloquial", "out_of_scope")
OUT_OF_SCOPE: Final = "out_of_scope"

Search = Callable[[str, str], SearchResult]
"""(text, user_lang) -> result; the engine is ``lambda t, l: engine.search(t, user_lang=l)``."""


@dataclass(frozen=True)
class DevQuestion:
    """One question of the development set."""

    q: str
    lang: str
    kind: str
    expect: tuple[str, ...]

    @property
    def in_scope(self) -> bool:
        """Whether the question has an answer in the content."""
        return bool(self.expect)


def load_dev_questions(path: Path) -> list[DevQuestion]:
    """Read ``questions:`` from a dev-set YAML file."""
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    questions = []
    for raw in data.get("questions", []):
        questions.append(
            DevQuestion(
                q=str(raw["q"]),
                lang=str(raw["lang"]),
                kind=str(raw.get("kind", "plain")),
                expect=tuple(str(ref) for ref in raw.get("expect") or ()),
            )
        )
    return questions


def candidate_ref(candidate: Candidate) -> str:
    """The dev-set spelling of a candidate: Q&A id, ``a:N`` or ``m:<id>``."""
    if candidate.kind == "qa":
        return candidate.ref
    return candidate.key


@dataclass
class Rate:
    """Hits over a count, printable as a percentage."""

    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        """Count one observation."""
        self.total += 1
        self.hits += int(hit)

    @property
    def value(self) -> float:
        """The rate, 0 when nothing was counted."""
        return self.hits / self.total if self.total else 0.0

    def __str__(self) -> str:
        if not self.total:
            return "   n/a"
        return f"{100 * self.value:5.1f}% ({self.hits}/{self.total})"


@dataclass
class Outcome:
    """What one question got."""

    question: DevQuestion
    result: SearchResult
    seconds: float

    @property
    def best_ref(self) -> str | None:
        """The dev-set ref of the best candidate."""
        return candidate_ref(self.result.best) if self.result.best else None

    @property
    def correct(self) -> bool:
        """Answered, with an acceptable ref."""
        return self.result.status == "answer" and self.best_ref in self.question.expect

    @property
    def confidently_wrong(self) -> bool:
        """Answered an in-scope question with a ref that is not acceptable."""
        return (
            self.question.in_scope
            and self.result.status == "answer"
            and self.best_ref not in self.question.expect
        )


@dataclass
class Report:
    """Every figure the bench prints and the dev-set test asserts."""

    outcomes: list[Outcome] = field(repr=False)
    accuracy_by_lang: dict[str, Rate] = field(default_factory=dict)
    accuracy_by_kind: dict[str, Rate] = field(default_factory=dict)
    accuracy: Rate = field(default_factory=Rate)
    suggest_contains_correct: Rate = field(default_factory=Rate)
    reachable: Rate = field(default_factory=Rate)  # answered right, or right among suggestions
    confidently_wrong: Rate = field(default_factory=Rate)
    out_of_scope_declined: Rate = field(default_factory=Rate)
    out_of_scope_answered: Rate = field(default_factory=Rate)
    answer_lang: Rate = field(default_factory=Rate)  # detected language under a foreign prior
    latencies_ms: list[float] = field(default_factory=list, repr=False)

    @property
    def p50_ms(self) -> float:
        """Median time per question."""
        return statistics.median(self.latencies_ms) if self.latencies_ms else 0.0

    @property
    def p99_ms(self) -> float:
        """99th percentile time per question."""
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]

    @property
    def per_second(self) -> float:
        """Questions per second on one core."""
        total = sum(self.latencies_ms)
        return 1000.0 * len(self.latencies_ms) / total if total else 0.0

    def failures(self) -> list[Outcome]:
        """Outcomes that are not right: wrong answers, misses and undeclined off-topic ones."""
        return [
            outcome
            for outcome in self.outcomes
            if (outcome.question.in_scope and not outcome.correct)
            or (not outcome.question.in_scope and outcome.result.status != "none")
        ]


def _foreign_prior(lang: str) -> str:
    """A user language different from the question's, to test detection without a hint."""
    return LANGS[(LANGS.index(lang) + 1) % len(LANGS)] if lang in LANGS else "ru"


def evaluate(search: Search, questions: Iterable[DevQuestion], *, repeat: int = 1) -> Report:
    """Run every question and compute the report; a question's time is the median of
    ``repeat`` timed runs."""
    questions = list(questions)
    for question in questions[:20]:
        search(question.q, question.lang)  # warm caches so the first timings are not outliers
    report = Report(outcomes=[])
    by_lang: dict[str, Rate] = defaultdict(Rate)
    by_kind: dict[str, Rate] = defaultdict(Rate)
    for question in questions:
        result = search(question.q, question.lang)
        timings = []
        for _ in range(max(repeat, 1)):
            started = time.perf_counter()
            search(question.q, question.lang)
            timings.append((time.perf_counter() - started) * 1000.0)
        # the median of the repeats, so that a busy neighbour on the machine is not counted
        report.latencies_ms.append(statistics.median(timings))
        outcome = Outcome(question, result, report.latencies_ms[-1] / 1000.0)
        report.outcomes.append(outcome)
        if question.in_scope:
            by_lang[question.lang].add(outcome.correct)
            by_kind[question.kind].add(outcome.correct)
            report.accuracy.add(outcome.correct)
            report.confidently_wrong.add(outcome.confidently_wrong)
            in_suggestions = any(
                candidate_ref(candidate) in question.expect for candidate in result.candidates
            )
            if result.status == "suggest":
                report.suggest_contains_correct.add(in_suggestions)
            report.reachable.add(
                outcome.correct or (result.status == "suggest" and in_suggestions)
            )
            foreign = search(question.q, _foreign_prior(question.lang))
            report.answer_lang.add(foreign.lang == question.lang)
        else:
            by_kind[question.kind].add(result.status == "none")
            report.out_of_scope_declined.add(result.status == "none")
            report.out_of_scope_answered.add(result.status == "answer")
    report.accuracy_by_lang = dict(sorted(by_lang.items()))
    report.accuracy_by_kind = {kind: by_kind[kind] for kind in KINDS if kind in by_kind}
    return report


@dataclass(frozen=True)
class Scored:
    """A question's best item, score and margin before any threshold is applied."""

    question: DevQuestion
    best: str | None
    score: float
    margin: float
    coverage: float

    @property
    def right(self) -> bool:
        """Whether the best item is acceptable (always False for out-of-scope questions)."""
        return self.best is not None and self.best in self.question.expect


def ref_string(kind: str, ref: str) -> str:
    """The dev-set spelling of an item: Q&A id, ``a:N`` or ``m:<id>``."""
    return candidate_ref(Candidate(kind, ref, 0.0))  # type: ignore[arg-type]


def score_questions(engine: SearchEngine, questions: Iterable[DevQuestion]) -> list[Scored]:
    """Rank every question without deciding; direct article requests are left out."""
    scored = []
    for question in questions:
        ranking = engine.rank(question.q, user_lang=question.lang)
        if ranking.article is not None:
            continue
        best = ref_string(*ranking.ranked[0][0]) if ranking.ranked else None
        scored.append(Scored(question, best, ranking.score, ranking.margin, ranking.coverage))
    return scored


@dataclass(frozen=True)
class Calibration:
    """How a set of thresholds does on scored questions."""

    thresholds: Thresholds
    accuracy: float  # in scope: answered right
    wrong: float  # in scope: answered wrong
    declined: float  # out of scope: status "none"
    reachable: float  # in scope: answered right or the right item first among suggestions

    def __str__(self) -> str:
        t = self.thresholds
        return (
            f"answer if score>={t.sure_min:g} & margin>={t.sure_margin:g} "
            f"or score>={t.answer_min:g} & margin>={t.answer_margin:g}; "
            f"suggest if score>={t.suggest_min:g} & coverage>={t.suggest_coverage:g}: "
            f"accuracy {self.accuracy:.1%}, wrong {self.wrong:.1%}, "
            f"off-topic declined {self.declined:.1%}, right first when answered or suggested "
            f"{self.reachable:.1%}"
        )


def calibrate(scored: list[Scored], thresholds: Thresholds) -> Calibration:
    """Accuracy, wrong-answer and decline rates of ``thresholds`` on scored questions."""
    in_scope = [item for item in scored if item.question.in_scope]
    off_topic = [item for item in scored if not item.question.in_scope]
    right = wrong = declined = reachable = 0
    for item in in_scope:
        status = thresholds.status(item.score, item.margin, item.coverage)
        if status == "answer":
            right += item.right
            wrong += not item.right
        reachable += status != "none" and item.right
    for item in off_topic:
        declined += thresholds.status(item.score, item.margin, item.coverage) == "none"
    return Calibration(
        thresholds,
        accuracy=right / len(in_scope) if in_scope else 0.0,
        wrong=wrong / len(in_scope) if in_scope else 0.0,
        declined=declined / len(off_topic) if off_topic else 1.0,
        reachable=reachable / len(in_scope) if in_scope else 0.0,
    )


def best_thresholds(
    scored: list[Scored], *, max_wrong: float = 0.03, min_declined: float = 0.9
) -> list[Calibration]:
    """Search a grid of thresholds; return those within the limits, best accuracy first.

    The sure tier keeps a margin of at least 3 points: a tie is never answered.
    """
    found = []
    grid = itertools.product(
        (80.0, 85.0, 90.0),  # sure_min
        (3.0, 5.0),  # sure_margin
        range(40, 72, 2),  # answer_min
        (4.0, 6.0, 8.0, 10.0, 12.0, 15.0),  # answer_margin
        range(30, 60, 4),  # suggest_min
        (0.0, 0.4, 0.5, 0.6, 0.7),  # suggest_coverage
    )
    for sure_min, sure_margin, answer_min, answer_margin, suggest_min, coverage in grid:
        if suggest_min > answer_min:
            continue
        thresholds = Thresholds(
            sure_min, sure_margin, float(answer_min), answer_margin, float(suggest_min), coverage
        )
        result = calibrate(scored, thresholds)
        if result.wrong <= max_wrong and result.declined >= min_declined:
            found.append(result)
    # best accuracy (to half a point), then the most right items offered, then fewest wrong
    found.sort(key=lambda item: (-round(item.accuracy * 200), -item.reachable, item.wrong))
    return found
