"""Official article wording imported from a publication, shown beside our summaries."""

from __future__ import annotations

import aiosqlite

from bot.storage.db import iso, utcnow


class OfficialRepo:
    """official_texts table."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def get(self, lang: str, number: int) -> str | None:
        """The official wording of one article in one language, if imported."""
        async with self._conn.execute(
            "SELECT text FROM official_texts WHERE lang = ? AND number = ?", (lang, number)
        ) as cursor:
            row = await cursor.fetchone()
        return str(row["text"]) if row else None

    async def replace_language(self, lang: str, texts: dict[int, str]) -> None:
        """Replace all articles of ``lang`` in one transaction: all or nothing."""
        now = iso(utcnow())
        await self._conn.execute("BEGIN IMMEDIATE")
        try:
            await self._conn.execute("DELETE FROM official_texts WHERE lang = ?", (lang,))
            await self._conn.executemany(
                "INSERT INTO official_texts (lang, number, text, imported_at) VALUES (?, ?, ?, ?)",
                [(lang, number, text, now) for number, text in sorted(texts.items())],
            )
            await self._conn.execute("COMMIT")
        except BaseException:
            await self._conn.execute("ROLLBACK")
            raise

    async def count(self, lang: str) -> int:
        """How many articles of ``lang`` are imported."""
        async with self._conn.execute(
            "SELECT COUNT(*) FROM official_texts WHERE lang = ?", (lang,)
        ) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0
