"""Pacing for outgoing messages: a global token bucket and a per-chat minimum interval."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class TokenBucket:
    """Hands out send slots at ``rate`` per second with at most ``burst`` slots at once.

    Implemented as virtual scheduling (GCRA): each caller reserves the next free slot and sleeps
    until it, so concurrent workers are spread evenly instead of bursting. ``pause`` pushes every
    later slot past a 429's ``retry_after``.
    """

    def __init__(
        self, rate: float, *, burst: int = 1, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self._interval = 1.0 / rate
        self._slack = (max(burst, 1) - 1) * self._interval
        self._clock = clock
        self._next = 0.0
        self._paused_until = 0.0

    @property
    def rate(self) -> float:
        """Slots per second."""
        return 1.0 / self._interval

    def reserve(self) -> float:
        """Reserve the next slot; return how long to wait for it (0 when it is now)."""
        now = self._clock()
        slot = max(self._next, now - self._slack, self._paused_until)
        self._next = slot + self._interval
        return max(0.0, slot - now)

    def pause(self, seconds: float) -> None:
        """Hand out no slot for ``seconds`` from now (Telegram asked us to wait)."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    def paused_for(self) -> float:
        """Seconds left of the current pause (0 when not paused)."""
        return max(0.0, self._paused_until - self._clock())


class ChatPacer:
    """Remembers when each chat was last messaged, so no chat gets two messages within
    ``interval``; memory holds only the chats messaged during the last ``interval``.
    """

    def __init__(
        self, interval: float = 1.0, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._interval = interval
        self._clock = clock
        self._last: dict[int, float] = {}
        self._order: deque[tuple[float, int]] = deque()

    def wait_for(self, chat_id: int) -> float:
        """Seconds to wait before ``chat_id`` may be messaged again."""
        last = self._last.get(chat_id)
        if last is None:
            return 0.0
        return max(0.0, last + self._interval - self._clock())

    def mark(self, chat_id: int) -> None:
        """Record a message to ``chat_id`` now and forget chats older than the interval."""
        now = self._clock()
        self._last[chat_id] = now
        self._order.append((now, chat_id))
        horizon = now - self._interval
        while self._order and self._order[0][0] < horizon:
            moment, chat = self._order.popleft()
            if self._last.get(chat) == moment:
                del self._last[chat]

    def __len__(self) -> int:
        return len(self._last)
