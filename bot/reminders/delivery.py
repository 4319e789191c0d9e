"""The delivery engine: sends a campaign to its audience, paced, concurrent and resumable.

A recipient's life: the producer streams the audience from SQLite in keyset batches (by user id,
so memory stays flat for any audience size) and records each batch ``pending``. A worker commits
``sending`` before the request and ``sent``/``failed``/``blocked`` after it (or ``pending`` again
with a later retry after a 5xx or timeout). A 429 pauses the shared token bucket for
``retry_after``; the same worker then resends to the same recipient, so nobody is skipped.
Unreachable users (403, "chat not found") are marked inactive and unsubscribed.

Crash bound. The journal commits writes in the order they were made, and a worker sends only after
its ``sending`` mark is committed, which is no earlier than its previous outcome. So at any
instant each worker has at most one row that is ``sending`` while its request may have reached
Telegram. After kill -9, a restart resends exactly those rows:

    duplicates after a crash <= DeliveryConfig.concurrency, the number of workers
    (``DeliveryConfig.for_rate``: 8 up to 80 msg/s, rate/10 above, at most 100)

The pool is shared by every campaign of the engine, so the bound holds for the whole bot, not per
campaign; ``tests/e2e/test_delivery_crash.py`` checks it with a real kill -9. A graceful stop
(SIGTERM, task cancellation, ``close``) or an admin cancel lets in-flight requests finish and
records their outcomes, so it causes no duplicate at all. (A request that timed out may still have
reached Telegram; it is retried like a 5xx. That risk exists without any crash.)
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Final

from bot.reminders.pacing import ChatPacer, TokenBucket
from bot.reminders.sending import (
    Delivered,
    Outgoing,
    PermanentFailure,
    RetryAfter,
    Sender,
    SendOutcome,
    TemporaryFailure,
    Unreachable,
)
from bot.storage.campaigns import (
    Campaign,
    CampaignRepo,
    DeliveryStatus,
    DeliveryWrite,
    Recipient,
)

logger = logging.getLogger(__name__)

TELEGRAM_FREE_RATE: Final = 30.0
_SHORT_WAIT: Final = 0.05

Render = Callable[[Recipient], Outgoing]
ProgressCallback = Callable[["CampaignProgress"], Awaitable[None]]


@dataclass(frozen=True)
class DeliveryConfig:
    """How fast and how wide to send."""

    rate: float = 25.0  # messages per second for the whole bot (BROADCAST_RATE)
    concurrency: int = 8  # requests in flight at once; also the kill -9 duplicate bound
    batch_size: int = 500  # recipients read from SQLite at a time
    per_chat_interval: float = 1.0  # never two messages to one chat within this
    max_attempts: int = 4  # tries after 5xx/timeouts before the recipient is recorded failed
    backoff: float = 1.0  # first retry delay in seconds; doubles each retry
    progress_every: float = 3.0  # seconds between progress callbacks

    @classmethod
    def for_rate(cls, rate: float, **overrides: float) -> DeliveryConfig:
        """A config for ``rate`` msg/s with enough requests in flight for ~100 ms latency."""
        concurrency = max(8, min(100, math.ceil(rate * 0.1)))
        values: dict[str, float] = {"rate": rate, "concurrency": concurrency, **overrides}
        return cls(**values)  # type: ignore[arg-type]

    @property
    def paid(self) -> bool:
        """Above Telegram's free 30/s the sends must opt into paid broadcast."""
        return self.rate > TELEGRAM_FREE_RATE


@dataclass(frozen=True)
class CampaignProgress:
    """A snapshot of one campaign's delivery, for progress messages and reports."""

    campaign_id: int
    total: int
    sent: int
    blocked: int
    failed: int
    requests: int
    rate_limited: int
    elapsed: float
    rate: float  # recipients finished per second in this run
    finished: bool = False
    cancelled: bool = False

    @property
    def done(self) -> int:
        """Recipients with a final outcome."""
        return self.sent + self.blocked + self.failed

    @property
    def eta(self) -> float | None:
        """Seconds left at the current rate, or None before the rate is known."""
        if self.rate <= 0:
            return None
        return max(0.0, self.total - self.done) / self.rate


