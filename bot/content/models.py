"""Pydantic models of the curated content under ``content/``.

Every file is validated into these frozen models at start-up, so a broken file stops the bot
with a message naming the file and the field instead of failing mid-conversation.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

LANGS: Final = ("kk", "ru", "en")
Lang = Literal["kk", "ru", "en"]

ID_PATTERN: Final = r"^[a-z0-9][a-z0-9_]{1,39}$"
Ident = Annotated[str, Field(pattern=ID_PATTERN)]
NonEmpty = Annotated[str, Field(min_length=1)]

QUIZ_QUESTION_MAX: Final = 300
QUIZ_OPTION_MAX: Final = 100
QUIZ_EXPLANATION_MAX: Final = 200
ARTICLE_COUNT: Final = 96


class Frozen(BaseModel):
    """Base for content models: immutable, unknown fields refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(Frozen):
    """One text in each of the three languages."""

    kk: NonEmpty
    ru: NonEmpty
    en: NonEmpty

    def get(self, lang: str) -> str:
        """Return the text in ``lang``, falling back to Russian for an unknown code."""
        return str(getattr(self, lang, self.ru))

    @field_validator("kk", "ru", "en")
    @classmethod
    def _strip(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("text is empty")
        return value


class TextList(Frozen):
    """A list of texts per language (question variants, keywords, synonyms)."""

    kk: list[NonEmpty] = Field(default_factory=list)
    ru: list[NonEmpty] = Field(default_factory=list)
    en: list[NonEmpty] = Field(default_factory=list)

    def get(self, lang: str) -> list[str]:
        """Return the list in ``lang`` (empty for an unknown code)."""
        return list(getattr(self, lang, []))

    def all(self) -> list[str]:
        """Return every item of every language."""
        return [*self.kk, *self.ru, *self.en]


class Topic(Frozen):
    """A subject used to group Q&A entries and quiz items."""

    id: Ident
    title: Text


class Section(Frozen):
    """A section of the Constitution with its article range."""

    number: int = Field(ge=1, le=11)
    roman: str
    title: Text
    first_article: int = Field(ge=1, le=ARTICLE_COUNT)
    last_article: int = Field(ge=1, le=ARTICLE_COUNT)


Confidence = Literal["high", "medium", "low"]


class Article(Frozen):
    """One article of the final text: our own summary, never the official wording."""

    number: int = Field(ge=0, le=ARTICLE_COUNT, description="0 is the preamble")
    section: int = Field(ge=0, le=11, description="0 for the preamble")
    title: Text
    summary: Text
    keywords: TextList
    changes: Text | None = None
    confidence: Confidence
    counterpart_1995: str | None = None


class QAEntry(Frozen):
    """A curated question with its variants and a short sourced answer."""

    id: Ident
    topic: Ident
    questions: TextList
    answer: Text
    articles: list[int] = Field(default_factory=list)
    related: list[Ident] = Field(default_factory=list)

    @model_validator(mode="after")
    def _variants(self) -> QAEntry:
        for lang in LANGS:
            if len(self.questions.get(lang)) < 4:
                raise ValueError(f"questions.{lang}: at least 4 variants are needed")
        return self


class QuizItem(Frozen):
    """A multiple-choice question; limits fit Telegram's native quiz polls."""

    id: Ident
    topic: Ident
    difficulty: Literal[1, 2, 3]
    question: Text
    options: TextList
    correct: int = Field(ge=0, le=3)
    explanation: Text
    articles: list[int] = Field(default_factory=list)

    @model_validator(mode="after")
    def _limits(self) -> QuizItem:
        counts = {lang: len(self.options.get(lang)) for lang in LANGS}
        if len(set(counts.values())) != 1:
            raise ValueError(f"options: every language needs the same number, got {counts}")
        count = counts["en"]
        if not 3 <= count <= 4:
            raise ValueError(f"options: 3 or 4 options are needed, got {count}")
        if self.correct >= count:
            raise ValueError(f"correct: index {self.correct} but only {count} options")
        for lang in LANGS:
            if len(self.question.get(lang)) > QUIZ_QUESTION_MAX:
                raise ValueError(f"question.{lang}: longer than {QUIZ_QUESTION_MAX} characters")
            if len(self.explanation.get(lang)) > QUIZ_EXPLANATION_MAX:
                raise ValueError(
                    f"explanation.{lang}: longer than {QUIZ_EXPLANATION_MAX} characters"
                )
            if self.explanation.get(lang).count("\n") > 2:
                raise ValueError(f"explanation.{lang}: at most 2 line breaks")
            for option in self.options.get(lang):
                if len(option) > QUIZ_OPTION_MAX:
                    raise ValueError(f"options.{lang}: {option[:30]!r}… over {QUIZ_OPTION_MAX}")
            if len(set(self.options.get(lang))) != count:
                raise ValueError(f"options.{lang}: options repeat")
        return self


_OFFSET_RE: Final = re.compile(r"^(\d+)([dhm])$")


def parse_offset(value: str) -> dt.timedelta:
    """Turn ``7d``, ``1d``, ``3h`` or ``30m`` into a timedelta."""
    match = _OFFSET_RE.match(value)
    if not match:
        raise ValueError(f"offset {value!r} must look like 7d, 3h or 30m")
    amount, unit = int(match.group(1)), match.group(2)
    return {
        "d": dt.timedelta(days=amount),
        "h": dt.timedelta(hours=amount),
        "m": dt.timedelta(minutes=amount),
    }[unit]


class Event(Frozen):
    """A civic event with reminder offsets before its start."""

    id: Ident
    title: Text
    description: Text
    starts_at: dt.datetime
    offsets: list[str] = Field(default_factory=list)
    link: str | None = None
    articles: list[int] = Field(default_factory=list)

    @field_validator("starts_at")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is None:
            raise ValueError("starts_at needs a time zone, e.g. 2027-03-15T10:00:00+05:00")
        return value

    @field_validator("offsets")
    @classmethod
    def _offsets(cls, value: list[str]) -> list[str]:
        for item in value:
            parse_offset(item)
        return value

    def offset_deltas(self) -> list[tuple[str, dt.timedelta]]:
        """Return (label, delta) for every reminder offset."""
        return [(item, parse_offset(item)) for item in self.offsets]


class GlossaryGroup(Frozen):
    """Terms that mean the same thing; the search engine treats them as one."""

    id: Ident
    canonical: Text
    synonyms: TextList = Field(default_factory=TextList)
    latin: list[NonEmpty] = Field(default_factory=list)
    articles: list[int] = Field(default_factory=list)


class Myth(Frozen):
    """A circulating claim, the fact that answers it and why the claim is wrong."""

    id: Ident
    claim: Text
    fact: Text
    why: Text
    articles: list[int] = Field(default_factory=list)
    keywords: TextList = Field(default_factory=TextList)
    related: list[Ident] = Field(default_factory=list)
    """Q&A entries that answer the same claim (the search treats them as one answer)."""


class KeyChange(Frozen):
    """One main difference from the 1995 Constitution, shown as a card."""

    id: Ident
    title: Text
    text: Text
    articles: list[int] = Field(default_factory=list)


class Source(Frozen):
    """Where the official text is published."""

    name: Text
    url: str | None = None


class Meta(Frozen):
    """Edition, sources and the disclaimer shown in /about."""

    edition: Text
    final_text_date: dt.date
    referendum_date: dt.date
    in_force_date: dt.date
    article_count: int
    official_sources: list[Source]
    disclaimer: Text
    about: Text
    topics: list[Topic]
    sections: list[Section]
    key_changes: list[KeyChange] = Field(default_factory=list)
    popular: list[Ident] = Field(default_factory=list, description="curated popular Q&A ids")
