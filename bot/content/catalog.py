"""The immutable catalog of all content, with the lookups handlers need."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.content.models import (
        Article,
        Event,
        GlossaryGroup,
        Meta,
        Myth,
        QAEntry,
        QuizItem,
        Section,
        Topic,
    )


@dataclass(frozen=True)
class Catalog:
    """Everything under ``content/``, loaded and cross-checked once."""

    meta: Meta
    articles: dict[int, Article]
    qa: dict[str, QAEntry]
    quiz: dict[str, QuizItem]
    events: dict[str, Event]
    glossary: tuple[GlossaryGroup, ...]
    myths: dict[str, Myth]
    sources: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def topics(self) -> dict[str, Topic]:
        """Topics by id, in the order of ``meta.yaml``."""
        return {topic.id: topic for topic in self.meta.topics}

    def section_of(self, article: Article) -> Section | None:
        """Return the section an article belongs to (None for the preamble)."""
        for section in self.meta.sections:
            if section.number == article.section:
                return section
        return None

    def article_numbers(self) -> list[int]:
        """All article numbers in order, preamble (0) first."""
        return sorted(self.articles)

    def neighbours(self, number: int) -> tuple[int | None, int | None]:
        """Previous and next article numbers, for card navigation."""
        numbers = self.article_numbers()
        if number not in self.articles:
            return None, None
        index = numbers.index(number)
        prev_number = numbers[index - 1] if index > 0 else None
        next_number = numbers[index + 1] if index + 1 < len(numbers) else None
        return prev_number, next_number
