"""The flood guard through the real Dispatcher: a burst costs five answers and one notice."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import pytest
from aiogram import Bot, Dispatcher

from handlers.throttle import ThrottleMiddleware
from tests.fake_api import Chat, FakeBotAPI

if TYPE_CHECKING:
    from bot.storage import Repo

NOTICE_RU = "Вы пишете слишком быстро 🙂"
_ids = itertools.count(900_000)


class Clock:
    """A clock the test moves by hand, so timing never depends on the machine's speed."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(dp: Dispatcher) -> Clock:
    throttle: ThrottleMiddleware = dp["throttle"]
    frozen = Clock()
    throttle.window.clock = frozen
    return frozen


async def table_size(repo: Repo, table: str) -> int:
    async with repo.conn.execute(f"SELECT COUNT(*) FROM {table}") as cursor:
        row = await cursor.fetchone()
    return int(row[0])


async def test_a_burst_of_100_gets_five_answers_one_notice_and_no_db_growth(
    chat: Chat, repo: Repo, clock: Clock
) -> None:
    calls = []
    for index in range(100):
        calls += await chat.send(f"сколько депутатов в курултае {index}")
    sent = [str(c["text"]) for c in calls if c.method == "sendMessage"]
    notices = [text for text in sent if text.startswith(NOTICE_RU)]
    assert len(notices) == 1
    assert len(sent) == 5 + 1
    assert await table_size(repo, "questions") == 5
    assert await table_size(repo, "users") == 1

    clock.now += 3.0
    calls = await chat.send("сколько депутатов в курултае")
    assert not [c for c in calls if str(c.get("text", "")).startswith(NOTICE_RU)]
    assert await table_size(repo, "questions") == 6


async def test_the_notice_speaks_the_users_telegram_language(
    dp: Dispatcher, bot: Bot, api: FakeBotAPI, clock: Clock
) -> None:
    chat = Chat(dp, bot, api, language_code="kk")
    texts = []
    for _ in range(8):
        texts += [str(c["text"]) for c in await chat.send("/help") if c.method == "sendMessage"]
    assert texts[-1].startswith("Сіз тым жылдам жазып жатырсыз")
    assert len(texts) == 6


async def test_button_floods_get_a_short_alert_once(chat: Chat, clock: Clock) -> None:
    calls = []
    for _ in range(20):
        calls += await chat.click("menu:about")
    alerts = [c for c in calls if c.method == "answerCallbackQuery" and c.get("text")]
    assert [str(a["text"]).startswith(NOTICE_RU) for a in alerts] == [True]
    assert len([c for c in calls if c.method == "sendMessage"]) == 5


async def test_users_do_not_throttle_each_other(
    dp: Dispatcher, bot: Bot, api: FakeBotAPI, repo: Repo, clock: Clock
) -> None:
    for _ in range(5):
        await Chat(dp, bot, api).send("/help")
    first = Chat(dp, bot, api)
    for _ in range(5):
        calls = await first.send("/help")
        assert [c.method for c in calls] == ["sendMessage"]
    assert await table_size(repo, "users") == 6


async def test_inline_queries_are_not_throttled(chat: Chat, clock: Clock) -> None:
    for _ in range(12):
        calls = await chat.feed(
            {
                "update_id": next(_ids),
                "inline_query": {"id": str(next(_ids)), "from": chat.user(), "query": "42",
                                 "offset": ""},
            }
        )
        assert [c.method for c in calls] == ["answerInlineQuery"]


async def test_throttle_can_be_switched_off(dp: Dispatcher, chat: Chat, clock: Clock) -> None:
    dp["throttle"].enabled = False
    for _ in range(10):
        calls = await chat.send("/help")
        assert [c.method for c in calls] == ["sendMessage"]
