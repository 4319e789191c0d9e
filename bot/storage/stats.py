"""Read-only aggregates for the curator reports: users, traffic, popular and declined questions."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite


@dataclass(frozen=True)
class EntryCount:
    """How often one content item was the answer."""

    entry_key: str
    count: int


@dataclass(frozen=True)
class HourCount:
    """Questions asked in one UTC hour (``hour`` is ``YYYY-MM-DDTHH``)."""

    hour: str
    count: int


@dataclass(frozen=True)
class DeclinedQuestion:
    """A question the bot could not answer, without any user id."""

    text: str
    lang: str
    asked_at: str


class StatsRepo:
    """Aggregates over the users and questions tables (and others, when they exist)."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def _scalar(self, sql: str, args: tuple[object, ...] = ()) -> int:
        async with self._conn.execute(sql, args) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    async def users(self) -> int:
        """Every known user."""
        return await self._scalar("SELECT COUNT(*) FROM users")

    async def active_users(self, *, since: str) -> int:
        """Users who wrote since an ISO time."""
        return await self._scalar("SELECT COUNT(*) FROM users WHERE last_seen >= ?", (since,))

    async def questions_per_hour(self, *, since: str) -> list[HourCount]:
        """Question counts per UTC hour since an ISO time (hours without questions are absent)."""
        async with self._conn.execute(
            "SELECT substr(asked_at, 1, 13) AS hour, COUNT(*) AS n FROM questions "
            "WHERE asked_at >= ? GROUP BY hour ORDER BY hour",
            (since,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [HourCount(row["hour"], int(row["n"])) for row in rows]

    async def status_counts(self, *, since: str) -> dict[str, int]:
        """Questions per status (answer, suggest, none) since an ISO time."""
        async with self._conn.execute(
            "SELECT status, COUNT(*) AS n FROM questions WHERE asked_at >= ? GROUP BY status",
            (since,),
        ) as cursor:
            rows = await cursor.fetchall()
        return {row["status"]: int(row["n"]) for row in rows}

    async def top_entries(self, *, since: str, limit: int = 10) -> list[EntryCount]:
        """Content items most often given as the answer since an ISO time."""
        async with self._conn.execute(
            "SELECT entry_id, COUNT(*) AS n FROM questions "
            "WHERE status = 'answer' AND asked_at >= ? AND entry_id IS NOT NULL "
            "GROUP BY entry_id ORDER BY n DESC, entry_id LIMIT ?",
            (since, limit),
        ) as cursor:
            rows = await cursor.fetchall()
        return [EntryCount(row["entry_id"], int(row["n"])) for row in rows]

    async def declined(self, *, since: str, limit: int = 5000) -> list[DeclinedQuestion]:
        """The newest questions answered with "I don't know" since an ISO time."""
        async with self._conn.execute(
            "SELECT text, lang, asked_at FROM questions WHERE status = 'none' AND asked_at >= ? "
            "ORDER BY id DESC LIMIT ?",
            (since, limit),
        ) as cursor:
            rows = await cursor.fetchall()
        return [DeclinedQuestion(row["text"], row["lang"], row["asked_at"]) for row in rows]

    async def has_table(self, name: str) -> bool:
        """True when the database has a table called ``name`` (features land in later steps)."""
        return bool(
            await self._scalar(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
            )
        )

    async def subscribers(self) -> int | None:
        """Active users with at least one subscription, or None without reminders."""
        if not await self.has_table("subscriptions"):
            return None
        return await self._scalar(
            "SELECT COUNT(DISTINCT s.user_id) FROM subscriptions s "
            "JOIN users u ON u.id = s.user_id WHERE u.is_active = 1"
        )

    async def quiz_completions(self, *, since: str) -> int | None:
        """Private quizzes finished since an ISO time, or None without the quiz tables."""
        if not await self.has_table("quiz_sessions"):
            return None
        return await self._scalar(
            "SELECT COUNT(*) FROM quiz_sessions "
            "WHERE kind = 'quiz' AND status = 'finished' AND finished_at >= ?",
            (since,),
        )
