"""The production path: aiogram's polling loop and HTTP session against the fake Bot API."""

from __future__ import annotations

import asyncio
import time

from aiogram import Bot, Dispatcher

from tests.fake_api import BOT_USER, FakeBotAPI, buttons_of

USER = {"id": 5001, "is_bot": False, "first_name": "Aigerim", "language_code": "ru"}
CHAT = {"id": 5001, "type": "private", "first_name": "Aigerim"}


def _message(message_id: int, text: str) -> dict[str, object]:
    message: dict[str, object] = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": CHAT,
        "from": USER,
        "text": text,
    }
    if text.startswith("/"):
        message["entities"] = [
            {"type": "bot_command", "offset": 0, "length": len(text.split(maxsplit=1)[0])}
        ]
    return {"message": message}


def _press(call_id: str, data: str) -> dict[str, object]:
    carrier = {
        "message_id": 1,
        "date": int(time.time()),
        "chat": CHAT,
        "from": BOT_USER,
        "text": "…",
    }
    return {
        "callback_query": {
            "id": call_id,
            "from": USER,
            "chat_instance": "c",
            "message": carrier,
            "data": data,
        }
    }


async def test_start_language_question_article_through_polling(
    dp: Dispatcher, bot: Bot, api: FakeBotAPI
) -> None:
    polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=1))
    try:
        api.push(_message(1, "/start"))
        [picker] = await api.wait_for("sendMessage", count=1)
        languages = [b.get("callback_data", "") for b in buttons_of(picker)]
        assert languages == ["lang:kk", "lang:ru", "lang:en"]
        assert "✅" in buttons_of(picker)[1]["text"]  # preselected from language_code "ru"

        mark = len(api.calls)
        api.push(_press("p1", "lang:ru"))
        await api.wait_for("editMessageText", after=mark)
        welcome = (await api.wait_for("sendMessage", after=mark))[0]
        assert "Конституци" in welcome["text"]

        mark = len(api.calls)
        api.push(_message(2, "сколько депутатов в курултае"))
        answer = (await api.wait_for("sendMessage", after=mark, timeout=10))[0]
        assert "145" in answer["text"]
        article_buttons = [
            b for b in buttons_of(answer) if b.get("callback_data", "").startswith("art:")
        ]
        assert article_buttons, "an answer must carry a button to its article"

        mark = len(api.calls)
        api.push(_press("p2", article_buttons[0]["callback_data"]))
        card = (await api.wait_for("sendMessage", after=mark))[0]
        number = article_buttons[0]["callback_data"].split(":")[1]
        assert f"Статья {number}" in card["text"]
        navigation = [b.get("callback_data", "") for b in buttons_of(card)]
        assert f"art:{int(number) + 1}:ru" in navigation
        assert f"art:{int(number) - 1}:ru" in navigation
    finally:
        await dp.stop_polling()
        await asyncio.wait_for(polling, 10)
    assert api.methods("setMyCommands"), "the command list is registered at start-up"
    langs = {call.get("language_code") for call in api.methods("setMyCommands")}
    assert {"kk", "ru", "en"} <= langs
