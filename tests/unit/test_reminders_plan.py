"""The reminder plan: due times on TIMEZONE's clock, once per key, catch-up after downtime."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.content.models import Event
from bot.reminders.scheduler import (
    STARTED,
    SUPERSEDED,
    due_time,
    plan_daily,
    plan_reminders,
    reminder_key,
)

ALMATY = ZoneInfo("Asia/Almaty")
START = dt.datetime(2027, 3, 15, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=5)))


def make_event(event_id: str = "vote", starts_at: dt.datetime = START) -> Event:
    text = {"kk": "Дауыс беру", "ru": "Голосование", "en": "Vote"}
    return Event(
        id=event_id,
        title=text,
        description=text,
        starts_at=starts_at,
        offsets=["7d", "1d", "3h"],
        link="https://example.kz/vote",
    )


def at(days: float = 0, hours: float = 0) -> dt.datetime:
    """A moment relative to the event start."""
    return START + dt.timedelta(days=days, hours=hours)


def test_nothing_is_due_before_the_first_offset() -> None:
    plan = plan_reminders([make_event()], at(days=-8), frozenset(), ALMATY)
    assert plan.send == ()
    assert plan.skip == ()


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(days=-7), "7d"),
        (at(days=-1, hours=0.5), "1d"),
        (at(hours=-3), "3h"),
    ],
)
def test_each_offset_is_due_at_its_time(now: dt.datetime, expected: str) -> None:
    event = make_event()
    earlier = {
        reminder_key(event, label)
        for label, delta in event.offset_deltas()
        if START - delta < now and label != expected
    }
    plan = plan_reminders([event], now, earlier, ALMATY)
    assert [item.key.offset_label for item in plan.send] == [expected]
    assert plan.skip == ()


def test_an_existing_reminder_is_never_planned_again() -> None:
    event = make_event()
    existing = {reminder_key(event, label) for label in event.offsets}
    assert plan_reminders([event], at(hours=-1), existing, ALMATY).send == ()


def test_due_time_is_counted_on_the_wall_clock_of_the_zone() -> None:
    event = make_event()
    due = due_time(event, dt.timedelta(days=1), ALMATY)
    local = due.astimezone(ALMATY)
    assert (local.day, local.hour, local.minute) == (14, 10, 0)


def test_catch_up_sends_only_the_latest_overdue_reminder_late() -> None:
    event = make_event()
    plan = plan_reminders([event], at(hours=-2), frozenset(), ALMATY)
    assert [item.key.offset_label for item in plan.send] == ["3h"]
    assert sorted((item.key.offset_label, why) for item, why in plan.skip) == [
        ("1d", SUPERSEDED),
        ("7d", SUPERSEDED),
    ]


def test_catch_up_skips_reminders_of_an_event_that_has_begun() -> None:
    event = make_event()
    already = {reminder_key(event, "7d")}
    plan = plan_reminders([event], at(hours=1), already, ALMATY)
    assert plan.send == ()
    assert sorted((item.key.offset_label, why) for item, why in plan.skip) == [
        ("1d", STARTED),
        ("3h", STARTED),
    ]


def test_a_moved_event_gets_new_reminders() -> None:
    event = make_event()
    sent = {reminder_key(event, "7d")}
    moved = make_event(starts_at=START + dt.timedelta(days=2))
    plan = plan_reminders([moved], at(days=-4), sent, ALMATY)
    assert [item.key for item in plan.send] == [reminder_key(moved, "7d")]
    assert reminder_key(moved, "7d") != reminder_key(event, "7d")


def test_events_are_planned_independently() -> None:
    events = [make_event("vote"), make_event("forum", starts_at=START + dt.timedelta(days=10))]
    plan = plan_reminders(events, at(days=3.5), frozenset(), ALMATY)
    assert [item.key.event_id for item in plan.send] == ["forum"]


@pytest.mark.parametrize(
    ("local_hour", "due"),
    [(9, False), (10, True), (23, True)],
)
def test_the_daily_invitation_is_due_from_ten_local_time(local_hour: int, due: bool) -> None:
    now = dt.datetime(2027, 3, 1, local_hour, 30, tzinfo=ALMATY)
    day = plan_daily(now, ALMATY)
    assert (day is not None) is due
    if due:
        assert day == dt.date(2027, 3, 1)
