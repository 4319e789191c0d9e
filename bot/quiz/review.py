"""Spaced review: a question answered wrongly keeps coming back until answered right twice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

RIGHTS_TO_CLEAR: Final = 2


@dataclass(frozen=True)
class ItemReview:
    """One user's record on one quiz item."""

    item_id: str
    wrong: int = 0
    right: int = 0
    streak: int = 0  # right answers since the last wrong one

    @property
    def due(self) -> bool:
        """True while the item should come back in later quizzes."""
        return self.wrong > 0 and self.streak < RIGHTS_TO_CLEAR


def after_answer(state: ItemReview | None, item_id: str, *, correct: bool) -> ItemReview:
    """The record after one more answer (storage applies the same rule in one SQL upsert)."""
    state = state or ItemReview(item_id)
    if correct:
        return ItemReview(item_id, state.wrong, state.right + 1, state.streak + 1)
    return ItemReview(item_id, state.wrong + 1, state.right, 0)
