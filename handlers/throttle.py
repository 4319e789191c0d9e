"""Flood protection: a per-user sliding window in memory, checked before any database work."""

from __future__ import annotations

import logging
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, Final

from aiogram import BaseMiddleware
from aiogram.exceptions import TelegramAPIError
from aiogram.types import TelegramObject, Update

from handlers.middlewares import language_from_telegram

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.types import User
    from aiogram.utils.i18n import I18n

logger = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]

LIMIT: Final = 5
WINDOW: Final = 3.0
MAX_USERS: Final = 50_000


class Verdict(Enum):
    """What to do with one update."""

    ALLOW = "allow"
    NOTIFY = "notify"  # the first update over the limit: say so once
    DROP = "drop"


@dataclass
class _Window:
    stamps: deque[float]
    last: float = 0.0
    notified: bool = False


@dataclass
class SlidingWindow:
    """At most ``limit`` accepted events per ``window`` seconds per key; idle keys are evicted.

    Keys are kept in order of their last event, so the idlest key is always first: eviction
    pops from the front while keys are idle longer than the window (their history can no
    longer matter) or while there are more than ``max_keys`` of them.
    """

    limit: int = LIMIT
    window: float = WINDOW
    max_keys: int = MAX_USERS
    clock: Callable[[], float] = time.monotonic
    _keys: OrderedDict[int, _Window] = field(default_factory=OrderedDict)

    def __len__(self) -> int:
        return len(self._keys)

    def hit(self, key: int) -> Verdict:
        """Count one event of ``key`` and decide about it."""
        now = self.clock()
        self._evict(now)
        entry = self._keys.get(key)
        if entry is None:
            entry = self._keys[key] = _Window(deque(maxlen=self.limit))
        else:
            self._keys.move_to_end(key)
        entry.last = now
        stamps = entry.stamps
        while stamps and now - stamps[0] >= self.window:
            stamps.popleft()
        if len(stamps) < self.limit:
            stamps.append(now)
            entry.notified = False
            return Verdict.ALLOW
        if entry.notified:
            return Verdict.DROP
        entry.notified = True
        return Verdict.NOTIFY

    def _evict(self, now: float) -> None:
        while self._keys:
            key, entry = next(iter(self._keys.items()))
            if now - entry.last < self.window and len(self._keys) < self.max_keys:
                return
            del self._keys[key]


class ThrottleMiddleware(BaseMiddleware):
    """Drop a user's messages and button presses beyond the window, with one polite notice.

    Registered as the first outer update middleware, so dropped updates never reach the user
    lookup, the question log or a handler. Inline queries are not counted: Telegram already
    paces them and there is no chat to send a notice to.
    """

    def __init__(self, window: SlidingWindow | None = None) -> None:
        self.window = window or SlidingWindow()
        self.enabled = True

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        """Pass the update on, or drop it (answering the first dropped one politely)."""
        user: User | None = data.get("event_from_user")
        if not self.enabled or user is None or not _counted(event):
            return await handler(event, data)
        verdict = self.window.hit(user.id)
        if verdict is Verdict.ALLOW:
            return await handler(event, data)
        if verdict is Verdict.NOTIFY:
            logger.info("throttling user %s", user.id)
            await _notify(event, data, user)
        return None


def _counted(event: TelegramObject) -> bool:
    if not isinstance(event, Update):
        return False
    return (
        event.message is not None
        or event.edited_message is not None
        or event.callback_query is not None
    )


async def _notify(event: TelegramObject, data: dict[str, Any], user: User) -> None:
    """Say once, in the user's Telegram language, that messages are being skipped."""
    bot: Bot | None = data.get("bot")
    i18n: I18n | None = data.get("i18n")
    if bot is None or i18n is None or not isinstance(event, Update):
        return
    settings = data.get("settings")
    default = settings.default_language if settings is not None else i18n.default_locale
    lang = language_from_telegram(user.language_code) or default
    text = i18n.gettext("throttle-notice", locale=lang)
    try:
        if event.callback_query is not None:
            await bot.answer_callback_query(event.callback_query.id, text=text[:200])
            return
        message = event.message or event.edited_message
        if message is not None:
            await bot.send_message(message.chat.id, text, parse_mode=None)
    except TelegramAPIError:
        logger.warning("could not send the throttle notice to user %s", user.id)
