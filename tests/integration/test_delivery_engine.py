"""The delivery engine with a scripted sender: outcomes, retries, cancel, resume and memory."""

from __future__ import annotations

import asyncio
import gc
import time
import tracemalloc
from collections import Counter
from collections.abc import AsyncIterator

import pytest

from bot.reminders.delivery import DeliveryConfig, DeliveryEngine
from bot.reminders.sending import (
    Delivered,
    Outgoing,
    PermanentFailure,
    RetryAfter,
    SendOutcome,
    TemporaryFailure,
    Unreachable,
)
from bot.storage import Repo, open_repo
from bot.storage.campaigns import Campaign, DeliveryWrite, Recipient, topic_audience

MESSAGE = Outgoing(text="Hello")


def render(recipient: Recipient) -> Outgoing:
    return MESSAGE


class ScriptedSender:
    """Answers from a per-chat script (default: delivered) and records every request."""

    def __init__(
        self, script: dict[int, list[SendOutcome]] | None = None, *, delay: float = 0.0
    ) -> None:
        self.script = script or {}
        self.delay = delay
        self.calls: list[tuple[float, int]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.paid: set[bool] = set()
        self._goal = 0
        self._reached = asyncio.Event()

    async def send(self, chat_id: int, message: Outgoing, *, paid: bool) -> SendOutcome:
        self.calls.append((time.monotonic(), chat_id))
        if self._goal and len(self.calls) >= self._goal:
            self._reached.set()
        self.paid.add(paid)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
        finally:
            self.in_flight -= 1
        outcomes = self.script.get(chat_id)
        if outcomes:
            return outcomes.pop(0)
        return Delivered(message_id=1)

    async def wait_calls(self, count: int) -> None:
        """Return once ``count`` requests were made."""
        self._goal = count
        if len(self.calls) < count:
            await asyncio.wait_for(self._reached.wait(), 10)

    def per_chat(self) -> Counter[int]:
        return Counter(chat for _, chat in self.calls)


@pytest.fixture
async def db() -> AsyncIterator[Repo]:
    repo = await open_repo(":memory:")
    yield repo
    await repo.close()


async def new_campaign(db: Repo, users: int, *, first: int = 1) -> Campaign:
    await db.subscriptions.import_subscribers(
        ((uid, "ru") for uid in range(first, first + users)), "news"
    )
    campaign_id = await db.campaigns.create_broadcast(
        {"text": "Hello"}, audience=topic_audience("news"), language=None, created_by=None
    )
    campaign = await db.campaigns.get(campaign_id)
    assert campaign is not None
    return campaign


def engine_for(db: Repo, sender: ScriptedSender, **config: float) -> DeliveryEngine:
    values = {"rate": 1000.0, "concurrency": 4, "batch_size": 50, "backoff": 0.05, **config}
    return DeliveryEngine(db.campaigns, sender, config=DeliveryConfig(**values))  # type: ignore[arg-type]


async def test_every_recipient_gets_one_message_within_the_concurrency(db: Repo) -> None:
    campaign = await new_campaign(db, 120)
    sender = ScriptedSender(delay=0.002)
    engine = engine_for(db, sender, concurrency=5)
    progress = await engine.deliver(campaign, render)
    await engine.close()
    assert sender.per_chat() == Counter({uid: 1 for uid in range(1, 121)})
    assert sender.max_in_flight <= 5
    assert sender.paid == {True}  # 1000/s is above Telegram's free 30/s
    assert (progress.sent, progress.finished) == (120, True)
    stored = await db.campaigns.get(campaign.id)
    assert stored is not None
    assert (stored.status, stored.total) == ("done", 120)
    assert (await db.campaigns.counts(campaign.id)).sent == 120


async def test_retry_after_waits_then_resends_to_the_same_recipient(db: Repo) -> None:
    campaign = await new_campaign(db, 6)
    sender = ScriptedSender({3: [RetryAfter(0.3)]})
    engine = engine_for(db, sender, concurrency=1)
    progress = await engine.deliver(campaign, render)
    await engine.close()
    chats = [chat for _, chat in sender.calls]
    assert chats == [1, 2, 3, 3, 4, 5, 6]
    gap = sender.calls[3][0] - sender.calls[2][0]
    assert gap >= 0.29
    assert (progress.sent, progress.rate_limited) == (6, 1)


async def test_temporary_failures_are_retried_then_recorded_failed(db: Repo) -> None:
    campaign = await new_campaign(db, 3)
    sender = ScriptedSender(
        {
            1: [TemporaryFailure("Internal Server Error")],
            2: [TemporaryFailure("timeout")] * 3,
        }
    )
    engine = engine_for(db, sender, max_attempts=3, per_chat_interval=0.05)
    progress = await engine.deliver(campaign, render)
    await engine.close()
    assert sender.per_chat() == Counter({1: 2, 2: 3, 3: 1})
    assert (progress.sent, progress.failed) == (2, 1)
    assert await db.campaigns.delivery_status(campaign.id, 2) == "failed"


async def test_unreachable_users_are_marked_inactive_and_unsubscribed(db: Repo) -> None:
    campaign = await new_campaign(db, 4)
    sender = ScriptedSender(
        {2: [Unreachable("Forbidden: bot was blocked by the user")], 3: [PermanentFailure("x")]}
    )
    engine = engine_for(db, sender)
    progress = await engine.deliver(campaign, render)
    await engine.close()
    assert (progress.sent, progress.blocked, progress.failed) == (2, 1, 1)
    user = await db.users.get(2)
    assert user is not None
    assert user.is_active is False
    assert await db.subscriptions.topics(2) == frozenset()
    assert await db.subscriptions.topics(3) == {"news"}
    assert sender.per_chat()[3] == 1  # a permanent failure is not retried


async def test_cancel_finishes_in_flight_sends_and_records_them(db: Repo) -> None:
    campaign = await new_campaign(db, 200)
    sender = ScriptedSender(delay=0.03)
    engine = engine_for(db, sender, concurrency=4)
    task = asyncio.create_task(engine.deliver(campaign, render))
    await sender.wait_calls(20)
    assert engine.cancel(campaign.id)
    progress = await task
    await engine.close()
    counts = await db.campaigns.counts(campaign.id)
    assert progress.cancelled
    assert counts.sending == 0
    assert counts.sent == len(sender.calls) < 200
    assert max(sender.per_chat().values()) == 1
    stored = await db.campaigns.get(campaign.id)
    assert stored is not None
    assert stored.status == "cancelled"


async def test_a_stopped_campaign_resumes_with_no_duplicate(db: Repo) -> None:
    campaign = await new_campaign(db, 150)
    sender = ScriptedSender(delay=0.01)
    engine = engine_for(db, sender, concurrency=6)
    task = asyncio.create_task(engine.deliver(campaign, render))
    await sender.wait_calls(40)
    task.cancel()  # what SIGTERM does through the dispatcher's shutdown
    with pytest.raises(asyncio.CancelledError):
        await task
    await engine.close()
    stored = await db.campaigns.get(campaign.id)
    assert stored is not None
    assert stored.status == "running"
    assert (await db.campaigns.counts(campaign.id)).sending == 0

    engine = engine_for(db, sender, concurrency=6)
    progress = await engine.deliver(stored, render)
    await engine.close()
    assert sender.per_chat() == Counter({uid: 1 for uid in range(1, 151)})
    assert (progress.sent, progress.finished) == (150, True)


async def test_resume_after_a_crash_resends_only_open_rows(db: Repo) -> None:
    campaign = await new_campaign(db, 20)
    await db.campaigns.enqueue(campaign.id, list(range(1, 11)))
    await db.campaigns.apply(
        [DeliveryWrite(campaign.id, uid, "sent", 1) for uid in range(1, 6)]
        + [DeliveryWrite(campaign.id, uid, "sending", 0) for uid in (6, 7)]
    )
    await db.campaigns.mark_running(campaign.id, total=20)
    sender = ScriptedSender()
    engine = engine_for(db, sender)
    progress = await engine.deliver(campaign, render)
    await engine.close()
    assert sorted(sender.per_chat()) == list(range(6, 21))
    assert (progress.sent, progress.total) == (20, 20)


async def test_one_chat_never_gets_two_messages_within_the_interval(db: Repo) -> None:
    first = await new_campaign(db, 10)
    second_id = await db.campaigns.create_broadcast(
        {"text": "Again"}, audience=topic_audience("news"), language=None, created_by=None
    )
    second = await db.campaigns.get(second_id)
    assert second is not None
    sender = ScriptedSender()
    engine = engine_for(db, sender, per_chat_interval=0.2)
    await asyncio.gather(engine.deliver(first, render), engine.deliver(second, render))
    await engine.close()
    times: dict[int, list[float]] = {}
    for moment, chat in sender.calls:
        times.setdefault(chat, []).append(moment)
    assert all(len(t) == 2 and t[1] - t[0] >= 0.19 for t in times.values())


class CountingSender:
    """Delivers everything and only counts, so the test itself keeps no per-recipient data."""

    def __init__(self) -> None:
        self.sent = 0

    async def send(self, chat_id: int, message: Outgoing, *, paid: bool) -> SendOutcome:
        self.sent += 1
        await asyncio.sleep(0)
        return Delivered(message_id=1)


async def peak_memory(users: int) -> int:
    db = await open_repo(":memory:")
    campaign = await new_campaign(db, users)
    sender = CountingSender()
    # The chat pacer remembers the chats of the last interval: keep it short at this speed.
    config = DeliveryConfig(rate=100_000, concurrency=8, batch_size=500, per_chat_interval=0.01)
    engine = DeliveryEngine(db.campaigns, sender, config=config)
    gc.collect()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    await engine.deliver(campaign, render)
    peak = tracemalloc.get_traced_memory()[1] - base
    await engine.close()
    await db.close()
    assert sender.sent == users
    return peak


async def test_memory_stays_flat_as_the_audience_grows() -> None:
    tracemalloc.start()
    try:
        small = await peak_memory(1_000)
        large = await peak_memory(10_000)
    finally:
        tracemalloc.stop()
    assert large < small * 1.5, (small, large)


async def test_a_closed_engine_leaves_new_campaigns_for_the_next_start(db: Repo) -> None:
    campaign = await new_campaign(db, 3)
    sender = ScriptedSender()
    engine = engine_for(db, sender)
    await engine.close()
    progress = await engine.deliver(campaign, render)
    assert (progress.finished, sender.calls) == (False, [])
    stored = await db.campaigns.get(campaign.id)
    assert stored is not None
    assert stored.status == "pending"
