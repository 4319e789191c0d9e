"""Turn hourly UTC question counts into daily counts in the bot's time zone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class DayTotal:
    """Questions asked on one local day."""

    day: dt.date
    count: int


def period_start(now: dt.datetime, zone: dt.tzinfo, days: int) -> dt.datetime:
    """The local midnight ``days - 1`` days before ``now``: the first moment of the period."""
    local_today = now.astimezone(zone).date()
    first = local_today - dt.timedelta(days=days - 1)
    return dt.datetime.combine(first, dt.time(), tzinfo=zone)


def daily_totals(
    hours: Iterable[tuple[str, int]], *, now: dt.datetime, zone: dt.tzinfo, days: int = 30
) -> list[DayTotal]:
    """One total per local day of the last ``days`` days (today last), zeros included.

    ``hours`` are ``("YYYY-MM-DDTHH", count)`` pairs in UTC, as the question log stores them.
    """
    local_today = now.astimezone(zone).date()
    first = local_today - dt.timedelta(days=days - 1)
    totals = {first + dt.timedelta(days=offset): 0 for offset in range(days)}
    for hour, count in hours:
        moment = dt.datetime.strptime(hour, "%Y-%m-%dT%H").replace(tzinfo=dt.UTC)
        day = moment.astimezone(zone).date()
        if day in totals:
            totals[day] += count
    return [DayTotal(day, count) for day, count in totals.items()]
