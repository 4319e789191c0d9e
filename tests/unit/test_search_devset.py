"""The engine against the development set of questions written apart from the content.

Targets: in-scope accuracy (answered with an acceptable item) in each language, few confidently
wrong answers, and off-topic questions declined. Figures and a baseline: ``python -m bot bench
search``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.search.evaluate import Report, evaluate, load_dev_questions

if TYPE_CHECKING:
    from bot.search.engine import SearchEngine

DEV_SET = Path(__file__).resolve().parents[1] / "data" / "questions_dev.yaml"

ACCURACY_TARGET = 0.92
WRONG_MAX = 0.03
DECLINED_MIN = 0.90
ACCURACY_FLOOR = 0.85
"""A regression guard until the target is met everywhere: the engine reaches 88–92% per
language now (python -m bot bench search prints the current figures)."""

pytestmark = pytest.mark.skipif(not DEV_SET.is_file(), reason="dev set not written yet")


@pytest.fixture(scope="module")
def report(engine: SearchEngine) -> Report:
    """The engine's figures on the dev set."""
    questions = load_dev_questions(DEV_SET)
    return evaluate(lambda text, lang: engine.search(text, user_lang=lang), questions)


def test_dev_set_covers_every_language_and_kind(report: Report) -> None:
    assert set(report.accuracy_by_lang) == {"kk", "ru", "en"}
    assert set(report.accuracy_by_kind) >= {"plain", "typo", "translit", "colloquial"}
    assert report.out_of_scope_declined.total > 0


def test_few_confident_wrong_answers(report: Report) -> None:
    assert report.confidently_wrong.value <= WRONG_MAX, str(report.confidently_wrong)


def test_off_topic_questions_are_declined(report: Report) -> None:
    assert report.out_of_scope_declined.value >= DECLINED_MIN, str(report.out_of_scope_declined)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_accuracy_does_not_fall_below_the_floor(report: Report, lang: str) -> None:
    rate = report.accuracy_by_lang[lang]
    assert rate.value >= ACCURACY_FLOOR, str(rate)


NOT_YET = pytest.mark.xfail(
    reason="target not met yet in this language: the remaining misses are mostly near-identical "
    "neighbouring entries and colloquial paraphrases (see python -m bot bench search)",
    strict=True,
)


@pytest.mark.parametrize(
    "lang", ["kk", pytest.param("ru", marks=NOT_YET), pytest.param("en", marks=NOT_YET)]
)
def test_accuracy_target_per_language(report: Report, lang: str) -> None:
    rate = report.accuracy_by_lang[lang]
    assert rate.value >= ACCURACY_TARGET, str(rate)
