"""Callback data factories: every inline button carries typed data with a short prefix."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class LangCb(CallbackData, prefix="lang"):
    """Choose the interface language."""

    code: str


class MenuCb(CallbackData, prefix="menu"):
    """Open a main-menu item: ask, articles, quiz, remind, about, popular, changes, myths, home."""

    item: str


class ArticleCb(CallbackData, prefix="art"):
    """Open an article card; ``lang`` keeps the card in the language of the answer."""

    number: int
    lang: str = ""


class SectionCb(CallbackData, prefix="sec"):
    """Open the article list of a section."""

    number: int


class EntryCb(CallbackData, prefix="qa"):
    """Open a content item: kind ``q`` (Q&A), ``m`` (myth), ``c`` (key change), ``a`` (article)."""

    kind: str
    ref: str
    lang: str = ""

    @property
    def key(self) -> str:
        """The entry key understood by the content views (``q:<id>``)."""
        return f"{self.kind}:{self.ref}"

    @classmethod
    def for_key(cls, key: str, lang: str) -> EntryCb:
        """Build the callback for an entry key such as ``q:<id>`` or ``a:42``."""
        kind, _sep, ref = key.partition(":")
        return cls(kind=kind, ref=ref, lang=lang)


class ForgetCb(CallbackData, prefix="forget"):
    """Confirm or cancel deleting the user's data."""

    confirm: bool


class QuizTopicCb(CallbackData, prefix="qt"):
    """Choose a quiz topic (``mix`` for all topics); the length is asked next."""

    topic: str


class QuizLengthCb(CallbackData, prefix="ql"):
    """Start a quiz of ``length`` questions on ``topic``."""

    topic: str
    length: int


class QuizAnswerCb(CallbackData, prefix="qz"):
    """Answer question ``index`` of quiz ``session`` with the button ``option`` (shown order)."""

    session: int
    index: int
    option: int


class QuizNextCb(CallbackData, prefix="qn"):
    """Go on from the answered question ``index`` of quiz ``session``."""

    session: int
    index: int


class QuizActionCb(CallbackData, prefix="qc"):
    """Act on a quiz: continue, restart, results, review (the mistakes) or share."""

    action: str
    session: int


class DailyCb(CallbackData, prefix="qd"):
    """Open today's question of the day."""


class FeedbackCb(CallbackData, prefix="fb"):
    """Rate the answer ``<kind>:<ref>`` shown in ``lang``: ``vote`` is 1 (👍) or -1 (👎)."""

    kind: str
    ref: str
    vote: int
    lang: str = ""


class PageCb(CallbackData, prefix="pg"):
    """Show card ``index`` (0-based) of a series: ``c`` key changes or ``m`` myths."""

    series: str
    index: int


class RemindCb(CallbackData, prefix="rm"):
    """Change subscriptions: ``toggle`` one ``topic``, or subscribe to ``all`` or ``none``."""

    action: str
    topic: str = ""


class BroadcastCb(CallbackData, prefix="bc"):
    """A broadcast step: ``audience``/``lang`` with the choice in ``value``, ``send``, ``cancel``,
    or ``stop`` with the campaign id in ``value``.
    """

    action: str
    value: str = ""
