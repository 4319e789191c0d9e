"""Users: language choice, activity and deletion."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from bot.storage.db import iso, utcnow


@dataclass(frozen=True)
class UserRecord:
    """What the bot keeps about a Telegram user."""

    id: int
    language: str | None
    tg_language: str | None
    first_seen: str
    last_seen: str
    is_active: bool


class UserRepo:
    """Users table."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def touch(self, user_id: int, tg_language: str | None) -> UserRecord:
        """Create the user on first contact, refresh ``last_seen`` otherwise; return the record."""
        now = iso(utcnow())
        await self._conn.execute(
            "INSERT INTO users (id, tg_language, first_seen, last_seen) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET last_seen = excluded.last_seen, is_active = 1",
            (user_id, tg_language, now, now),
        )
        await self._conn.commit()
        record = await self.get(user_id)
        assert record is not None
        return record

    async def get(self, user_id: int) -> UserRecord | None:
        """The stored user, or None."""
        async with self._conn.execute(
            "SELECT id, language, tg_language, first_seen, last_seen, is_active "
            "FROM users WHERE id = ?",
            (user_id,),
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        return UserRecord(
            id=row["id"],
            language=row["language"],
            tg_language=row["tg_language"],
            first_seen=row["first_seen"],
            last_seen=row["last_seen"],
            is_active=bool(row["is_active"]),
        )

    async def set_language(self, user_id: int, language: str) -> None:
        """Store the user's chosen language."""
        now = iso(utcnow())
        await self._conn.execute(
            "INSERT INTO users (id, language, first_seen, last_seen) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET language = excluded.language",
            (user_id, language, now, now),
        )
        await self._conn.commit()

    async def set_active(self, user_id: int, *, active: bool) -> None:
        """Mark a user active or inactive (inactive: blocked the bot or chat gone)."""
        await self._conn.execute(
            "UPDATE users SET is_active = ? WHERE id = ?", (int(active), user_id)
        )
        await self._conn.commit()

    async def delete(self, user_id: int) -> None:
        """Delete the user row; tables that reference users cascade."""
        await self._conn.execute("DELETE FROM users WHERE id = ?", (user_id,))
        await self._conn.commit()

    async def count(self, *, active_since: str | None = None) -> int:
        """Number of users, optionally only those seen since an ISO time."""
        if active_since is None:
            sql, args = "SELECT COUNT(*) FROM users", ()
        else:
            sql, args = "SELECT COUNT(*) FROM users WHERE last_seen >= ?", (active_since,)
        async with self._conn.execute(sql, args) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0
