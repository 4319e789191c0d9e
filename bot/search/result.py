"""What a search returns: ranked candidates and the decision taken on them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["qa", "article", "myth"]
Status = Literal["answer", "suggest", "none"]


@dataclass(frozen=True)
class Candidate:
    """One matching content item with its score (0–100)."""

    kind: Kind
    ref: str  # QA entry id, myth id, or the article number as text
    score: float

    @property
    def key(self) -> str:
        """A stable id across kinds: ``q:<id>``, ``a:<number>``, ``m:<id>``."""
        return f"{self.kind[0]}:{self.ref}"


@dataclass(frozen=True)
class SearchResult:
    """The engine's verdict for one question."""

    status: Status
    lang: str  # the language to answer in
    candidates: tuple[Candidate, ...] = field(default_factory=tuple)
    margin: float = 0.0  # best score minus the next candidate's
    direct_article: bool = False  # "статья 42", "art 42", "42-бап"

    @property
    def best(self) -> Candidate | None:
        """The top candidate, if any."""
        return self.candidates[0] if self.candidates else None

    @property
    def score(self) -> float:
        """The top candidate's score, 0 when nothing matched."""
        return self.candidates[0].score if self.candidates else 0.0
