"""A terminal console that drives the real Dispatcher and handlers without network or token.

Outgoing Bot API calls are answered locally and printed; inline buttons are numbered so that
typing a number presses one, and any other line is sent as a text message.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
import sys
import time
from collections.abc import AsyncGenerator, Callable
from typing import Any, TextIO

from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import Update

from bot.bench.fake_api import ResultFactory

CONSOLE_TOKEN = "42:CONSOLE"
USER_ID = 1001
_TAG_RE = re.compile(r"<[^>]+>")


def html_to_text(text: str) -> str:
    """Render Telegram HTML as terminal text."""
    return html.unescape(_TAG_RE.sub("", text))


class ConsoleSession(BaseSession):
    """A Bot API session that prints what the bot sends and answers every call locally."""

    def __init__(self, out: TextIO) -> None:
        super().__init__()
        self.out = out
        self.results = ResultFactory()
        self.buttons: dict[int, tuple[str, dict[str, Any]]] = {}
        self.messages: dict[int, dict[str, Any]] = {}
        self._numbers = itertools.count(1)

    async def close(self) -> None:
        """Nothing to close."""

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        """Files are not available in the console."""
        yield b""

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        """Print the call when a person would see it, and return a minimal valid result."""
        name = type(method).__api_method__  # type: ignore[attr-defined]
        params = self._params(method)
        result = self.results.result(name, params)
        if isinstance(result, dict) and "message_id" in result:
            self.messages[result["message_id"]] = result
        self._show(name, params)
        response = self.check_response(
            bot=bot,
            method=method,
            status_code=200,
            content=json.dumps({"ok": True, "result": result}),
        )
        return response.result  # type: ignore[return-value]

    @staticmethod
    def _params(method: TelegramMethod[Any]) -> dict[str, Any]:
        params: dict[str, Any] = {}
        for key in (
            "chat_id",
            "text",
            "message_id",
            "question",
            "callback_query_id",
            "explanation",
            "caption",
            "inline_message_id",
            "show_alert",
        ):
            value = getattr(method, key, None)
            if value is not None and type(value).__name__ != "Default":
                params[key] = value
        markup = getattr(method, "reply_markup", None)
        if markup is not None and hasattr(markup, "model_dump"):
            params["reply_markup"] = markup.model_dump(exclude_none=True)
        options = getattr(method, "options", None)
        if options:
            params["options"] = [getattr(o, "text", o) for o in options]
        if "chat_id" not in params:
            params["chat_id"] = USER_ID
        return params

    def _show(self, name: str, params: dict[str, Any]) -> None:
        lines: list[str] = []
        if name in {"sendMessage", "editMessageText"}:
            prefix = "✎ " if name == "editMessageText" else ""
            lines.append(prefix + html_to_text(str(params.get("text", ""))))
        elif name == "answerCallbackQuery" and params.get("text"):
            lines.append(f"[{params['text']}]")
        elif name == "sendPoll":
            lines.append("📊 " + str(params.get("question", "")))
            lines += [f"   - {option}" for option in params.get("options", [])]
        elif name == "sendDocument":
            lines.append("📎 (document)")
        elif name == "sendPhoto":
            lines.append("🖼 (picture)")
        else:
            return
        keyboard = params.get("reply_markup", {}).get("inline_keyboard", [])
        message_id = params.get("message_id")
        for row in keyboard:
            cells = []
            for button in row:
                number = next(self._numbers)
                self.buttons[number] = (str(button.get("callback_data", "")), button)
                cells.append(f"[{number}] {button.get('text', '')}")
                if message_id is not None:
                    button["_message_id"] = message_id
            lines.append("   ".join(cells))
        self.out.write("\n".join(lines) + "\n\n")
        self.out.flush()


class Console:
    """Turns typed lines into updates for the Dispatcher."""

    def __init__(self, dp: Dispatcher, *, lang: str, out: TextIO) -> None:
        self.session = ConsoleSession(out)
        self.bot = Bot(token=CONSOLE_TOKEN, session=self.session)
        self.dp = dp
        self.lang = lang
        self.out = out
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)

    def _user(self) -> dict[str, Any]:
        return {
            "id": USER_ID,
            "is_bot": False,
            "first_name": "Console",
            "language_code": self.lang,
        }

    def _chat(self) -> dict[str, Any]:
        return {"id": USER_ID, "type": "private", "first_name": "Console"}

    async def send_text(self, text: str) -> None:
        """Send ``text`` as if the user typed it."""
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self._chat(),
            "from": self._user(),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        await self._feed({"message": message})

    async def press(self, number: int) -> None:
        """Press the inline button shown with ``number``."""
        entry = self.session.buttons.get(number)
        if entry is None:
            self.out.write(f"(no button {number})\n\n")
            return
        data, button = entry
        if not data:
            target = button.get("url") or button.get("switch_inline_query") or ""
            self.out.write(f"(this button opens {target!r} outside the console)\n\n")
            return
        message_id = button.get("_message_id")
        message = self.session.messages.get(message_id) if message_id else None
        if message is None:
            message = {
                "message_id": 1,
                "date": int(time.time()),
                "chat": self._chat(),
                "text": "…",
            }
        await self._feed(
            {
                "callback_query": {
                    "id": str(next(self._update_ids)),
                    "from": self._user(),
                    "chat_instance": "console",
                    "message": message,
                    "data": data,
                }
            }
        )

    async def handle_line(self, line: str) -> None:
        """Dispatch one typed line: a number presses a button, anything else is text."""
        stripped = line.strip()
        if stripped.isdigit() and int(stripped) in self.session.buttons:
            await self.press(int(stripped))
        else:
            await self.send_text(line.rstrip("\n"))

    async def _feed(self, payload: dict[str, Any]) -> None:
        update = Update.model_validate({"update_id": next(self._update_ids), **payload})
        await self.dp.feed_update(self.bot, update)


async def run_console(
    dp: Dispatcher,
    *,
    lang: str,
    read_line: Callable[[], str] | None = None,
    out: TextIO = sys.stdout,
) -> None:
    """Run the console until end of input or ``/quit``."""
    console = Console(dp, lang=lang, out=out)
    interactive = read_line is None and sys.stdin.isatty()
    reader = read_line or sys.stdin.readline
    await dp.emit_startup(bot=console.bot)
    try:
        await console.send_text("/start")
        loop = asyncio.get_running_loop()
        while True:
            if interactive:
                out.write("> ")
                out.flush()
            line = await loop.run_in_executor(None, reader)
            if not line or line.strip() in {"/quit", "/exit"}:
                break
            if not line.strip():
                continue
            if not interactive:
                out.write(f"> {line.rstrip()}\n")
            await console.handle_line(line)
    finally:
        await dp.emit_shutdown(bot=console.bot)
