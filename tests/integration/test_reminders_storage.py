"""Subscriptions and campaigns against a fresh database per test."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from zoneinfo import ZoneInfo

import pytest

from bot.content.models import Event
from bot.reminders.scheduler import ReminderScheduler
from bot.storage import Repo, open_repo
from bot.storage.campaigns import ALL_USERS, DeliveryWrite, ReminderKey, topic_audience

ZONE = ZoneInfo("Asia/Almaty")
START = dt.datetime(2027, 3, 15, 10, 0, tzinfo=ZONE)


@pytest.fixture
async def db() -> AsyncIterator[Repo]:
    repo = await open_repo(":memory:")
    yield repo
    await repo.close()


async def test_subscribe_toggle_and_unsubscribe(db: Repo) -> None:
    await db.users.touch(1, "ru")
    await db.subscriptions.subscribe(1, "events", "news")
    assert await db.subscriptions.topics(1) == {"events", "news"}
    assert await db.subscriptions.toggle(1, "daily") is True
    assert await db.subscriptions.toggle(1, "news") is False
    assert await db.subscriptions.topics(1) == {"events", "daily"}
    await db.subscriptions.unsubscribe(1)
    assert await db.subscriptions.topics(1) == frozenset()


async def test_unknown_topic_is_refused(db: Repo) -> None:
    await db.users.touch(1, "ru")
    with pytest.raises(ValueError, match="unknown subscription topics"):
        await db.subscriptions.subscribe(1, "spam")


async def test_forget_deletes_subscriptions_and_deliveries_with_the_user(db: Repo) -> None:
    await db.subscriptions.import_subscribers([(1, "kk"), (2, "ru")], "events")
    campaign_id = await db.campaigns.create_broadcast(
        {"text": "hi"}, audience=ALL_USERS, language=None, created_by=None
    )
    await db.campaigns.enqueue(campaign_id, [1, 2])
    await db.users.delete(1)
    assert await db.subscriptions.topics(1) == frozenset()
    assert await db.subscriptions.count("events") == 1
    assert await db.campaigns.delivery_status(campaign_id, 1) is None
    assert await db.campaigns.delivery_status(campaign_id, 2) == "pending"


async def test_unreachable_user_is_deactivated_and_unsubscribed(db: Repo) -> None:
    await db.subscriptions.import_subscribers([(1, "kk")], "events", "news")
    campaign_id = await db.campaigns.create_broadcast(
        {"text": "hi"}, audience=ALL_USERS, language=None, created_by=None
    )
    await db.campaigns.enqueue(campaign_id, [1])
    await db.campaigns.apply(
        [DeliveryWrite(campaign_id, 1, "blocked", 1, "Forbidden", deactivate=True)]
    )
    user = await db.users.get(1)
    assert user is not None
    assert user.is_active is False
    assert await db.subscriptions.topics(1) == frozenset()
    assert (await db.campaigns.counts(campaign_id)).blocked == 1


async def test_a_reminder_key_is_unique(db: Repo) -> None:
    key = ReminderKey("vote", "1d", "2027-03-15T05:00:00+00:00")
    audience = topic_audience("events")
    first = await db.campaigns.create_reminder(key, due_at="x", audience=audience)
    again = await db.campaigns.create_reminder(key, due_at="x", audience=audience)
    assert first is not None
    assert again is None
    assert await db.campaigns.reminder_keys() == {key}


async def test_audience_is_streamed_in_keyset_batches_with_the_reader_language(db: Repo) -> None:
    await db.subscriptions.import_subscribers(
        [(uid, ("kk", "ru", "en", None)[uid % 4]) for uid in range(1, 21)], "news"
    )
    await db.users.touch(99, "kk-KZ")  # no choice yet: Telegram's language decides
    await db.subscriptions.subscribe(99, "news")
    seen = []
    after = 0
    while batch := await db.campaigns.audience_batch(
        topic_audience("news"),
        language=None,
        default_language="ru",
        after_user_id=after,
        limit=6,
    ):
        seen.extend(batch)
        after = batch[-1].user_id
    assert [r.user_id for r in seen] == [*range(1, 21), 99]
    languages = {r.user_id: r.language for r in seen}
    assert (languages[1], languages[2], languages[3], languages[4], languages[99]) == (
        "ru",
        "en",
        "ru",
        "kk",
        "kk",
    )
    kazakh = await db.campaigns.count_audience(
        topic_audience("news"), language="kk", default_language="ru"
    )
    assert kazakh == 6


async def test_inactive_users_are_not_in_any_audience(db: Repo) -> None:
    await db.subscriptions.import_subscribers([(1, "ru"), (2, "ru")], "news")
    await db.users.set_active(2, active=False)
    for audience in (ALL_USERS, topic_audience("news")):
        count = await db.campaigns.count_audience(audience, language=None, default_language="ru")
        assert count == 1


async def test_scheduler_ticks_create_each_reminder_once(db: Repo) -> None:
    text = {"kk": "Форум", "ru": "Форум", "en": "Forum"}
    event = Event(id="forum", title=text, description=text, starts_at=START, offsets=["1d", "1h"])
    now = START - dt.timedelta(hours=20)
    scheduler = ReminderScheduler(db.campaigns, lambda: [event], zone=ZONE, clock=lambda: now)
    created = [await db.campaigns.get(cid) for cid in await scheduler.tick()]
    assert await scheduler.tick() == []
    reminders = [c for c in created if c is not None and c.kind == "reminder"]
    assert [(c.status, c.offset_label, c.audience) for c in reminders] == [
        ("pending", "1d", "topic:events")
    ]


async def test_daily_campaign_is_created_once_per_day(db: Repo) -> None:
    now = dt.datetime(2027, 3, 1, 11, 0, tzinfo=ZONE)
    scheduler = ReminderScheduler(db.campaigns, list, zone=ZONE, clock=lambda: now)
    [campaign_id] = await scheduler.tick()
    assert await scheduler.tick() == []
    campaign = await db.campaigns.get(campaign_id)
    assert campaign is not None
    assert (campaign.kind, campaign.daily_date, campaign.audience) == (
        "daily",
        "2027-03-01",
        "topic:daily",
    )
