"""The background work of reminders and broadcasts, started and stopped with the bot.

Every ``interval`` seconds (or at once after :meth:`ReminderService.wake`) it creates the due
reminder campaigns and delivers every unfinished campaign, new or interrupted by a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Iterable
from functools import partial
from typing import Final, Protocol
from zoneinfo import ZoneInfo

from bot.content.models import LANGS, Event
from bot.quiz.daily import daily_invite
from bot.reminders.delivery import (
    CampaignProgress,
    DeliveryConfig,
    DeliveryEngine,
    ProgressCallback,
    Render,
)
from bot.reminders.scheduler import STARTED, ReminderScheduler
from bot.reminders.sending import Sender
from bot.reminders.texts import Translate, broadcast_message, reminder_messages
from bot.storage.campaigns import UNFINISHED, Campaign, CampaignRepo
from bot.storage.db import iso, utcnow

logger = logging.getLogger(__name__)

TICK_SECONDS: Final = 30.0
REMOVED: Final = "the event is no longer in the content"
MOVED: Final = "the event was moved; reminders for its new time replace this one"
PAST_DAY: Final = "the daily question of a past day"


class CampaignObserver(Protocol):
    """Told about a campaign's progress (e.g. to edit the admin's progress message)."""

    async def on_progress(self, campaign: Campaign, progress: CampaignProgress) -> None:
        """Called every few seconds while the campaign is delivered."""
        ...

    async def on_finished(self, campaign: Campaign, progress: CampaignProgress) -> None:
        """Called once when the campaign is done or cancelled."""
        ...


class ReminderService:
    """Schedules reminders and delivers campaigns until stopped."""

    def __init__(
        self,
        campaigns: CampaignRepo,
        *,
        events: Callable[[], Iterable[Event]],
        translate: Translate,
        zone: ZoneInfo,
        default_language: str,
        config: DeliveryConfig | None = None,
        interval: float = TICK_SECONDS,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.config = config or DeliveryConfig()
        self._campaigns = campaigns
        self._events = events
        self._translate = translate
        self._zone = zone
        self._default_language = default_language
        self._interval = interval
        self._clock = clock
        self.scheduler = ReminderScheduler(campaigns, events, zone=zone, clock=clock)
        self._engine: DeliveryEngine | None = None
        self._observer: CampaignObserver | None = None
        self._loop_task: asyncio.Task[None] | None = None
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._cancel_requested: set[int] = set()
        self._wake = asyncio.Event()

    @property
    def engine(self) -> DeliveryEngine:
        """The delivery engine (exists once started)."""
        if self._engine is None:
            raise RuntimeError("ReminderService.start() was not called")
        return self._engine

    async def start(self, sender: Sender, *, observer: CampaignObserver | None = None) -> None:
        """Start the loop that schedules and delivers; returns at once."""
        if self._loop_task is not None:
            return
        self._engine = DeliveryEngine(
            self._campaigns, sender, config=self.config, default_language=self._default_language
        )
        self._observer = observer
        self._loop_task = asyncio.create_task(self._loop(), name="reminders")
        logger.info(
            "reminders started: %.0f msg/s, %d in flight, tick %.0f s",
            self.config.rate,
            self.config.concurrency,
            self._interval,
        )

    async def stop(self) -> None:
        """Stop scheduling; let in-flight sends finish and record them (campaigns resume later)."""
        if self._loop_task is None:
            return
        self._loop_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._loop_task
        self._loop_task = None
        await self.engine.close()
        if self._tasks:
            await asyncio.gather(*self._tasks.values(), return_exceptions=True)
        logger.info("reminders stopped")

    def wake(self) -> None:
        """Run the next tick now (a broadcast was just confirmed)."""
        self._wake.set()

    async def cancel(self, campaign_id: int) -> bool:
        """Stop a campaign for good; False when it was not open."""
        if self._engine is not None and self._engine.cancel(campaign_id):
            return True
        if campaign_id in self._tasks:
            self._cancel_requested.add(campaign_id)
        campaign = await self._campaigns.get(campaign_id)
        if campaign is None or campaign.status not in UNFINISHED:
            return False
        await self._campaigns.finish(campaign_id, "cancelled")
        return True

    def progress(self, campaign_id: int) -> CampaignProgress | None:
        """Live progress of a campaign being delivered."""
        return None if self._engine is None else self._engine.progress(campaign_id)

    async def tick(self) -> None:
        """Create due reminders, then start delivering every open campaign not yet running."""
        await self.scheduler.tick()
        for campaign in await self._campaigns.unfinished():
            if campaign.id not in self._tasks:
                task = asyncio.create_task(self._deliver(campaign), name=f"deliver-{campaign.id}")
                self._tasks[campaign.id] = task

    async def wait_idle(self) -> None:
        """Wait until no campaign is being delivered (for tests and benchmarks)."""
        while self._tasks:
            await asyncio.gather(*self._tasks.values(), return_exceptions=True)

    # -- internals -------------------------------------------------------------------------

    async def _loop(self) -> None:
        while True:
            self._wake.clear()
            try:
                await self.tick()
            except Exception:
                logger.exception("reminder tick failed; retrying in %.0f s", self._interval)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._interval)

    async def _deliver(self, campaign: Campaign) -> None:
        try:
            if campaign.id in self._cancel_requested:
                self._cancel_requested.discard(campaign.id)
                return
            render = self._render(campaign)
            if isinstance(render, str):
                logger.warning("campaign %d skipped: %s", campaign.id, render)
                await self._campaigns.finish(campaign.id, "skipped", note=render)
                return
            observer = self._observer
            on_progress: ProgressCallback | None = None
            if observer is not None:
                on_progress = partial(observer.on_progress, campaign)
            progress = await self.engine.deliver(campaign, render, on_progress=on_progress)
            if observer is not None and (progress.finished or progress.cancelled):
                try:
                    await observer.on_finished(campaign, progress)
                except Exception:
                    logger.exception("campaign %d: final report failed", campaign.id)
        except Exception:
            logger.exception("campaign %d: delivery failed; retried on the next tick", campaign.id)
        finally:
            self._tasks.pop(campaign.id, None)

    def _render(self, campaign: Campaign) -> Render | str:
        """How to write the campaign for one recipient, or why it must be skipped."""
        if campaign.kind == "broadcast":
            message = broadcast_message(campaign.payload or {"text": ""})
            return lambda recipient: message
        if campaign.kind == "daily":
            today = self._clock().astimezone(self._zone).date().isoformat()
            if campaign.daily_date != today:
                return PAST_DAY
            invites = {lang: daily_invite(lang, self._translate) for lang in LANGS}
            fallback_invite = invites.get(self._default_language, invites["ru"])
            return lambda recipient: invites.get(recipient.language, fallback_invite)
        event = next((e for e in self._events() if e.id == campaign.event_id), None)
        if event is None:
            return REMOVED
        if iso(event.starts_at) != campaign.event_starts_at:
            return MOVED
        if self._clock() >= event.starts_at:
            return STARTED
        messages = reminder_messages(event, self._zone, self._translate)
        fallback = messages.get(self._default_language) or next(iter(messages.values()))
        return lambda recipient: messages.get(recipient.language, fallback)