@dataclass
class _Run:
    """Mutable state of one campaign being delivered."""

    campaign: Campaign
    render: Render
    total: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    finished_before: int = 0
    started: float = field(default_factory=time.monotonic)
    requests: int = 0
    rate_limited: int = 0
    outstanding: int = 0
    produced: bool = False
    stopping: bool = False
    cancelled: bool = False
    error: BaseException | None = None
    done: asyncio.Event = field(default_factory=asyncio.Event)
    stop_event: asyncio.Event = field(default_factory=asyncio.Event)
    retries: set[asyncio.Task[None]] = field(default_factory=set)

    def stop(self, *, cancelled: bool = False) -> None:
        self.stopping = True
        self.cancelled = self.cancelled or cancelled
        self.stop_event.set()

    def settle(self) -> None:
        """One queued recipient is finished with (sent, failed, or left for a later run)."""
        self.outstanding -= 1
        self.check_done()

    def check_done(self) -> None:
        if self.produced and self.outstanding <= 0:
            self.done.set()

    def snapshot(self) -> CampaignProgress:
        elapsed = time.monotonic() - self.started
        finished = self.sent + self.blocked + self.failed
        rate = (finished - self.finished_before) / elapsed if elapsed > 0 else 0.0
        return CampaignProgress(
            campaign_id=self.campaign.id,
            total=max(self.total, finished),
            sent=self.sent,
            blocked=self.blocked,
            failed=self.failed,
            requests=self.requests,
            rate_limited=self.rate_limited,
            elapsed=elapsed,
            rate=rate,
            finished=self.done.is_set() and not self.stopping,
            cancelled=self.cancelled,
        )


@dataclass(frozen=True)
class _Job:
    run: _Run
    recipient: Recipient


class _Journal:
    """Commits delivery writes in the order they were made, many per transaction."""

    def __init__(self, campaigns: CampaignRepo) -> None:
        self._campaigns = campaigns
        self._writes: list[DeliveryWrite] = []
        self._waiters: list[asyncio.Future[None]] = []
        self._wake = asyncio.Event()
        self._closing = False
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._closing = False
        self._task = asyncio.create_task(self._loop(), name="delivery-journal")

    def add(self, write: DeliveryWrite) -> None:
        """Queue a write; it commits with the next group."""
        self._writes.append(write)
        self._wake.set()

    async def commit(self, write: DeliveryWrite) -> None:
        """Queue a write and wait until it (and every earlier one) is committed."""
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._writes.append(write)
        self._waiters.append(waiter)
        self._wake.set()
        await waiter

    async def flush(self) -> None:
        """Wait until every write queued so far is committed."""
        if self._task is None or self._task.done():
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        self._wake.set()
        await waiter

    async def close(self) -> None:
        """Commit what is queued and stop."""
        self._closing = True
        self._wake.set()
        if self._task is not None:
            await self._task

    async def _loop(self) -> None:
        while True:
            # Wait only when nothing is queued: close() may arrive while a group is committing,
            # and its wake-up must not be lost with that group.
            if not self._writes and not self._waiters:
                if self._closing:
                    return
                await self._wake.wait()
            self._wake.clear()
            writes, waiters = self._writes, self._waiters
            self._writes, self._waiters = [], []
            if not writes:
                for waiter in waiters:
                    if not waiter.done():
                        waiter.set_result(None)
                continue
            try:
                await self._campaigns.apply(writes)
            except Exception as exc:
                logger.exception("could not record %d delivery outcomes", len(writes))
                for waiter in waiters:
                    if not waiter.done():
                        waiter.set_exception(exc)
            else:
                for waiter in waiters:
                    if not waiter.done():
                        waiter.set_result(None)


