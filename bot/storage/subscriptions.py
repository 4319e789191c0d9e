"""Subscriptions: which topics (events, daily, news) a user wants to receive."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import aiosqlite

from bot.storage.db import iso, utcnow

TOPICS: Final = ("events", "daily", "news")


class SubscriptionRepo:
    """Subscriptions table; rows vanish with their user (ON DELETE CASCADE)."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def topics(self, user_id: int) -> frozenset[str]:
        """The topics ``user_id`` is subscribed to."""
        async with self._conn.execute(
            "SELECT topic FROM subscriptions WHERE user_id = ?", (user_id,)
        ) as cursor:
            rows = await cursor.fetchall()
        return frozenset(row["topic"] for row in rows)

    async def subscribe(self, user_id: int, *topics: str) -> None:
        """Subscribe to ``topics``; the user row must exist."""
        _check(topics)
        now = iso(utcnow())
        await self._conn.executemany(
            "INSERT OR IGNORE INTO subscriptions (user_id, topic, created_at) VALUES (?, ?, ?)",
            [(user_id, topic, now) for topic in topics],
        )
        await self._conn.commit()

    async def unsubscribe(self, user_id: int, *topics: str) -> None:
        """Unsubscribe from ``topics``, or from everything when none are given."""
        if topics:
            _check(topics)
            await self._conn.executemany(
                "DELETE FROM subscriptions WHERE user_id = ? AND topic = ?",
                [(user_id, topic) for topic in topics],
            )
        else:
            await self._conn.execute("DELETE FROM subscriptions WHERE user_id = ?", (user_id,))
        await self._conn.commit()

    async def toggle(self, user_id: int, topic: str) -> bool:
        """Flip one topic; return True when the user is now subscribed."""
        if topic in await self.topics(user_id):
            await self.unsubscribe(user_id, topic)
            return False
        await self.subscribe(user_id, topic)
        return True

    async def import_subscribers(
        self, users: Iterable[tuple[int, str | None]], *topics: str, chunk: int = 10_000
    ) -> int:
        """Create users (id, language) and subscribe them in bulk; for benchmarks and tests."""
        _check(topics)
        now = iso(utcnow())
        added = 0
        batch: list[tuple[int, str | None]] = []
        for user in users:
            batch.append(user)
            if len(batch) >= chunk:
                added += await self._import(batch, topics, now)
                batch = []
        if batch:
            added += await self._import(batch, topics, now)
        return added

    async def _import(
        self, batch: list[tuple[int, str | None]], topics: tuple[str, ...], now: str
    ) -> int:
        await self._conn.executemany(
            "INSERT OR IGNORE INTO users (id, language, first_seen, last_seen) "
            "VALUES (?, ?, ?, ?)",
            [(user_id, language, now, now) for user_id, language in batch],
        )
        await self._conn.executemany(
            "INSERT OR IGNORE INTO subscriptions (user_id, topic, created_at) VALUES (?, ?, ?)",
            [(user_id, topic, now) for user_id, _ in batch for topic in topics],
        )
        await self._conn.commit()
        return len(batch)

    async def count(self, topic: str) -> int:
        """Active subscribers of ``topic``."""
        async with self._conn.execute(
            "SELECT COUNT(*) FROM subscriptions s JOIN users u ON u.id = s.user_id "
            "WHERE s.topic = ? AND u.is_active = 1",
            (topic,),
        ) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0


def _check(topics: tuple[str, ...]) -> None:
    unknown = [topic for topic in topics if topic not in TOPICS]
    if unknown:
        raise ValueError(f"unknown subscription topics {unknown}; known: {TOPICS}")
