"""/remind through the production Dispatcher: see and change subscriptions; blocking drops them."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from tests.fake_api import Chat, buttons_of

if TYPE_CHECKING:
    from aiogram import Bot, Dispatcher

    from bot.storage import Repo
    from tests.fake_api import FakeBotAPI


async def test_remind_shows_the_state_and_changes_it(chat: Chat, repo: Repo) -> None:
    [screen] = [c for c in await chat.send("/remind") if c.method == "sendMessage"]
    assert "не подписаны" in screen["text"]
    data = [b["callback_data"] for b in buttons_of(screen)]
    assert data[:5] == [
        "rm:toggle:events",
        "rm:toggle:daily",
        "rm:toggle:news",
        "rm:all:",
        "rm:none:",
    ]

    calls = await chat.click_button(screen, "rm:toggle:events")
    toast = next(c for c in calls if c.method == "answerCallbackQuery")
    assert "Гражданские события" in toast["text"]
    edited = next(c for c in calls if c.method == "editMessageText")
    assert "Вы получаете: Гражданские события." in edited["text"]
    assert buttons_of(edited)[0]["text"].startswith("✅")
    assert await repo.subscriptions.topics(chat.user_id) == {"events"}

    await chat.click_button(edited, "rm:all")
    assert await repo.subscriptions.topics(chat.user_id) == {"events", "daily", "news"}
    calls = await chat.click_button(edited, "rm:none")
    assert await repo.subscriptions.topics(chat.user_id) == frozenset()
    edited = next(c for c in calls if c.method == "editMessageText")
    assert "не подписаны" in edited["text"]


async def test_remind_speaks_kazakh_and_opens_from_the_menu(
    dp: Dispatcher, bot: Bot, api: FakeBotAPI
) -> None:
    kazakh = Chat(dp, bot, api, language_code="kk")
    calls = await kazakh.click("menu:remind")
    screen = next(c for c in calls if c.method == "sendMessage")
    assert "жазылмағансыз" in screen["text"]
    assert "Азаматтық оқиғалар" in buttons_of(screen)[0]["text"]


async def test_blocking_the_bot_unsubscribes_and_forget_deletes(chat: Chat, repo: Repo) -> None:
    await chat.send("/remind")
    await repo.subscriptions.subscribe(chat.user_id, "events", "news")
    update = {
        "update_id": 900_001,
        "my_chat_member": {
            "chat": chat.chat(),
            "from": chat.user(),
            "date": int(time.time()),
            "old_chat_member": {
                "status": "member",
                "user": {"id": 4242, "is_bot": True, "first_name": "AtaZan"},
            },
            "new_chat_member": {
                "status": "kicked",
                "until_date": 0,
                "user": {"id": 4242, "is_bot": True, "first_name": "AtaZan"},
            },
        },
    }
    await chat.feed(update)
    user = await repo.users.get(chat.user_id)
    assert user is not None
    assert user.is_active is False
    assert await repo.subscriptions.topics(chat.user_id) == frozenset()

    await chat.send("/remind")  # back again: active, but not silently resubscribed
    await repo.subscriptions.subscribe(chat.user_id, "daily")
    await chat.click("forget:1")
    assert await repo.users.get(chat.user_id) is None
    assert await repo.subscriptions.topics(chat.user_id) == frozenset()
