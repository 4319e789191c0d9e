"""Campaigns (event reminders, admin broadcasts) and the outcome of every delivery."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

import aiosqlite

from bot.storage.db import iso, utcnow

CampaignKind = Literal["reminder", "daily", "broadcast"]
CampaignStatus = Literal["pending", "running", "done", "cancelled", "skipped"]
DeliveryStatus = Literal["pending", "sending", "sent", "failed", "blocked"]

ALL_USERS: Final = "all"
UNFINISHED: Final = ("pending", "running")

# The language a recipient reads: their choice, else Telegram's language_code, else the default.
_LANG_SQL: Final = (
    "CASE WHEN u.language IN ('kk', 'ru', 'en') THEN u.language "
    "WHEN lower(substr(u.tg_language, 1, 2)) IN ('kk', 'ru', 'en') "
    "THEN lower(substr(u.tg_language, 1, 2)) ELSE :default END"
)
_CAMPAIGN_COLUMNS: Final = (
    "id, kind, status, audience, language, event_id, offset_label, event_starts_at, due_at, "
    "daily_date, payload, note, total, created_by, progress_chat_id, progress_message_id, "
    "created_at, started_at, finished_at"
)


def topic_audience(topic: str) -> str:
    """The audience value for subscribers of ``topic``."""
    return f"topic:{topic}"


@dataclass(frozen=True)
class Campaign:
    """One message to an audience, with its delivery state."""

    id: int
    kind: CampaignKind
    status: CampaignStatus
    audience: str
    language: str | None
    event_id: str | None
    offset_label: str | None
    event_starts_at: str | None
    due_at: str | None
    daily_date: str | None
    payload: dict[str, Any] | None
    note: str | None
    total: int | None
    created_by: int | None
    progress_chat_id: int | None
    progress_message_id: int | None
    created_at: str
    started_at: str | None
    finished_at: str | None

    @property
    def topic(self) -> str | None:
        """The subscription topic of the audience, or None for all users."""
        return self.audience.split(":", 1)[1] if self.audience.startswith("topic:") else None


@dataclass(frozen=True)
class ReminderKey:
    """What makes a reminder unique: the event, the offset and the event's start."""

    event_id: str
    offset_label: str
    event_starts_at: str


@dataclass(frozen=True)
class Recipient:
    """A user to deliver to, with the language to write in."""

    user_id: int
    language: str
    attempts: int = 0


@dataclass(frozen=True)
class DeliveryWrite:
    """A new state of one (campaign, recipient) row; ``deactivate`` also unsubscribes the user."""

    campaign_id: int
    user_id: int
    status: DeliveryStatus
    attempts: int
    error: str | None = None
    deactivate: bool = False


@dataclass(frozen=True)
class DeliveryCounts:
    """How many recipients of a campaign are in each state."""

    pending: int = 0
    sending: int = 0
    sent: int = 0
    failed: int = 0
    blocked: int = 0

    @property
    def finished(self) -> int:
        """Recipients with a final outcome."""
        return self.sent + self.failed + self.blocked

    @property
    def open(self) -> int:
        """Recipients still to be (re)sent."""
        return self.pending + self.sending


