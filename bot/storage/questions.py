"""The anonymous question log that curators read."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from bot.storage.db import iso, utcnow


@dataclass(frozen=True)
class LoggedQuestion:
    """One asked question, with no user id."""

    asked_at: str
    text: str
    lang: str
    status: str
    entry_id: str | None
    score: float


class QuestionRepo:
    """Questions table: written on every answer, read by curator tools."""

    MAX_TEXT = 1000

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def log(
        self, text: str, *, lang: str, status: str, entry_id: str | None, score: float
    ) -> None:
        """Record a question and how it was handled."""
        await self._conn.execute(
            "INSERT INTO questions (asked_at, text, lang, status, entry_id, score) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (iso(utcnow()), text[: self.MAX_TEXT], lang, status, entry_id, round(score, 2)),
        )
        await self._conn.commit()

    async def recent(
        self, *, status: str | None = None, limit: int = 1000
    ) -> list[LoggedQuestion]:
        """The newest logged questions, optionally of one status."""
        sql = "SELECT asked_at, text, lang, status, entry_id, score FROM questions"
        args: tuple[object, ...] = ()
        if status is not None:
            sql += " WHERE status = ?"
            args = (status,)
        sql += " ORDER BY id DESC LIMIT ?"
        async with self._conn.execute(sql, (*args, limit)) as cursor:
            rows = await cursor.fetchall()
        return [
            LoggedQuestion(
                asked_at=row["asked_at"],
                text=row["text"],
                lang=row["lang"],
                status=row["status"],
                entry_id=row["entry_id"],
                score=row["score"],
            )
            for row in rows
        ]
