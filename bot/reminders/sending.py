"""What the delivery engine sends and the outcomes it understands, free of any Telegram library.

The aiogram adapter (``bot/telegram/sender.py``) maps Telegram errors onto these outcome types,
so the engine and its tests need no network client.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class Outgoing:
    """One text message.

    ``html`` sends with HTML parse mode (the text must already be escaped); otherwise the text goes
    without parse mode, formatted only by ``entities`` (Telegram ``MessageEntity`` dicts), exactly
    as an admin typed it.
    """

    text: str
    html: bool = False
    entities: tuple[dict[str, Any], ...] = field(default=())
    link_preview: bool = False


@dataclass(frozen=True)
class Delivered:
    """Telegram accepted the message."""

    message_id: int | None = None


@dataclass(frozen=True)
class RetryAfter:
    """429: wait ``seconds`` and send the same message again."""

    seconds: float


@dataclass(frozen=True)
class Unreachable:
    """403 (blocked, deactivated) or "chat not found": the user is gone for good."""

    reason: str


@dataclass(frozen=True)
class TemporaryFailure:
    """5xx, timeout or network error: worth retrying later."""

    reason: str


@dataclass(frozen=True)
class PermanentFailure:
    """Any other refusal (e.g. a bad request): retrying would not help."""

    reason: str


SendOutcome = Delivered | RetryAfter | Unreachable | TemporaryFailure | PermanentFailure


class Sender(Protocol):
    """Sends one message and reports the outcome instead of raising."""

    async def send(self, chat_id: int, message: Outgoing, *, paid: bool) -> SendOutcome:
        """Send ``message`` to ``chat_id``; ``paid`` asks for paid broadcast limits."""
        ...
