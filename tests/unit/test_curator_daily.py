"""Daily totals in the bot's time zone from hourly UTC counts."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from bot.curation.daily import daily_totals, period_start

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)  # 17:00 in Almaty


def test_thirty_days_with_zeros_and_today_last() -> None:
    days = daily_totals([], now=NOW, zone=ALMATY, days=30)
    assert len(days) == 30
    assert days[-1].day == dt.date(2026, 11, 28)
    assert days[0].day == dt.date(2026, 10, 30)
    assert all(day.count == 0 for day in days)


def test_late_utc_hours_count_for_the_next_local_day() -> None:
    hours = [
        ("2026-11-27T20", 3), ("2026-11-27T18", 2), ("2026-11-28T05", 1), ("2026-01-01T00", 9)
    ]
    days = daily_totals(hours, now=NOW, zone=ALMATY, days=30)
    by_day = {day.day: day.count for day in days}
    assert by_day[dt.date(2026, 11, 28)] == 3 + 1  # 20:00 UTC is 01:00 next day in Almaty
    assert by_day[dt.date(2026, 11, 27)] == 2
    assert sum(by_day.values()) == 6  # the January hour is outside the period


def test_period_starts_at_local_midnight() -> None:
    start = period_start(NOW, ALMATY, 30)
    assert start.tzinfo is ALMATY
    assert (start.date(), start.hour) == (dt.date(2026, 10, 30), 0)
