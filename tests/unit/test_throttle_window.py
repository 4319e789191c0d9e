"""The sliding window behind the throttle: the limit, one notice, recovery and bounded memory."""

from __future__ import annotations

from handlers.throttle import SlidingWindow, Verdict


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_five_pass_then_one_notice_then_silence() -> None:
    clock = Clock()
    window = SlidingWindow(limit=5, window=3.0, clock=clock)
    verdicts = [window.hit(1) for _ in range(100)]
    assert verdicts[:5] == [Verdict.ALLOW] * 5
    assert verdicts[5] is Verdict.NOTIFY
    assert set(verdicts[6:]) == {Verdict.DROP}


def test_the_window_slides() -> None:
    clock = Clock()
    window = SlidingWindow(limit=5, window=3.0, clock=clock)
    for step in range(5):
        clock.now = 100.0 + step * 0.5  # 100.0 … 102.0
        assert window.hit(1) is Verdict.ALLOW
    clock.now = 102.9
    assert window.hit(1) is Verdict.NOTIFY
    clock.now = 103.0  # the first message (at 100.0) left the window
    assert window.hit(1) is Verdict.ALLOW
    assert window.hit(1) is Verdict.NOTIFY  # a new episode gets its own notice


def test_users_are_counted_separately() -> None:
    window = SlidingWindow(limit=2, window=3.0, clock=Clock())
    assert [window.hit(1), window.hit(1), window.hit(2)] == [Verdict.ALLOW] * 3
    assert window.hit(1) is Verdict.NOTIFY
    assert window.hit(2) is Verdict.ALLOW


def test_idle_users_are_evicted() -> None:
    clock = Clock()
    window = SlidingWindow(limit=5, window=3.0, clock=clock)
    for user in range(1000):
        window.hit(user)
    assert len(window) == 1000
    clock.now += 3.0
    window.hit(5000)
    assert len(window) == 1


def test_memory_is_capped_even_when_everyone_is_active() -> None:
    window = SlidingWindow(limit=5, window=3.0, max_keys=100, clock=Clock())
    for user in range(1000):
        window.hit(user)
    assert len(window) <= 100
