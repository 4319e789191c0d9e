"""/broadcast through the production Dispatcher with its delivery service running.

The Dispatcher is built by ``create_dispatcher`` with a faster ``reminders`` service injected
(the same class production builds from ``BROADCAST_RATE``), and started and stopped through
``dp.startup`` / ``dp.shutdown`` as in production.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import pytest
from aiogram import Dispatcher

from bot.app import create_dispatcher
from bot.reminders.delivery import DeliveryConfig
from bot.reminders.service import ReminderService
from handlers.remind import create_translate
from tests.conftest import ADMIN_ID
from tests.fake_api import Call, Chat, buttons_of

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.utils.i18n import I18n

    from bot.config import Settings
    from bot.content.catalog import Catalog
    from bot.search.engine import SearchEngine
    from bot.storage import Repo
    from tests.fake_api import FakeBotAPI

TEXT = "Hello <b>friends</b> & all: vote on 15 March"
BOLD = {"type": "bold", "offset": 6, "length": 13}
BEFORE_DAILY_HOUR = dt.datetime(2026, 9, 1, 3, 0, tzinfo=dt.UTC)  # 09:00 in Almaty


@pytest.fixture
def reminders(repo: Repo, settings: Settings, i18n: I18n) -> ReminderService:
    """The delivery service at test speed, with progress every 0.2 s and no other campaigns.

    Its clock stays before the daily question's hour and it knows no events, so broadcasts are
    the only campaigns in these tests.
    """
    return ReminderService(
        repo.campaigns,
        events=list,
        clock=lambda: BEFORE_DAILY_HOUR,
        translate=create_translate(i18n),
        zone=settings.zone,
        default_language=settings.default_language,
        config=DeliveryConfig(rate=60, concurrency=4, progress_every=0.2),
        interval=3600,
    )


@pytest.fixture
async def dp(
    settings: Settings,
    repo: Repo,
    catalog: Catalog,
    engine: SearchEngine,
    i18n: I18n,
    bot: Bot,
    reminders: ReminderService,
) -> AsyncIterator[Dispatcher]:
    """The production Dispatcher, started and shut down like the polling loop does."""
    dispatcher = create_dispatcher(
        settings, repo=repo, catalog=catalog, engine=engine, i18n=i18n, reminders=reminders
    )
    dispatcher["throttle"].enabled = False  # the admin clicks faster than a person would
    await dispatcher.emit_startup(bot=bot)
    yield dispatcher
    await dispatcher.emit_shutdown(bot=bot)


def sent(calls: list[Call], method: str = "sendMessage") -> Call:
    return next(c for c in calls if c.method == method)


async def compose(admin: Chat, *, audience: str, language: str, text: str = TEXT) -> Call:
    """Go through every step up to the confirmation; return the confirmation screen."""
    ask = sent(await admin.send("/broadcast"))
    assert "Send the announcement" in ask["text"]
    calls = await admin.send(text, entities=[BOLD])
    preview = [c for c in calls if c.method == "sendMessage"]
    assert preview[1]["text"] == text
    assert preview[1]["entities"] == [BOLD]
    assert "parse_mode" not in preview[1].params
    choose = preview[2]
    language_screen = sent(
        await admin.click_button(choose, f"bc:audience:{audience}"), "editMessageText"
    )
    return sent(
        await admin.click_button(language_screen, f"bc:lang:{language}"), "editMessageText"
    )


async def subscribers(repo: Repo, count: int, *, first: int = 20_001) -> list[int]:
    users = list(range(first, first + count))
    await repo.subscriptions.import_subscribers(
        ((uid, ("kk", "ru", "en")[uid % 3]) for uid in users), "news"
    )
    return users


async def test_admin_broadcast_reaches_every_subscriber_with_progress_and_report(
    admin_chat: Chat, repo: Repo, api: FakeBotAPI, reminders: ReminderService
) -> None:
    users = await subscribers(repo, 45)
    await repo.users.touch(30_000, "ru")  # not subscribed to announcements
    confirm = await compose(admin_chat, audience="news", language="all")
    assert "Total: 45" in confirm["text"]

    calls = await admin_chat.click_button(confirm, "bc:send")
    progress = sent(calls)
    assert "starting, 45 recipients" in progress["text"]
    assert any(b["callback_data"].startswith("bc:stop:") for b in buttons_of(progress))
    await reminders.tick()
    await reminders.wait_idle()

    to_users = [c for c in api.methods("sendMessage") if c["chat_id"] in users]
    assert sorted(c["chat_id"] for c in to_users) == users
    assert all(c["text"] == TEXT and c["entities"] == [BOLD] for c in to_users)
    assert all("parse_mode" not in c.params for c in to_users)
    assert api.delivered[30_000] == 0
    edits = [c for c in api.methods("editMessageText") if "Sent:" in str(c.get("text"))]
    assert edits, "the progress message is edited while sending"
    assert "Rate:" in edits[0]["text"]
    report = api.methods("sendMessage")[-1]
    assert report["chat_id"] == ADMIN_ID
    assert "finished" in report["text"]
    assert "Sent: 45 of 45" in report["text"]


async def test_language_filter_and_all_users(
    admin_chat: Chat, repo: Repo, api: FakeBotAPI, reminders: ReminderService
) -> None:
    users = await subscribers(repo, 9)
    await repo.users.touch(30_000, "kk")  # not subscribed, Kazakh by Telegram language
    confirm = await compose(admin_chat, audience="all", language="kk")
    assert "Total: 4" in confirm["text"]  # 3 Kazakh subscribers and the Kazakh non-subscriber
    await admin_chat.click_button(confirm, "bc:send")
    await reminders.tick()
    await reminders.wait_idle()
    kazakh = [*sorted(uid for uid in users if uid % 3 == 0), 30_000]
    assert (
        sorted(c["chat_id"] for c in api.methods("sendMessage") if c["chat_id"] != ADMIN_ID)
        == kazakh
    )


async def test_cancel_stops_a_running_broadcast_cleanly(
    admin_chat: Chat, repo: Repo, api: FakeBotAPI, reminders: ReminderService
) -> None:
    users = await subscribers(repo, 300)
    confirm = await compose(admin_chat, audience="news", language="all")
    mark = len(api.calls)
    await admin_chat.click_button(confirm, "bc:send")
    await reminders.tick()
    await api.wait_for("sendMessage", count=25, after=mark, timeout=10)

    reply = sent(await admin_chat.send("/cancel"))
    assert "Stopping broadcast #" in reply["text"]
    await reminders.wait_idle()

    delivered = {uid: n for uid, n in api.delivered.items() if uid in users}
    assert 0 < len(delivered) < len(users)
    assert set(delivered.values()) == {1}
    campaign = await repo.campaigns.get(1)
    assert campaign is not None
    counts = await repo.campaigns.counts(campaign.id)
    assert (campaign.status, counts.sending, counts.sent) == ("cancelled", 0, len(delivered))
    report = api.methods("sendMessage")[-1]
    assert "stopped" in report["text"]
    assert f"Sent: {len(delivered)} of 300" in report["text"]
    nothing = sent(await admin_chat.send("/cancel"))
    assert "no broadcast running" in nothing["text"]


async def test_composition_can_be_cancelled_and_needs_text(admin_chat: Chat, repo: Repo) -> None:
    await admin_chat.send("/broadcast")
    photo: dict[str, Any] = {"file_id": "p", "file_unique_id": "pu", "width": 1, "height": 1}
    refused = sent(await admin_chat.send(None, photo=[photo]))
    assert "plain text" in refused["text"]
    done = sent(await admin_chat.send("/cancel"))
    assert "nothing was sent" in done["text"]
    assert await repo.campaigns.unfinished() == []
    stale = await admin_chat.click("bc:send:")
    assert "no longer active" in sent(stale, "answerCallbackQuery")["text"]


async def test_non_admins_are_refused(chat: Chat, repo: Repo) -> None:
    reply = sent(await chat.send("/broadcast"))
    assert "только администраторы" in reply["text"]
    await chat.click("bc:send:")
    await chat.send("/cancel")
    assert await repo.campaigns.unfinished() == []


async def test_without_a_delivery_service_the_campaign_waits_for_the_bot(
    settings: Settings,
    repo: Repo,
    catalog: Catalog,
    engine: SearchEngine,
    i18n: I18n,
    bot: Bot,
    api: FakeBotAPI,
) -> None:
    console = create_dispatcher(
        settings, repo=repo, catalog=catalog, engine=engine, i18n=i18n, reminders=None
    )
    console["throttle"].enabled = False
    await console.emit_startup(bot=bot)
    try:
        admin = Chat(console, bot, api, user_id=ADMIN_ID, language_code="en")
        await subscribers(repo, 2)
        confirm = await compose(admin, audience="news", language="all")
        await admin.click_button(confirm, "bc:send")
        [campaign] = await repo.campaigns.unfinished()
        assert (campaign.kind, campaign.status) == ("broadcast", "pending")
        assert "Stopping" in sent(await admin.send("/cancel"))["text"]
        assert await repo.campaigns.unfinished() == []
    finally:
        await console.emit_shutdown(bot=bot)
