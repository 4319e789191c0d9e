"""Test helpers over the fake Bot API: build updates and read what the bot sent."""

from __future__ import annotations

import itertools
import time
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update

from bot.bench.fake_api import BOT_USER, Call, FakeBotAPI, Limits

__all__ = ["BOT_USER", "Call", "Chat", "FakeBotAPI", "Limits", "buttons_of"]

_ids = itertools.count(1)


def buttons_of(call: Call) -> list[dict[str, Any]]:
    """Inline buttons of a recorded call, flattened."""
    markup = call.get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]


class Chat:
    """A private chat with one user, driving the real Dispatcher through the real HTTP session.

    Every update goes through ``dp.feed_update`` with a Bot whose aiohttp session talks to the
    fake server, so requests are real HTTP and results are parsed by aiogram itself.
    """

    def __init__(
        self,
        dp: Dispatcher,
        bot: Bot,
        api: FakeBotAPI,
        *,
        user_id: int | None = None,
        language_code: str | None = "ru",
        chat_id: int | None = None,
        chat_type: str = "private",
    ) -> None:
        self.dp, self.bot, self.api = dp, bot, api
        self.user_id = user_id or 10_000 + next(_ids)
        self.chat_id = chat_id or self.user_id
        self.chat_type = chat_type
        self.language_code = language_code

    def user(self) -> dict[str, Any]:
        """The Telegram user object of this chat's user."""
        user: dict[str, Any] = {"id": self.user_id, "is_bot": False, "first_name": "Test"}
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def chat(self) -> dict[str, Any]:
        """The Telegram chat object."""
        if self.chat_type == "private":
            return {"id": self.chat_id, "type": "private", "first_name": "Test"}
        return {"id": self.chat_id, "type": self.chat_type, "title": "Class 9B"}

    def message(self, text: str | None = None, **extra: Any) -> dict[str, Any]:
        """A message update payload."""
        message: dict[str, Any] = {
            "message_id": next(_ids),
            "date": int(time.time()),
            "chat": self.chat(),
            "from": self.user(),
        }
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                command = text.split()[0]
                message["entities"] = [
                    {"type": "bot_command", "offset": 0, "length": len(command)}
                ]
        message.update(extra)
        return {"update_id": next(_ids), "message": message}

    async def feed(self, payload: dict[str, Any]) -> list[Call]:
        """Feed one update and return the Bot API calls it caused."""
        start = len(self.api.calls)
        await self.dp.feed_update(self.bot, Update.model_validate(payload))
        return self.api.calls[start:]

    async def send(self, text: str | None = None, **extra: Any) -> list[Call]:
        """The user sends a message."""
        return await self.feed(self.message(text, **extra))

    async def click(
        self,
        data: str,
        *,
        message: dict[str, Any] | None = None,
        user: dict[str, Any] | None = None,
    ) -> list[Call]:
        """The user presses an inline button carrying ``data``."""
        carrier = message or {
            "message_id": next(_ids),
            "date": int(time.time()),
            "chat": self.chat(),
            "from": BOT_USER,
            "text": "…",
        }
        payload = {
            "update_id": next(_ids),
            "callback_query": {
                "id": str(next(_ids)),
                "from": user or self.user(),
                "chat_instance": "ci",
                "message": carrier,
                "data": data,
            },
        }
        return await self.feed(payload)

    async def click_button(self, call: Call, predicate: str) -> list[Call]:
        """Press the first button of ``call`` whose text or data contains ``predicate``."""
        for button in buttons_of(call):
            if predicate in button.get("text", "") or predicate in button.get("callback_data", ""):
                message = {
                    "message_id": 999,
                    "date": int(time.time()),
                    "chat": self.chat(),
                    "from": BOT_USER,
                    "text": str(call.get("text", "…")),
                    "reply_markup": call.get("reply_markup"),
                }
                return await self.click(button.get("callback_data", ""), message=message)
        texts = [b.get("text") for b in buttons_of(call)]
        raise AssertionError(f"no button matching {predicate!r}; buttons: {texts}")
