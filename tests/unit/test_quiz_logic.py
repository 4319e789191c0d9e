"""Pure quiz rules: selection, shuffles, spaced review, daily pick, scores, streaks, rankings."""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from dataclasses import dataclass

import pytest
from aiogram.utils.i18n import I18n

from bot.content.models import QuizItem, Text, TextList
from bot.quiz.daily import daily_due, daily_invite
from bot.quiz.review import RIGHTS_TO_CLEAR, ItemReview, after_answer
from bot.quiz.scoring import (
    Score,
    best_score,
    breakdown,
    day_streak,
    local_day,
    rank,
    score_of,
)
from bot.quiz.selection import (
    lengths_for,
    pick_daily,
    select_items,
    shuffled_options,
    stable_number,
    topic_pool,
)
from handlers.group_quiz import parse_quiz_args, poll_question


def make_item(ident: str, topic: str = "rights", options: int = 4) -> QuizItem:
    texts = [f"option {n}" for n in range(options)]
    return QuizItem(
        id=ident,
        topic=topic,
        difficulty=1,
        question=Text(kk=f"{ident}?", ru=f"{ident}?", en=f"{ident}?"),
        options=TextList(kk=texts, ru=texts, en=texts),
        correct=1,
        explanation=Text(kk="why", ru="why", en="why"),
    )


POOL = [make_item(f"item_{n:02d}", "rights" if n % 2 else "courts") for n in range(30)]


@dataclass(frozen=True)
class Mark:
    topic: str
    correct: bool | None


@dataclass(frozen=True)
class Person:
    user_id: int
    name: str
    right: int


def test_topic_pool_filters_and_sorts() -> None:
    pool = topic_pool(reversed(POOL), "rights")
    assert [i.id for i in pool] == sorted(i.id for i in POOL if i.topic == "rights")
    assert len(topic_pool(POOL, None)) == 30


@pytest.mark.parametrize(
    ("size", "expected"), [(0, ()), (3, (3,)), (5, (5,)), (12, (5, 10)), (20, (5, 10, 20))]
)
def test_lengths_fit_the_pool(size: int, expected: tuple[int, ...]) -> None:
    assert lengths_for(size) == expected


@pytest.mark.parametrize("count", [1, 5, 10, 20, 30])
def test_selection_has_no_repeats_and_the_right_length(count: int) -> None:
    chosen = select_items(POOL, count, rng=random.Random(count))
    assert len(chosen) == count
    assert len({i.id for i in chosen}) == count


def test_selection_reserves_half_the_quiz_for_due_items() -> None:
    due = {f"item_{n:02d}" for n in range(10)}
    for seed in range(20):
        chosen = {i.id for i in select_items(POOL, 10, rng=random.Random(seed), due=due)}
        assert len(chosen & due) >= 5


def test_selection_prefers_unseen_items() -> None:
    seen = {i.id for i in POOL[:25]}
    chosen = {i.id for i in select_items(POOL, 5, rng=random.Random(1), seen=seen)}
    assert chosen == {i.id for i in POOL[25:]}


def test_selection_of_a_small_pool_returns_it_all() -> None:
    assert len(select_items(POOL[:3], 5, rng=random.Random(0))) == 3


def test_shuffled_options_are_a_permutation() -> None:
    rng = random.Random(3)
    orders = {shuffled_options(4, rng) for _ in range(50)}
    assert all(sorted(order) == [0, 1, 2, 3] for order in orders)
    assert len(orders) > 5


def test_review_is_due_until_right_twice_in_a_row() -> None:
    state = after_answer(None, "a", correct=False)
    assert state.due
    state = after_answer(state, "a", correct=True)
    assert state.due
    state = after_answer(state, "a", correct=False)
    assert state == ItemReview("a", wrong=2, right=1, streak=0)
    for _ in range(RIGHTS_TO_CLEAR):
        assert state.due
        state = after_answer(state, "a", correct=True)
    assert not state.due


def test_an_item_never_missed_is_not_due() -> None:
    assert not after_answer(None, "a", correct=True).due


def test_daily_pick_is_fixed_for_a_user_and_date() -> None:
    day = dt.date(2026, 12, 1)
    first = pick_daily(POOL, user_id=7, day=day)
    assert first is not None
    assert pick_daily(list(reversed(POOL)), user_id=7, day=day) == first
    picks = set()
    for n in range(10):
        picked = pick_daily(POOL, user_id=7, day=day + dt.timedelta(days=n))
        assert picked is not None
        picks.add(picked.id)
    assert len(picks) > 3


