"""Scores, per-topic breakdowns, day streaks and group rankings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol


class Graded(Protocol):
    """Anything with a topic and a right/wrong mark (None: not answered yet)."""

    @property
    def topic(self) -> str: ...

    @property
    def correct(self) -> bool | None: ...


@dataclass(frozen=True)
class Score:
    """Right answers out of a total."""

    right: int
    total: int

    @property
    def percent(self) -> int:
        """Rounded share of right answers, 0 for an empty score."""
        return round(100 * self.right / self.total) if self.total else 0

    @property
    def ratio(self) -> float:
        """Share of right answers, for comparing scores of different lengths."""
        return self.right / self.total if self.total else 0.0


def score_of(questions: Iterable[Graded]) -> Score:
    """The score of a set of questions; unanswered ones count as not right."""
    marks = [q.correct for q in questions]
    return Score(right=sum(1 for mark in marks if mark), total=len(marks))


def breakdown(questions: Iterable[Graded], order: Sequence[str] = ()) -> list[tuple[str, Score]]:
    """Scores per topic, in ``order`` first (the catalog's topic order), then by name."""
    groups: dict[str, list[Graded]] = {}
    for question in questions:
        groups.setdefault(question.topic, []).append(question)
    rank = {topic: index for index, topic in enumerate(order)}
    topics = sorted(groups, key=lambda t: (rank.get(t, len(rank)), t))
    return [(topic, score_of(groups[topic])) for topic in topics]


def best_score(scores: Iterable[Score]) -> Score | None:
    """The best share of right answers; the longer quiz wins a tie."""
    return max(scores, key=lambda s: (s.ratio, s.total), default=None)


def local_day(moment: dt.datetime, zone: dt.tzinfo) -> dt.date:
    """The calendar day of an aware moment in ``zone``."""
    return moment.astimezone(zone).date()


def day_streak(days: Iterable[dt.date], today: dt.date) -> int:
    """Consecutive days with a quiz, ending today, or yesterday when today has none yet."""
    seen = set(days)
    day = today if today in seen else today - dt.timedelta(days=1)
    streak = 0
    while day in seen:
        streak += 1
        day -= dt.timedelta(days=1)
    return streak


class Contestant(Protocol):
    """A participant of a group quiz with their result."""

    @property
    def user_id(self) -> int: ...

    @property
    def name(self) -> str: ...

    @property
    def right(self) -> int: ...


@dataclass(frozen=True)
class Standing:
    """A place in the ranking; people with equal scores share a place (1, 1, 3)."""

    place: int
    user_id: int
    name: str
    right: int


def rank(contestants: Iterable[Contestant]) -> list[Standing]:
    """Order participants by right answers; ties share a place and are listed by name."""
    ordered = sorted(contestants, key=lambda c: (-c.right, c.name.casefold(), c.user_id))
    standings: list[Standing] = []
    for index, person in enumerate(ordered):
        tied = standings and standings[-1].right == person.right
        place = standings[-1].place if tied else index + 1
        standings.append(Standing(place, person.user_id, person.name, person.right))
    return standings