class CampaignRepo:
    """Campaigns and deliveries tables."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    # -- campaigns -------------------------------------------------------------------------

    async def create_reminder(
        self,
        key: ReminderKey,
        *,
        due_at: str,
        audience: str,
        status: CampaignStatus = "pending",
        note: str | None = None,
    ) -> int | None:
        """Create a reminder campaign once per key; None when it already exists."""
        cursor = await self._conn.execute(
            "INSERT OR IGNORE INTO campaigns (kind, status, audience, event_id, offset_label, "
            "event_starts_at, due_at, note, created_at) "
            "VALUES ('reminder', ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                status,
                audience,
                key.event_id,
                key.offset_label,
                key.event_starts_at,
                due_at,
                note,
                iso(utcnow()),
            ),
        )
        await self._conn.commit()
        return cursor.lastrowid if cursor.rowcount else None

    async def reminder_keys(self) -> frozenset[ReminderKey]:
        """Keys of every reminder ever created (sent, skipped or in progress)."""
        async with self._conn.execute(
            "SELECT event_id, offset_label, event_starts_at FROM campaigns WHERE kind = 'reminder'"
        ) as cursor:
            rows = await cursor.fetchall()
        return frozenset(
            ReminderKey(row["event_id"], row["offset_label"], row["event_starts_at"])
            for row in rows
        )

    async def create_daily(self, day: str, *, audience: str) -> int | None:
        """Create the daily-question campaign of local date ``day`` once; None when it exists."""
        cursor = await self._conn.execute(
            "INSERT OR IGNORE INTO campaigns (kind, status, audience, daily_date, created_at) "
            "VALUES ('daily', 'pending', ?, ?, ?)",
            (audience, day, iso(utcnow())),
        )
        await self._conn.commit()
        return cursor.lastrowid if cursor.rowcount else None

    async def has_daily(self, day: str) -> bool:
        """True when the daily campaign of ``day`` was already created."""
        async with self._conn.execute(
            "SELECT 1 FROM campaigns WHERE daily_date = ?", (day,)
        ) as cursor:
            return await cursor.fetchone() is not None

    async def create_broadcast(
        self,
        payload: dict[str, Any],
        *,
        audience: str,
        language: str | None,
        created_by: int | None,
    ) -> int:
        """Create a pending broadcast campaign and return its id."""
        cursor = await self._conn.execute(
            "INSERT INTO campaigns (kind, status, audience, language, payload, created_by, "
            "created_at) VALUES ('broadcast', 'pending', ?, ?, ?, ?, ?)",
            (
                audience,
                language,
                json.dumps(payload, ensure_ascii=False),
                created_by,
                iso(utcnow()),
            ),
        )
        await self._conn.commit()
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def get(self, campaign_id: int) -> Campaign | None:
        """The campaign, or None."""
        async with self._conn.execute(
            f"SELECT {_CAMPAIGN_COLUMNS} FROM campaigns WHERE id = ?", (campaign_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _campaign(row)

    async def unfinished(self) -> list[Campaign]:
        """Campaigns still to deliver (new or interrupted), oldest first."""
        async with self._conn.execute(
            f"SELECT {_CAMPAIGN_COLUMNS} FROM campaigns WHERE status IN ('pending', 'running') "
            "ORDER BY id"
        ) as cursor:
            rows = await cursor.fetchall()
        return [_campaign(row) for row in rows]

    async def mark_running(self, campaign_id: int, *, total: int) -> bool:
        """Record that delivery began (the first start time is kept on resume).

        Returns False when the campaign was closed meanwhile (e.g. cancelled before it started).
        """
        cursor = await self._conn.execute(
            "UPDATE campaigns SET status = 'running', total = ?, "
            "started_at = COALESCE(started_at, ?) "
            "WHERE id = ? AND status IN ('pending', 'running')",
            (total, iso(utcnow()), campaign_id),
        )
        await self._conn.commit()
        return cursor.rowcount > 0

    async def finish(
        self, campaign_id: int, status: CampaignStatus, *, note: str | None = None
    ) -> None:
        """Close the campaign as done, cancelled or skipped (with the reason)."""
        await self._conn.execute(
            "UPDATE campaigns SET status = ?, finished_at = ?, note = COALESCE(?, note) "
            "WHERE id = ?",
            (status, iso(utcnow()), note, campaign_id),
        )
        await self._conn.commit()

    async def set_progress_message(self, campaign_id: int, chat_id: int, message_id: int) -> None:
        """Remember the admin's progress message so a resumed campaign keeps editing it."""
        await self._conn.execute(
            "UPDATE campaigns SET progress_chat_id = ?, progress_message_id = ? WHERE id = ?",
            (chat_id, message_id, campaign_id),
        )
        await self._conn.commit()

    # -- audiences -------------------------------------------------------------------------

    async def count_audience(
        self, audience: str, *, language: str | None, default_language: str
    ) -> int:
        """How many active users the audience has now."""
        sql, params, _ = _audience_sql(
            "SELECT COUNT(*)", audience, language=language, default_language=default_language
        )
        async with self._conn.execute(sql, params) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def audience_batch(
        self,
        audience: str,
        *,
        language: str | None,
        default_language: str,
        after_user_id: int,
        limit: int,
    ) -> list[Recipient]:
        """The next ``limit`` recipients with ids above ``after_user_id`` (keyset pagination)."""
        sql, params, key = _audience_sql(
            f"SELECT u.id AS user_id, {_LANG_SQL} AS lang",
            audience,
            language=language,
            default_language=default_language,
        )
        sql += f" AND {key} > :after ORDER BY {key} LIMIT :limit"
        params.update(after=after_user_id, limit=limit)
        async with self._conn.execute(sql, params) as cursor:
            rows = await cursor.fetchall()
        return [Recipient(user_id=row["user_id"], language=row["lang"]) for row in rows]

    # -- deliveries ------------------------------------------------------------------------

    async def position(self, campaign_id: int) -> int:
        """The highest user id already queued for the campaign (0 before the first)."""
        async with self._conn.execute(
            "SELECT MAX(user_id) FROM deliveries WHERE campaign_id = ?", (campaign_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    async def enqueue(self, campaign_id: int, user_ids: Sequence[int]) -> None:
        """Record recipients as pending before they are handed to senders."""
        now = iso(utcnow())
        await self._conn.executemany(
            "INSERT OR IGNORE INTO deliveries (campaign_id, user_id, status, updated_at) "
            "VALUES (?, ?, 'pending', ?)",
            [(campaign_id, user_id, now) for user_id in user_ids],
        )
        await self._conn.commit()

    async def open_batch(
        self, campaign_id: int, *, default_language: str, after_user_id: int, limit: int
    ) -> list[Recipient]:
        """Recipients left pending or in flight (``sending``) by an interrupted run."""
        async with self._conn.execute(
            f"SELECT d.user_id AS user_id, d.attempts AS attempts, {_LANG_SQL} AS lang "
            "FROM deliveries d JOIN users u ON u.id = d.user_id "
            "WHERE d.campaign_id = :campaign AND d.status IN ('pending', 'sending') "
            "AND d.user_id > :after ORDER BY d.user_id LIMIT :limit",
            {
                "campaign": campaign_id,
                "after": after_user_id,
                "limit": limit,
                "default": default_language,
            },
        ) as cursor:
            rows = await cursor.fetchall()
        return [
            Recipient(user_id=row["user_id"], language=row["lang"], attempts=row["attempts"])
            for row in rows
        ]

    async def apply(self, writes: Sequence[DeliveryWrite]) -> None:
        """Store delivery states in order, in one transaction; unsubscribe unreachable users."""
        if not writes:
            return
        now = iso(utcnow())
        await self._conn.executemany(
            "UPDATE deliveries SET status = ?, attempts = ?, error = ?, updated_at = ? "
            "WHERE campaign_id = ? AND user_id = ?",
            [(w.status, w.attempts, w.error, now, w.campaign_id, w.user_id) for w in writes],
        )
        gone = [(w.user_id,) for w in writes if w.deactivate]
        if gone:
            await self._conn.executemany("UPDATE users SET is_active = 0 WHERE id = ?", gone)
            await self._conn.executemany("DELETE FROM subscriptions WHERE user_id = ?", gone)
        await self._conn.commit()

    async def counts(self, campaign_id: int) -> DeliveryCounts:
        """Recipients of the campaign per delivery state."""
        async with self._conn.execute(
            "SELECT status, COUNT(*) AS n FROM deliveries WHERE campaign_id = ? GROUP BY status",
            (campaign_id,),
        ) as cursor:
            rows = await cursor.fetchall()
        return DeliveryCounts(**{row["status"]: row["n"] for row in rows})

    async def delivery_status(self, campaign_id: int, user_id: int) -> DeliveryStatus | None:
        """One recipient's state, or None when they were never queued."""
        async with self._conn.execute(
            "SELECT status FROM deliveries WHERE campaign_id = ? AND user_id = ?",
            (campaign_id, user_id),
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else row["status"]


def _audience_sql(
    select: str, audience: str, *, language: str | None, default_language: str
) -> tuple[str, dict[str, Any], str]:
    """SQL selecting an audience, its parameters and the user id column to paginate on."""
    params: dict[str, Any] = {"default": default_language}
    key = "u.id"
    if audience == ALL_USERS:
        sql = f"{select} FROM users u WHERE u.is_active = 1"
    elif audience.startswith("topic:"):
        sql = (
            f"{select} FROM subscriptions s JOIN users u ON u.id = s.user_id "
            "WHERE s.topic = :topic AND u.is_active = 1"
        )
        params["topic"] = audience.split(":", 1)[1]
        key = "s.user_id"
    else:
        raise ValueError(f"unknown audience {audience!r}")
    if language is not None:
        sql += f" AND {_LANG_SQL} = :language"
        params["language"] = language
    return sql, params, key


def _campaign(row: aiosqlite.Row) -> Campaign:
    return Campaign(
        id=row["id"],
        kind=row["kind"],
        status=row["status"],
        audience=row["audience"],
        language=row["language"],
        event_id=row["event_id"],
        offset_label=row["offset_label"],
        event_starts_at=row["event_starts_at"],
        due_at=row["due_at"],
        daily_date=row["daily_date"],
        payload=json.loads(row["payload"]) if row["payload"] else None,
        note=row["note"],
        total=row["total"],
        created_by=row["created_by"],
        progress_chat_id=row["progress_chat_id"],
        progress_message_id=row["progress_message_id"],
        created_at=row["created_at"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
    )