def test_daily_pick_prefers_due_then_unseen_items() -> None:
    day = dt.date(2026, 12, 1)
    due = {"item_03", "item_17"}
    for user in range(20):
        picked = pick_daily(POOL, user_id=user, day=day, due=due, seen={i.id for i in POOL})
        assert picked is not None
        assert picked.id in due
    seen = {i.id for i in POOL[1:]}
    assert pick_daily(POOL, user_id=1, day=day, seen=seen) == POOL[0]
    assert pick_daily([], user_id=1, day=day) is None


def test_stable_number_does_not_depend_on_the_process() -> None:
    assert stable_number(1, "2026-12-01") == stable_number(1, "2026-12-01")
    assert stable_number(1, "2026-12-01") != stable_number(2, "2026-12-01")


def test_score_and_breakdown_in_catalog_order() -> None:
    marks = [
        Mark("rights", True), Mark("courts", False), Mark("rights", None), Mark("courts", True)
    ]
    assert score_of(marks) == Score(2, 4)
    assert breakdown(marks, ["courts", "rights"]) == [
        ("courts", Score(1, 2)),
        ("rights", Score(1, 2)),
    ]
    assert breakdown(marks, ["rights"])[1][0] == "courts"


def test_score_percent_and_best() -> None:
    assert Score(7, 10).percent == 70
    assert Score(0, 0).percent == 0
    assert best_score([Score(4, 5), Score(8, 10), Score(3, 5)]) == Score(8, 10)
    assert best_score([]) is None


@pytest.mark.parametrize(
    ("offsets", "expected"),
    [
        ([], 0),
        ([0], 1),
        ([1], 1),
        ([0, 1, 2], 3),
        ([1, 2, 3], 3),
        ([0, 2, 3], 1),
        ([2, 3], 0),
    ],
)
def test_day_streak(offsets: list[int], expected: int) -> None:
    today = dt.date(2026, 12, 10)
    days = [today - dt.timedelta(days=n) for n in offsets]
    assert day_streak(days, today) == expected


def test_local_day_uses_the_bot_time_zone() -> None:
    late_utc = dt.datetime(2026, 12, 1, 20, 30, tzinfo=dt.UTC)
    assert local_day(late_utc, zoneinfo.ZoneInfo("Asia/Almaty")) == dt.date(2026, 12, 2)
    assert local_day(late_utc, dt.UTC) == dt.date(2026, 12, 1)


def test_ranking_shares_places_on_ties() -> None:
    people = [
        Person(1, "Dias", 7), Person(2, "Aigerim", 9), Person(3, "Bota", 7), Person(4, "E", 1)
    ]
    standings = rank(people)
    assert [(s.place, s.name, s.right) for s in standings] == [
        (1, "Aigerim", 9),
        (2, "Bota", 7),
        (2, "Dias", 7),
        (4, "E", 1),
    ]
    assert rank([]) == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (None, (None, 5)),
        ("10", (None, 10)),
        ("rights 20", ("rights", 20)),
        ("COURTS", ("courts", 5)),
        ("7", (None, 5)),
        ("100", (None, 20)),
        ("nonsense", (None, 5)),
    ],
)
def test_group_quiz_arguments(args: str | None, expected: tuple[str | None, int]) -> None:
    assert parse_quiz_args(args, ["rights", "courts"]) == expected


def test_poll_question_fits_telegram_limit() -> None:
    assert poll_question(2, 10, "Who?") == "3/10. Who?"
    long = "x" * 298
    assert poll_question(0, 10, long) == long


def test_daily_question_is_due_from_the_local_hour() -> None:
    almaty = zoneinfo.ZoneInfo("Asia/Almaty")
    before = dt.datetime(2026, 12, 1, 4, 59, tzinfo=dt.UTC)  # 09:59 in Almaty
    after = dt.datetime(2026, 12, 1, 5, 0, tzinfo=dt.UTC)
    assert daily_due(before, almaty) is None
    assert daily_due(after, almaty) == dt.date(2026, 12, 1)
    late = dt.datetime(2026, 12, 1, 20, 0, tzinfo=dt.UTC)  # 01:00 next day in Almaty
    assert daily_due(late, almaty) is None
    assert daily_due(late, almaty, hour=0) == dt.date(2026, 12, 2)


def test_daily_invite_is_plain_text_naming_the_command(i18n: I18n) -> None:
    for lang in ("kk", "ru", "en"):
        message = daily_invite(lang, lambda key, locale: i18n.gettext(key, locale=locale))
        assert "/daily" in message.text
        assert not message.html
