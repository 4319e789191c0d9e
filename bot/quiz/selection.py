"""Which questions a quiz asks, and in which order their options are shown."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from bot.content.models import QuizItem

QUIZ_LENGTHS: Final = (5, 10, 20)
MIXED: Final = "mix"


def topic_pool(items: Collection[QuizItem], topic: str | None) -> list[QuizItem]:
    """Items of one topic (every item when ``topic`` is None), sorted by id for reproducibility."""
    return sorted((i for i in items if topic is None or i.topic == topic), key=lambda i: i.id)


def lengths_for(pool_size: int) -> tuple[int, ...]:
    """Quiz lengths a pool can fill; a small pool offers just its own size."""
    fitting = tuple(n for n in QUIZ_LENGTHS if n <= pool_size)
    if fitting:
        return fitting
    return (pool_size,) if pool_size > 0 else ()


def select_items(
    pool: Sequence[QuizItem],
    count: int,
    *,
    rng: random.Random,
    due: Collection[str] = (),
    seen: Collection[str] = (),
) -> list[QuizItem]:
    """Pick ``count`` items: up to half of them due for review, the rest preferring unseen ones.

    Reserving slots for due items is what makes wrongly answered questions come back more often
    than the rest of the pool would.
    """
    ordered = sorted(pool, key=lambda i: i.id)
    due_items = [i for i in ordered if i.id in due]
    rng.shuffle(due_items)
    chosen = due_items[: max(1, count // 2)] if count > 0 else []
    taken = {i.id for i in chosen}
    unseen = [i for i in ordered if i.id not in taken and i.id not in seen]
    known = [i for i in ordered if i.id not in taken and i.id in seen and i.id not in due]
    rest_due = [i for i in due_items if i.id not in taken]
    rng.shuffle(unseen)
    rng.shuffle(known)
    for group in (unseen, known, rest_due):
        chosen.extend(group[: count - len(chosen)])
    rng.shuffle(chosen)
    return chosen[:count]


def shuffled_options(count: int, rng: random.Random) -> tuple[int, ...]:
    """A permutation of option indexes: button ``i`` shows original option ``result[i]``."""
    order = list(range(count))
    rng.shuffle(order)
    return tuple(order)


def stable_number(*parts: object) -> int:
    """A number derived from ``parts`` that is the same in every process (unlike ``hash``)."""
    digest = hashlib.sha256(":".join(str(p) for p in parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def pick_daily(
    pool: Collection[QuizItem],
    *,
    user_id: int,
    day: dt.date,
    due: Collection[str] = (),
    seen: Collection[str] = (),
) -> QuizItem | None:
    """The user's question of the day: fixed for the date, preferring items due for review.

    Among due items, else unseen ones, else all, the choice depends only on (user, date).
    """
    ordered = sorted(pool, key=lambda i: i.id)
    candidates = (
        [i for i in ordered if i.id in due]
        or [i for i in ordered if i.id not in seen]
        or ordered
    )
    if not candidates:
        return None
    return candidates[stable_number(user_id, day.isoformat()) % len(candidates)]
