"""Ratings of answers: 👍/👎 per user and content item, with an optional comment on 👎."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import aiosqlite

from bot.storage.db import iso, utcnow

COMMENT_MAX: Final = 500


@dataclass(frozen=True)
class Rating:
    """One user's current vote on one content item."""

    user_id: int
    entry_key: str
    lang: str
    vote: int
    comment: str | None
    updated_at: str


@dataclass(frozen=True)
class EntryVotes:
    """Vote totals of one content item."""

    entry_key: str
    up: int
    down: int


@dataclass(frozen=True)
class FeedbackComment:
    """A "what was wrong" comment, without the user's id."""

    entry_key: str
    lang: str
    comment: str
    updated_at: str


class FeedbackRepo:
    """Feedback table; rows vanish with their user (ON DELETE CASCADE)."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def vote(self, user_id: int, entry_key: str, *, vote: int, lang: str) -> None:
        """Store a vote; a second vote on the same item replaces the first and its comment."""
        if vote not in (-1, 1):
            raise ValueError(f"vote must be -1 or 1, got {vote}")
        await self._conn.execute(
            "INSERT INTO feedback (user_id, entry_key, lang, vote, comment, updated_at) "
            "VALUES (?, ?, ?, ?, NULL, ?) "
            "ON CONFLICT(user_id, entry_key) DO UPDATE SET lang = excluded.lang, "
            "vote = excluded.vote, comment = NULL, updated_at = excluded.updated_at",
            (user_id, entry_key, lang, vote, iso(utcnow())),
        )
        await self._conn.commit()

    async def comment(self, user_id: int, entry_key: str, text: str) -> bool:
        """Attach a comment to the user's 👎 on ``entry_key``; False when there is no such vote."""
        cursor = await self._conn.execute(
            "UPDATE feedback SET comment = ?, updated_at = ? "
            "WHERE user_id = ? AND entry_key = ? AND vote = -1",
            (text.strip()[:COMMENT_MAX], iso(utcnow()), user_id, entry_key),
        )
        changed = cursor.rowcount
        await cursor.close()
        await self._conn.commit()
        return changed > 0

    async def get(self, user_id: int, entry_key: str) -> Rating | None:
        """The user's current vote on ``entry_key``, or None."""
        async with self._conn.execute(
            "SELECT user_id, entry_key, lang, vote, comment, updated_at FROM feedback "
            "WHERE user_id = ? AND entry_key = ?",
            (user_id, entry_key),
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        return Rating(
            user_id=row["user_id"],
            entry_key=row["entry_key"],
            lang=row["lang"],
            vote=row["vote"],
            comment=row["comment"],
            updated_at=row["updated_at"],
        )

    async def count(self, *, user_id: int | None = None) -> int:
        """Number of stored ratings, of one user or of everyone."""
        if user_id is None:
            sql, args = "SELECT COUNT(*) FROM feedback", ()
        else:
            sql, args = "SELECT COUNT(*) FROM feedback WHERE user_id = ?", (user_id,)
        async with self._conn.execute(sql, args) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def totals(self, *, since: str) -> tuple[int, int]:
        """(👍, 👎) given since an ISO time."""
        async with self._conn.execute(
            "SELECT COALESCE(SUM(vote = 1), 0), COALESCE(SUM(vote = -1), 0) FROM feedback "
            "WHERE updated_at >= ?",
            (since,),
        ) as cursor:
            row = await cursor.fetchone()
        return (int(row[0]), int(row[1])) if row else (0, 0)

    async def most_disliked(self, *, since: str, limit: int = 5) -> list[EntryVotes]:
        """Items with the most 👎 since an ISO time, with their 👍 for context."""
        async with self._conn.execute(
            "SELECT entry_key, SUM(vote = 1) AS up, SUM(vote = -1) AS down FROM feedback "
            "WHERE updated_at >= ? GROUP BY entry_key HAVING down > 0 "
            "ORDER BY down DESC, up ASC, entry_key LIMIT ?",
            (since, limit),
        ) as cursor:
            rows = await cursor.fetchall()
        return [EntryVotes(row["entry_key"], int(row["up"]), int(row["down"])) for row in rows]

    async def recent_comments(self, *, limit: int = 5) -> list[FeedbackComment]:
        """The newest comments on 👎, without who wrote them."""
        async with self._conn.execute(
            "SELECT entry_key, lang, comment, updated_at FROM feedback "
            "WHERE vote = -1 AND comment IS NOT NULL ORDER BY updated_at DESC LIMIT ?",
            (limit,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [
            FeedbackComment(row["entry_key"], row["lang"], row["comment"], row["updated_at"])
            for row in rows
        ]
