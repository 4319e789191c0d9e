"""Which event reminders are due: a pure plan over (events, now, existing campaigns).

(The same tick also creates the daily-question invitation, once per local date.)

Each event's reminder is due at its start minus an offset, counted on the wall clock of
``TIMEZONE`` ("1d" before 10:00 is 10:00 the day before there). A campaign is keyed by event id,
offset and the event's start, so it is created at most once, and a moved event gets new reminders.

After downtime the plan catches up: of an event's overdue reminders only the latest is still
sent (late) as long as the event has not begun; earlier ones are superseded, and reminders of
events that have begun are skipped. Skipped reminders are stored too, so each is logged once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Final
from zoneinfo import ZoneInfo

from bot.content.models import Event
from bot.quiz.daily import DAILY_TOPIC, daily_due
from bot.storage.campaigns import CampaignRepo, ReminderKey, topic_audience
from bot.storage.db import iso, utcnow

logger = logging.getLogger(__name__)

REMINDER_TOPIC: Final = "events"
STARTED: Final = "the event had already begun"
SUPERSEDED: Final = "superseded by a later reminder of the same event"
MISSED_RECENTLY: Final = dt.timedelta(days=7)


@dataclass(frozen=True)
class DueReminder:
    """One reminder whose time has come."""

    key: ReminderKey
    event: Event
    due_at: dt.datetime


@dataclass(frozen=True)
class ReminderPlan:
    """Reminders to send now and reminders to record as skipped (with the reason)."""

    send: tuple[DueReminder, ...] = ()
    skip: tuple[tuple[DueReminder, str], ...] = ()


def reminder_key(event: Event, offset_label: str) -> ReminderKey:
    """The unique key of one reminder of ``event``."""
    return ReminderKey(event.id, offset_label, iso(event.starts_at))


def due_time(event: Event, delta: dt.timedelta, zone: ZoneInfo) -> dt.datetime:
    """When a reminder ``delta`` before ``event`` is due, on ``zone``'s wall clock."""
    # Subtracting from a datetime in a ZoneInfo zone is wall-clock arithmetic in that zone.
    return event.starts_at.astimezone(zone) - delta


def plan_reminders(
    events: Iterable[Event],
    now: dt.datetime,
    existing: Collection[ReminderKey],
    zone: ZoneInfo,
) -> ReminderPlan:
    """Decide which reminders to create now, given those that already exist."""
    send: list[DueReminder] = []
    skip: list[tuple[DueReminder, str]] = []
    for event in events:
        due = sorted(
            (
                DueReminder(reminder_key(event, label), event, due_time(event, delta, zone))
                for label, delta in event.offset_deltas()
            ),
            key=lambda item: item.due_at,
        )
        new = [item for item in due if item.due_at <= now and item.key not in existing]
        if not new:
            continue
        if now >= event.starts_at:
            skip.extend((item, STARTED) for item in new)
            continue
        *older, latest = new
        skip.extend((item, SUPERSEDED) for item in older)
        send.append(latest)
    return ReminderPlan(send=tuple(send), skip=tuple(skip))


def plan_daily(now: dt.datetime, zone: ZoneInfo) -> dt.date | None:
    """The local date whose daily-question invitation is due at ``now`` (None before the hour).

    Only today's invitation is ever created, so days missed during downtime are not caught up.
    """
    return daily_due(now, zone)


class ReminderScheduler:
    """Turns the plan into campaigns in SQLite; the UNIQUE key makes repeated ticks harmless."""

    def __init__(
        self,
        campaigns: CampaignRepo,
        events: Callable[[], Iterable[Event]],
        *,
        zone: ZoneInfo,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self._campaigns = campaigns
        self._events = events
        self._zone = zone
        self._clock = clock

    async def tick(self) -> list[int]:
        """Create every reminder (and today's daily invitation) that is due; return new ids."""
        now = self._clock()
        existing = await self._campaigns.reminder_keys()
        plan = plan_reminders(self._events(), now, existing, self._zone)
        created: list[int] = []
        audience = topic_audience(REMINDER_TOPIC)
        for item in plan.send:
            campaign_id = await self._campaigns.create_reminder(
                item.key, due_at=iso(item.due_at), audience=audience
            )
            if campaign_id is not None:
                late = now - item.due_at
                logger.info(
                    "reminder %s/%s due %s: campaign %d%s",
                    item.key.event_id,
                    item.key.offset_label,
                    iso(item.due_at),
                    campaign_id,
                    f" (late by {late})" if late > dt.timedelta(minutes=5) else "",
                )
                created.append(campaign_id)
        day = plan_daily(now, self._zone)
        if day is not None:
            campaign_id = await self._campaigns.create_daily(
                day.isoformat(), audience=topic_audience(DAILY_TOPIC)
            )
            if campaign_id is not None:
                logger.info("daily question of %s: campaign %d", day, campaign_id)
                created.append(campaign_id)
        for item, reason in plan.skip:
            stored = await self._campaigns.create_reminder(
                item.key,
                due_at=iso(item.due_at),
                audience=audience,
                status="skipped",
                note=reason,
            )
            if stored is not None:
                # A reminder missed lately is worth a warning; old history (a fresh database)
                # is only noted.
                recent = now - item.due_at < MISSED_RECENTLY
                logger.log(
                    logging.WARNING if recent else logging.INFO,
                    "reminder %s/%s due %s skipped: %s",
                    item.key.event_id,
                    item.key.offset_label,
                    iso(item.due_at),
                    reason,
                )
        return created
