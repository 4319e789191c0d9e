"""Reminders and broadcasts through aiogram's real HTTP session against the fake Bot API."""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from typing import TYPE_CHECKING

import pytest
from aiogram import Bot
from aiohttp import web

from bot.app import create_bot
from bot.content.models import Event
from bot.reminders.delivery import DeliveryConfig, DeliveryEngine
from bot.reminders.sending import (
    Delivered,
    Outgoing,
    PermanentFailure,
    RetryAfter,
    TemporaryFailure,
    Unreachable,
)
from bot.reminders.service import ReminderService
from bot.storage.db import utcnow
from bot.telegram.sender import AiogramSender
from handlers.remind import create_translate
from tests.conftest import TOKEN
from tests.fake_api import FakeBotAPI, Limits

if TYPE_CHECKING:
    from aiogram.utils.i18n import I18n

    from bot.config import Settings
    from bot.storage import Repo
    from bot.storage.campaigns import Campaign

FAST = DeliveryConfig(rate=1000, concurrency=16, backoff=0.05)


def make_event(event_id: str, starts_in: dt.timedelta, offsets: list[str]) -> Event:
    start = (utcnow() + starts_in).replace(microsecond=0)
    return Event(
        id=event_id,
        title={
            "kk": f"Қоғамдық тыңдау {event_id}",
            "ru": f"Слушания {event_id}",
            "en": f"Hearing {event_id}",
        },
        description={
            "kk": "Жаңа Конституция <талқылау>",
            "ru": "Обсуждение <нового> закона",
            "en": "Discussing the <new> law",
        },
        starts_at=start,
        offsets=offsets,
        link="https://example.kz/hearing?a=1&b=2",
    )


def service_for(
    repo: Repo, settings: Settings, i18n: I18n, events: list[Event], config: DeliveryConfig = FAST
) -> ReminderService:
    return ReminderService(
        repo.campaigns,
        events=lambda: events,
        translate=create_translate(i18n),
        zone=settings.zone,
        default_language="ru",
        config=config,
        interval=3600,
    )


async def run_once(service: ReminderService, bot: Bot) -> None:
    await service.start(AiogramSender(bot))
    try:
        await service.tick()
        await service.wait_idle()
    finally:
        await service.stop()


async def test_a_reminder_reaches_each_of_500_subscribers_once(
    repo: Repo, settings: Settings, i18n: I18n, bot: Bot, api: FakeBotAPI
) -> None:
    users = list(range(1, 501))
    await repo.subscriptions.import_subscribers(
        ((uid, ("kk", "ru", "en")[uid % 3]) for uid in users), "events"
    )
    await repo.subscriptions.import_subscribers([(9001, "ru")], "news")  # not an events fan
    event = make_event("town_hall", dt.timedelta(days=2), ["7d", "1d"])
    service = service_for(repo, settings, i18n, [event])
    await run_once(service, bot)
    await run_once(service, bot)  # a second run (restart) sends nothing again

    assert dict(api.delivered) == {uid: 1 for uid in users}
    by_chat = {call["chat_id"]: call for call in api.methods("sendMessage")}
    kazakh, english = by_chat[3], by_chat[2]
    assert "Қоғамдық тыңдау town_hall" in kazakh["text"]
    assert "Hearing town_hall" in english["text"]
    assert kazakh["parse_mode"] == "HTML"
    assert "&lt;талқылау&gt;" in kazakh["text"]  # content is escaped for HTML
    assert "https://example.kz/hearing?a=1&amp;b=2" in english["text"]
    local = event.starts_at.astimezone(settings.zone)
    assert local.strftime("%H:%M") in english["text"]
    assert not any(call.get("allow_paid_broadcast") is False for call in by_chat.values())


