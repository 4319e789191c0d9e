"""Plain-text answers for the CLI and for texts shared outside Telegram."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.content.catalog import Catalog
    from bot.search.result import Candidate


@dataclass(frozen=True)
class PlainAnswer:
    """What a candidate says, without markup."""

    title: str
    text: str
    articles: list[int]
    entry_id: str


def plain_answer(catalog: Catalog, candidate: Candidate, lang: str) -> PlainAnswer | None:
    """Resolve a search candidate into its question/title, answer text and cited articles."""
    if candidate.kind == "qa":
        entry = catalog.qa.get(candidate.ref)
        if entry is None:
            return None
        return PlainAnswer(
            title=entry.questions.get(lang)[0],
            text=entry.answer.get(lang),
            articles=list(entry.articles),
            entry_id=entry.id,
        )
    if candidate.kind == "myth":
        myth = catalog.myths.get(candidate.ref)
        if myth is None:
            return None
        return PlainAnswer(
            title=myth.claim.get(lang),
            text=f"{myth.fact.get(lang)} {myth.why.get(lang)}",
            articles=list(myth.articles),
            entry_id=myth.id,
        )
    if candidate.ref.lstrip("-").isdigit():
        article = catalog.articles.get(int(candidate.ref))
        if article is None:
            return None
        return PlainAnswer(
            title=article.title.get(lang),
            text=article.summary.get(lang),
            articles=[article.number],
            entry_id=f"a{article.number}",
        )
    return None