class DeliveryEngine:
    """Delivers campaigns through a ``Sender`` with one worker pool, bucket and chat pacer."""

    def __init__(
        self,
        campaigns: CampaignRepo,
        sender: Sender,
        *,
        config: DeliveryConfig | None = None,
        default_language: str = "ru",
    ) -> None:
        self.config = config or DeliveryConfig()
        self._campaigns = campaigns
        self._sender = sender
        self._default_language = default_language
        self._bucket = TokenBucket(self.config.rate)
        self._pacer = ChatPacer(self.config.per_chat_interval)
        self._queue: asyncio.Queue[_Job] = asyncio.Queue(maxsize=self.config.batch_size)
        self._journal = _Journal(campaigns)
        self._workers: list[asyncio.Task[None]] = []
        self._runs: dict[int, _Run] = {}
        self._closed = False

    # -- public API ------------------------------------------------------------------------

    async def deliver(
        self, campaign: Campaign, render: Render, *, on_progress: ProgressCallback | None = None
    ) -> CampaignProgress:
        """Deliver (or resume) ``campaign``; return its final progress.

        The campaign is closed as ``done`` or, after :meth:`cancel`, ``cancelled``. When the
        engine is closed or this task is cancelled, in-flight sends finish and are recorded and
        the campaign stays ``running`` for the next start to resume.
        """
        if campaign.id in self._runs:
            raise RuntimeError(f"campaign {campaign.id} is already being delivered")
        # Registered before the first await, so cancel() always finds a starting campaign.
        run = _Run(campaign=campaign, render=render)
        if self._closed:  # shutting down: leave the campaign for the next start
            run.stop()
            return run.snapshot()
        self._runs[campaign.id] = run
        try:
            await self._prepare(run)
        except BaseException:
            del self._runs[campaign.id]
            run.done.set()
            raise
        if run.stopping:
            del self._runs[campaign.id]
            run.done.set()
            if run.cancelled:
                await self._campaigns.finish(campaign.id, "cancelled")
            return run.snapshot()
        self._start()
        producer = asyncio.create_task(self._produce(run), name=f"campaign-{campaign.id}")
        reporter = None
        if on_progress is not None:
            reporter = asyncio.create_task(self._report(run, on_progress))
        try:
            await run.done.wait()
        except asyncio.CancelledError:
            run.stop()
            await run.done.wait()
            raise
        finally:
            del self._runs[campaign.id]
            await producer
            if reporter is not None:
                reporter.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await reporter
        if run.error is not None:
            raise run.error
        await self._journal.flush()
        if run.cancelled:
            await self._campaigns.finish(campaign.id, "cancelled")
        elif not run.stopping:
            await self._campaigns.finish(campaign.id, "done")
        progress = run.snapshot()
        logger.info(
            "campaign %d: %s; sent %d, blocked %d, failed %d, %d requests, %d answered 429",
            campaign.id,
            "finished" if progress.finished else "cancelled" if run.cancelled else "paused",
            progress.sent,
            progress.blocked,
            progress.failed,
            progress.requests,
            progress.rate_limited,
        )
        return progress

    async def _prepare(self, run: _Run) -> None:
        """Load what earlier runs did and count the audience; mark the campaign running."""
        campaign = run.campaign
        counts = await self._campaigns.counts(campaign.id)
        total = campaign.total
        if total is None:
            total = await self._campaigns.count_audience(
                campaign.audience,
                language=campaign.language,
                default_language=self._default_language,
            )
        run.total, run.sent, run.blocked, run.failed = (
            total,
            counts.sent,
            counts.blocked,
            counts.failed,
        )
        run.finished_before = counts.finished
        if run.stopping:
            return
        if not await self._campaigns.mark_running(campaign.id, total=total):
            logger.info("campaign %d was closed before it started", campaign.id)
            run.stop()
            return
        logger.info(
            "campaign %d: delivering to %d (%d already done, %d to resume)",
            campaign.id,
            total,
            counts.finished,
            counts.open,
        )

    def cancel(self, campaign_id: int) -> bool:
        """Stop a campaign for good (in-flight sends finish); False when it is not running."""
        run = self._runs.get(campaign_id)
        if run is None:
            return False
        run.stop(cancelled=True)
        return True

    def progress(self, campaign_id: int) -> CampaignProgress | None:
        """The live progress of a running campaign."""
        run = self._runs.get(campaign_id)
        return None if run is None else run.snapshot()

    def is_running(self, campaign_id: int) -> bool:
        """True while ``campaign_id`` is being delivered."""
        return campaign_id in self._runs

    async def close(self) -> None:
        """Stop every campaign after its in-flight sends and record everything; final."""
        self._closed = True
        runs = list(self._runs.values())
        for run in runs:
            run.stop()
        for run in runs:
            await run.done.wait()
        for worker in self._workers:
            worker.cancel()
        for worker in self._workers:
            with contextlib.suppress(asyncio.CancelledError):
                await worker
        self._workers.clear()
        await self._journal.close()

    # -- internals -------------------------------------------------------------------------

    def _start(self) -> None:
        if self._workers:
            return
        self._journal.start()
        self._workers = [
            asyncio.create_task(self._work(), name=f"delivery-worker-{index}")
            for index in range(self.config.concurrency)
        ]

    async def _produce(self, run: _Run) -> None:
        """Queue first what an earlier run left open, then the rest of the audience."""
        campaign = run.campaign
        size = self.config.batch_size
        try:
            position = await self._campaigns.position(campaign.id)
            after = 0
            while not run.stopping:
                batch = await self._campaigns.open_batch(
                    campaign.id,
                    default_language=self._default_language,
                    after_user_id=after,
                    limit=size,
                )
                if not batch:
                    break
                await self._queue_all(run, batch)
                after = batch[-1].user_id
            after = position
            while not run.stopping:
                batch = await self._campaigns.audience_batch(
                    campaign.audience,
                    language=campaign.language,
                    default_language=self._default_language,
                    after_user_id=after,
                    limit=size,
                )
                if not batch:
                    break
                await self._campaigns.enqueue(campaign.id, [r.user_id for r in batch])
                await self._queue_all(run, batch)
                after = batch[-1].user_id
        except Exception as exc:
            logger.exception("campaign %d: reading recipients failed", campaign.id)
            run.error = exc
            run.stop()
        finally:
            run.produced = True
            run.check_done()

    async def _queue_all(self, run: _Run, batch: list[Recipient]) -> None:
        for recipient in batch:
            if run.stopping:
                return
            run.outstanding += 1
            await self._queue.put(_Job(run, recipient))

    async def _work(self) -> None:
        while True:
            job = await self._queue.get()
            try:
                await self._process(job)
            except Exception:
                logger.exception(
                    "campaign %d: delivery to %d failed; it stays open for the next run",
                    job.run.campaign.id,
                    job.recipient.user_id,
                )
                job.run.settle()

    async def _process(self, job: _Job) -> None:
        run, recipient = job.run, job.recipient
        campaign_id, chat_id = run.campaign.id, recipient.user_id
        if not await self._pace(run, chat_id):
            run.settle()
            return
        attempts = recipient.attempts
        await self._journal.commit(DeliveryWrite(campaign_id, chat_id, "sending", attempts))
        message = run.render(recipient)
        while True:
            self._pacer.mark(chat_id)
            run.requests += 1
            outcome = await self._send(chat_id, message)
            if not isinstance(outcome, RetryAfter):
                break
            run.rate_limited += 1
            self._bucket.pause(outcome.seconds)
            logger.warning(
                "campaign %d: 429, waiting %.0f s before resending to %d",
                campaign_id,
                outcome.seconds,
                chat_id,
            )
            if not await self._pace(run, chat_id):
                self._journal.add(DeliveryWrite(campaign_id, chat_id, "pending", attempts))
                run.settle()
                return
        attempts += 1
        self._record(job, outcome, attempts)

    def _record(self, job: _Job, outcome: SendOutcome, attempts: int) -> None:
        run, recipient = job.run, job.recipient
        campaign_id, chat_id = run.campaign.id, recipient.user_id
        status: DeliveryStatus
        error: str | None = None
        deactivate = False
        if isinstance(outcome, Delivered):
            status = "sent"
            run.sent += 1
        elif isinstance(outcome, Unreachable):
            status, error, deactivate = "blocked", outcome.reason, True
            run.blocked += 1
        elif isinstance(outcome, TemporaryFailure) and attempts < self.config.max_attempts:
            self._journal.add(
                DeliveryWrite(campaign_id, chat_id, "pending", attempts, outcome.reason)
            )
            delay = self.config.backoff * 2 ** (attempts - 1)
            retry = _Job(run, Recipient(chat_id, recipient.language, attempts))
            task = asyncio.create_task(self._retry_later(retry, delay))
            run.retries.add(task)
            task.add_done_callback(run.retries.discard)
            return
        else:
            assert isinstance(outcome, TemporaryFailure | PermanentFailure)
            status, error = "failed", outcome.reason
            run.failed += 1
            logger.warning(
                "campaign %d: giving up on %d after %d attempts: %s",
                campaign_id,
                chat_id,
                attempts,
                outcome.reason,
            )
        self._journal.add(
            DeliveryWrite(campaign_id, chat_id, status, attempts, error, deactivate=deactivate)
        )
        run.settle()

    async def _send(self, chat_id: int, message: Outgoing) -> SendOutcome:
        try:
            return await self._sender.send(chat_id, message, paid=self.config.paid)
        except Exception as exc:
            logger.exception("sender raised instead of returning an outcome")
            return TemporaryFailure(f"{type(exc).__name__}: {exc}")

    async def _retry_later(self, job: _Job, delay: float) -> None:
        if await self._sleep(job.run, delay):
            await self._queue.put(job)
        else:
            job.run.settle()

    async def _pace(self, run: _Run, chat_id: int) -> bool:
        """Wait for the chat's interval and a bucket slot; False when the run stopped."""
        while not run.stopping:
            wait = self._pacer.wait_for(chat_id)
            if wait > 0:
                if not await self._sleep(run, wait):
                    return False
                continue
            delay = self._bucket.reserve()
            if delay > 0 and not await self._sleep(run, delay):
                return False
            if self._bucket.paused_for() > 0 or self._pacer.wait_for(chat_id) > 0:
                continue  # a 429 or another send to this chat arrived while we waited
            return not run.stopping
        return False

    async def _sleep(self, run: _Run, seconds: float) -> bool:
        """Sleep unless the run stops first; True when the full time passed."""
        if run.stopping:
            return False
        if seconds < _SHORT_WAIT:
            await asyncio.sleep(seconds)
            return not run.stopping
        try:
            await asyncio.wait_for(run.stop_event.wait(), seconds)
        except TimeoutError:
            return not run.stopping
        return False

    async def _report(self, run: _Run, on_progress: ProgressCallback) -> None:
        while not run.done.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(run.done.wait(), self.config.progress_every)
            if run.done.is_set():
                return
            try:
                await on_progress(run.snapshot())
            except Exception:
                logger.exception("campaign %d: progress callback failed", run.campaign.id)
