"""Aggregates for /stats and /unanswered over a real, migrated database."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from bot.storage.db import iso, utcnow

if TYPE_CHECKING:
    from bot.storage import Repo


async def _log(repo: Repo, text: str, status: str, entry: str | None, at: str) -> None:
    await repo.conn.execute(
        "INSERT INTO questions (asked_at, text, lang, status, entry_id, score) "
        "VALUES (?, ?, 'ru', ?, ?, 50)",
        (at, text, status, entry),
    )
    await repo.conn.commit()


async def test_users_and_activity(repo: Repo) -> None:
    for user in (1, 2, 3):
        await repo.users.touch(user, "ru")
    await repo.conn.execute(
        "UPDATE users SET last_seen = '2020-01-01T00:00:00+00:00' WHERE id = 3"
    )
    await repo.conn.commit()
    since = iso(utcnow() - dt.timedelta(days=7))
    assert await repo.stats.users() == 3
    assert await repo.stats.active_users(since=since) == 2


async def test_questions_by_hour_status_top_and_declined(repo: Repo) -> None:
    old = "2020-01-01T10:00:00+00:00"
    await _log(repo, "old", "answer", "q:a", old)
    for minute in ("05", "35"):
        await _log(repo, "q1", "answer", "q:a", f"2026-11-27T20:{minute}:00+00:00")
    await _log(repo, "q2", "answer", "q:b", "2026-11-27T21:00:00+00:00")
    await _log(repo, "q3", "suggest", "q:b", "2026-11-27T21:10:00+00:00")
    await _log(repo, "Когда выборы?", "none", None, "2026-11-27T21:20:00+00:00")
    since = "2026-11-01T00:00:00+00:00"

    hours = await repo.stats.questions_per_hour(since=since)
    assert [(h.hour, h.count) for h in hours] == [("2026-11-27T20", 2), ("2026-11-27T21", 3)]
    assert await repo.stats.status_counts(since=since) == {"answer": 3, "suggest": 1, "none": 1}
    top = await repo.stats.top_entries(since=since)
    assert [(row.entry_key, row.count) for row in top] == [("q:a", 2), ("q:b", 1)]
    declined = await repo.stats.declined(since=since)
    assert [(row.text, row.lang) for row in declined] == [("Когда выборы?", "ru")]


async def test_optional_tables_are_read_when_present(repo: Repo) -> None:
    assert await repo.stats.has_table("users")
    assert not await repo.stats.has_table("no_such_table")
    await repo.users.touch(1, "ru")
    await repo.users.touch(2, "ru")
    await repo.subscriptions.subscribe(1, "events", "daily")
    assert await repo.stats.subscribers() == 1
    completions = await repo.stats.quiz_completions(since="2000-01-01")
    assert completions == (0 if await repo.stats.has_table("quiz_sessions") else None)
