"""Pacing: an even token bucket that pauses on 429, and one message per chat per second."""

from __future__ import annotations

import pytest

from bot.reminders.delivery import CampaignProgress, DeliveryConfig
from bot.reminders.pacing import ChatPacer, TokenBucket


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_bucket_spaces_slots_by_the_rate() -> None:
    clock = FakeClock()
    bucket = TokenBucket(25, clock=clock)
    waits = [bucket.reserve() for _ in range(5)]
    assert waits == pytest.approx([0.0, 0.04, 0.08, 0.12, 0.16])


def test_bucket_does_not_save_up_slots_while_idle() -> None:
    clock = FakeClock()
    bucket = TokenBucket(10, clock=clock)
    bucket.reserve()
    clock.now += 60
    assert [bucket.reserve() for _ in range(2)] == pytest.approx([0.0, 0.1])


def test_bucket_burst_allows_that_many_slots_at_once() -> None:
    clock = FakeClock()
    bucket = TokenBucket(10, burst=3, clock=clock)
    bucket.reserve()
    clock.now += 10
    assert [bucket.reserve() for _ in range(4)] == pytest.approx([0.0, 0.0, 0.0, 0.1])


def test_pause_pushes_every_slot_past_retry_after() -> None:
    clock = FakeClock()
    bucket = TokenBucket(100, clock=clock)
    bucket.pause(3)
    assert bucket.paused_for() == pytest.approx(3)
    assert bucket.reserve() == pytest.approx(3)
    clock.now += 3
    assert bucket.paused_for() == 0


def test_chat_pacer_keeps_a_second_between_messages_to_one_chat() -> None:
    clock = FakeClock()
    pacer = ChatPacer(1.0, clock=clock)
    assert pacer.wait_for(7) == 0
    pacer.mark(7)
    clock.now += 0.25
    assert pacer.wait_for(7) == pytest.approx(0.75)
    assert pacer.wait_for(8) == 0


def test_chat_pacer_forgets_chats_after_the_interval() -> None:
    clock = FakeClock()
    pacer = ChatPacer(1.0, clock=clock)
    for chat in range(1000):
        pacer.mark(chat)
        clock.now += 0.01
    assert len(pacer) <= 101


@pytest.mark.parametrize(("rate", "paid"), [(25, False), (30, False), (31, True), (1000, True)])
def test_paid_broadcast_only_above_thirty_per_second(rate: float, paid: bool) -> None:
    assert DeliveryConfig(rate=rate).paid is paid


def test_config_for_rate_keeps_enough_requests_in_flight() -> None:
    assert DeliveryConfig.for_rate(25).concurrency == 8
    assert DeliveryConfig.for_rate(1000).concurrency == 100


def test_progress_eta_from_the_rate() -> None:
    progress = CampaignProgress(
        campaign_id=1,
        total=100,
        sent=40,
        blocked=5,
        failed=5,
        requests=50,
        rate_limited=0,
        elapsed=10,
        rate=5.0,
    )
    assert progress.done == 50
    assert progress.eta == pytest.approx(10)