async def test_catch_up_after_downtime_sends_late_and_skips_begun_events(
    repo: Repo,
    settings: Settings,
    i18n: I18n,
    bot: Bot,
    api: FakeBotAPI,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await repo.subscriptions.import_subscribers([(1, "ru"), (2, "en")], "events")
    soon = make_event("soon", dt.timedelta(hours=2), ["7d", "1d", "3h"])
    begun = make_event("begun", -dt.timedelta(hours=1), ["1d"])
    service = service_for(repo, settings, i18n, [soon, begun])
    with caplog.at_level(logging.INFO, logger="bot.reminders"):
        await run_once(service, bot)

    assert dict(api.delivered) == {1: 1, 2: 1}
    assert all(
        "Слушания soon" in c["text"] or "Hearing soon" in c["text"]
        for c in api.methods("sendMessage")
    )
    keys = await repo.campaigns.reminder_keys()
    assert {(k.event_id, k.offset_label) for k in keys} == {
        ("soon", "7d"),
        ("soon", "1d"),
        ("soon", "3h"),
        ("begun", "1d"),
    }
    skipped = [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()]
    assert any("begun/1d" in line and "begun" in line for line in skipped)
    assert sum("superseded" in line for line in skipped) == 2
    assert any("late by" in r.getMessage() for r in caplog.records)


async def test_429_is_waited_out_and_the_same_recipient_is_resent(
    repo: Repo, settings: Settings, bot: Bot, api: FakeBotAPI
) -> None:
    api.limits = Limits(global_rate=3, retry_after=1)
    users = list(range(1, 8))
    campaign = await broadcast_to(repo, users)
    engine = DeliveryEngine(
        repo.campaigns, AiogramSender(bot), config=DeliveryConfig(rate=100, concurrency=1)
    )
    progress = await engine.deliver(campaign, lambda r: Outgoing(text="Hi"))
    await engine.close()

    assert dict(api.delivered) == {uid: 1 for uid in users}
    calls = api.methods("sendMessage")
    repeats = [(a, b) for a, b in itertools.pairwise(calls) if a["chat_id"] == b["chat_id"]]
    assert len(repeats) == api.status_counts[429] == progress.rate_limited >= 1
    assert all(b.at - a.at >= 0.95 for a, b in repeats)


async def test_blocked_and_vanished_chats_are_unsubscribed(
    repo: Repo, bot: Bot, api: FakeBotAPI
) -> None:
    api.limits = Limits(blocked_chats=frozenset({2}), missing_chats=frozenset({3}))
    campaign = await broadcast_to(repo, [1, 2, 3, 4])
    engine = DeliveryEngine(repo.campaigns, AiogramSender(bot), config=FAST)
    progress = await engine.deliver(campaign, lambda r: Outgoing(text="Hi"))
    await engine.close()

    assert (progress.sent, progress.blocked) == (2, 2)
    for uid in (2, 3):
        user = await repo.users.get(uid)
        assert user is not None
        assert user.is_active is False
        assert await repo.subscriptions.topics(uid) == frozenset()
        assert await repo.campaigns.delivery_status(campaign.id, uid) == "blocked"
    assert await repo.subscriptions.topics(1) == {"news"}


def answer(status: int, description: str, **parameters: int) -> web.Response:
    body: dict[str, object] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=status)


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (answer(429, "Too Many Requests: retry after 3", retry_after=3), RetryAfter(3)),
        (
            answer(403, "Forbidden: user is deactivated"),
            Unreachable("Forbidden: user is deactivated"),
        ),
        (answer(400, "Bad Request: chat not found"), Unreachable("Bad Request: chat not found")),
        (
            answer(400, "Bad Request: message is too long"),
            PermanentFailure("Bad Request: message is too long"),
        ),
        (answer(502, "Bad Gateway"), TemporaryFailure("Bad Gateway")),
    ],
)
async def test_sender_maps_telegram_answers_to_outcomes(
    bot: Bot, api: FakeBotAPI, response: web.Response, expected: object
) -> None:
    api.overrides["sendMessage"] = lambda params: response
    outcome = await AiogramSender(bot).send(1, Outgoing(text="Hi"), paid=False)
    assert outcome == expected


async def test_sender_reports_success_and_network_errors(settings: Settings) -> None:
    async with FakeBotAPI() as server:
        local = create_bot(settings.model_copy(update={"telegram_api_base": server.base}), TOKEN)
        try:
            delivered = await AiogramSender(local).send(1, Outgoing(text="Hi"), paid=True)
        finally:
            await local.session.close()
        sent = server.methods("sendMessage")[0]
    assert isinstance(delivered, Delivered)
    assert sent["allow_paid_broadcast"] is True
    assert "parse_mode" not in sent.params  # plain text: nothing the admin typed is parsed
    nowhere = create_bot(
        settings.model_copy(update={"telegram_api_base": "http://127.0.0.1:9"}), TOKEN
    )
    try:
        outcome = await AiogramSender(nowhere).send(1, Outgoing(text="Hi"), paid=False)
    finally:
        await nowhere.session.close()
    assert isinstance(outcome, TemporaryFailure)


async def broadcast_to(repo: Repo, users: list[int]) -> Campaign:
    await repo.subscriptions.import_subscribers(((uid, "ru") for uid in users), "news")
    campaign_id = await repo.campaigns.create_broadcast(
        {"text": "Hi"}, audience="topic:news", language=None, created_by=None
    )
    campaign = await repo.campaigns.get(campaign_id)
    assert campaign is not None
    return campaign
