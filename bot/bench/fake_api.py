"""A local fake of the Telegram Bot API on 127.0.0.1 for tests and benchmarks.

aiogram's real HTTP session talks to it through ``TELEGRAM_API_BASE``: it records every method
call, serves ``getUpdates`` from a queue (long polling included) and answers other methods with
minimal valid objects. ``limits`` makes it behave like a busy Telegram: a global rate, one
message per second per chat, blocked chats and random server errors.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_USER: dict[str, Any] = {
    "id": 4242,
    "is_bot": True,
    "first_name": "AtaZan",
    "username": "AtaZanBot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}

_SENDING = frozenset(
    {"sendMessage", "sendPoll", "sendDocument", "sendPhoto", "copyMessage", "forwardMessage"}
)


@dataclass
class Call:
    """One recorded Bot API request."""

    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)

    def __getitem__(self, key: str) -> Any:
        return self.params[key]

    def get(self, key: str, default: Any = None) -> Any:
        """Parameter value or ``default``."""
        return self.params.get(key, default)


@dataclass
class Limits:
    """Telegram-like limits; all off by default."""

    global_rate: float | None = None  # requests per second for sending methods
    per_chat_interval: float | None = None  # seconds between two messages to one chat
    blocked_chats: frozenset[int] = frozenset()
    missing_chats: frozenset[int] = frozenset()  # answered 400 "chat not found"
    error_ratio: float = 0.0  # share of sends answered 500
    retry_after: int = 1
    seed: int = 7


class FakeBotAPI:
    """The fake server; use as ``async with FakeBotAPI() as api: ... api.base``."""

    def __init__(self, *, limits: Limits | None = None, latency: float = 0.0) -> None:
        self.calls: list[Call] = []
        self.limits = limits or Limits()
        self.latency = latency
        self.updates: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.delivered: defaultdict[int, int] = defaultdict(int)  # chat id -> successful sends
        self.status_counts: defaultdict[int, int] = defaultdict(int)
        self.overrides: dict[str, Any] = {}
        self.results = ResultFactory()
        self._update_ids = itertools.count(1)
        self._sent_window: deque[float] = deque()
        self._last_per_chat: dict[int, float] = {}
        self._random = random.Random(self.limits.seed)
        self._runner: web.AppRunner | None = None
        self._new_call = asyncio.Condition()
        self.port = 0

    @property
    def base(self) -> str:
        """The value for ``TELEGRAM_API_BASE``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def group_admins(self) -> set[int]:
        """User ids that getChatMember reports as group creators."""
        return self.results.group_admins

    async def __aenter__(self) -> FakeBotAPI:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/file/bot{token}/{path:.*}", self._file)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    # -- feeding updates -------------------------------------------------------------------

    def push(self, update: dict[str, Any]) -> int:
        """Queue an update for ``getUpdates``; returns its update_id."""
        update = dict(update)
        update.setdefault("update_id", next(self._update_ids))
        self.updates.put_nowait(update)
        return int(update["update_id"])

    # -- inspecting calls ------------------------------------------------------------------

    def methods(self, name: str) -> list[Call]:
        """All recorded calls of one method."""
        return [call for call in self.calls if call.method == name]

    async def wait_for(
        self, method: str, *, count: int = 1, timeout: float = 5.0, after: int = 0
    ) -> list[Call]:
        """Wait until ``count`` calls of ``method`` arrived after call index ``after``."""
        deadline = time.monotonic() + timeout
        async with self._new_call:
            while True:
                found = [c for c in self.calls[after:] if c.method == method]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [c.method for c in self.calls[after:]]
                    raise TimeoutError(f"{count}x {method} not seen; calls: {seen}")
                try:
                    await asyncio.wait_for(self._new_call.wait(), remaining)
                except TimeoutError:
                    continue

    # -- HTTP ------------------------------------------------------------------------------

    async def _file(self, request: web.Request) -> web.Response:
        return web.Response(body=b"file-content")

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            body = await request.json()
            params.update(body or {})
            return params
        if request.method == "POST":
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    params[key] = {"filename": value.filename, "content": value.file.read()}
                    continue
                params[key] = _maybe_json(str(value))
        return params

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        if method != "getUpdates":
            call = Call(method, params)
            self.calls.append(call)
            async with self._new_call:
                self._new_call.notify_all()
        if self.latency:
            await asyncio.sleep(self.latency)
        if method == "getUpdates":
            return await self._get_updates(params)
        limited = self._check_limits(method, params)
        if limited is not None:
            return limited
        override = self.overrides.get(method)
        if callable(override):
            result = override(params)
        elif override is not None:
            result = override
        else:
            result = self._result(method, params)
        if isinstance(result, web.Response):
            return result
        self.status_counts[200] += 1
        if method in _SENDING:
            chat = _int(params.get("chat_id"))
            if chat is not None:
                self.delivered[chat] += 1
        return web.json_response({"ok": True, "result": result})

    async def _get_updates(self, params: dict[str, Any]) -> web.Response:
        timeout = float(params.get("timeout") or 0)
        batch: list[dict[str, Any]] = []
        try:
            if self.updates.empty() and timeout > 0:
                batch.append(await asyncio.wait_for(self.updates.get(), min(timeout, 1.0)))
            while not self.updates.empty() and len(batch) < 100:
                batch.append(self.updates.get_nowait())
        except TimeoutError:
            pass
        return web.json_response({"ok": True, "result": batch})

    def _check_limits(self, method: str, params: dict[str, Any]) -> web.Response | None:
        limits = self.limits
        if method not in _SENDING:
            return None
        chat = _int(params.get("chat_id"))
        now = time.monotonic()
        if chat is not None and chat in limits.blocked_chats:
            return self._error(403, "Forbidden: bot was blocked by the user")
        if chat is not None and chat in limits.missing_chats:
            return self._error(400, "Bad Request: chat not found")
        if limits.global_rate:
            while self._sent_window and now - self._sent_window[0] > 1.0:
                self._sent_window.popleft()
            if len(self._sent_window) >= limits.global_rate:
                return self._error(429, "Too Many Requests", retry_after=limits.retry_after)
        if limits.per_chat_interval and chat is not None:
            last = self._last_per_chat.get(chat)
            if last is not None and now - last < limits.per_chat_interval:
                return self._error(429, "Too Many Requests", retry_after=limits.retry_after)
        if limits.error_ratio and self._random.random() < limits.error_ratio:
            return self._error(500, "Internal Server Error")
        if limits.global_rate:
            self._sent_window.append(now)
        if chat is not None:
            self._last_per_chat[chat] = now
        return None

    def _error(
        self, code: int, description: str, *, retry_after: int | None = None
    ) -> web.Response:
        self.status_counts[code] += 1
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if retry_after is not None:
            body["description"] = f"Too Many Requests: retry after {retry_after}"
            body["parameters"] = {"retry_after": retry_after}
        return web.json_response(body, status=code)

    def _message(self, params: dict[str, Any], **extra: Any) -> dict[str, Any]:
        return self.results.message(params, **extra)

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        return self.results.result(method, params)


class ResultFactory:
    """Minimal valid Bot API results for each method, shared by the fake server and the console."""

    def __init__(self) -> None:
        self._message_ids = itertools.count(1000)
        self.group_admins: set[int] = set()

    def message(self, params: dict[str, Any], **extra: Any) -> dict[str, Any]:
        """A Message object echoing what was sent."""
        chat_id = _int(params.get("chat_id")) or 0
        chat_type = "private" if chat_id > 0 else "supergroup"
        message: dict[str, Any] = {
            "message_id": _int(params.get("message_id")) or next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": chat_type, "title": None if chat_id > 0 else "Group"},
            "from": BOT_USER,
        }
        if "text" in params:
            message["text"] = str(params["text"])
        if (
            isinstance(params.get("reply_markup"), dict)
            and "inline_keyboard" in params["reply_markup"]
        ):
            message["reply_markup"] = params["reply_markup"]
        message.update(extra)
        return message

    def result(self, method: str, params: dict[str, Any]) -> Any:
        """The result object for ``method`` called with ``params``."""
        if method == "getMe":
            return BOT_USER
        if method in {"sendMessage", "copyMessage", "forwardMessage"}:
            return self.message(params)
        if method in {"editMessageText", "editMessageReplyMarkup"}:
            if "inline_message_id" in params:
                return True
            return self.message(params)
        if method == "sendPoll":
            options = params.get("options") or []
            poll = {
                "id": f"poll{next(self._message_ids)}",
                "question": params.get("question", ""),
                "options": [
                    {
                        "persistent_id": str(index),
                        "text": o["text"] if isinstance(o, dict) else str(o),
                        "voter_count": 0,
                    }
                    for index, o in enumerate(options)
                ],
                "total_voter_count": 0,
                "is_closed": False,
                "is_anonymous": bool(params.get("is_anonymous", True)),
                "type": params.get("type", "regular"),
                "allows_multiple_answers": False,
                "allows_revoting": False,
                "members_only": False,
            }
            return self.message(params, poll=poll)
        if method == "stopPoll":
            return {
                "id": "poll",
                "question": "",
                "options": [],
                "total_voter_count": 0,
                "is_closed": True,
                "is_anonymous": False,
                "type": "quiz",
                "allows_multiple_answers": False,
                "allows_revoting": False,
                "members_only": False,
            }
        if method == "sendDocument":
            document = {"file_id": "doc1", "file_unique_id": "doc1u", "file_name": "file"}
            return self.message(params, document=document)
        if method == "sendPhoto":
            photo = [{"file_id": "ph1", "file_unique_id": "ph1u", "width": 1, "height": 1}]
            return self.message(params, photo=photo)
        if method == "getChatMember":
            status = "creator" if _int(params.get("user_id")) in self.group_admins else "member"
            user = {"id": _int(params.get("user_id")) or 0, "is_bot": False, "first_name": "U"}
            if status == "creator":
                return {"status": status, "user": user, "is_anonymous": False}
            return {"status": status, "user": user}
        if method == "getChatAdministrators":
            return [
                {
                    "status": "creator",
                    "is_anonymous": False,
                    "user": {"id": uid, "is_bot": False, "first_name": "Admin"},
                }
                for uid in sorted(self.group_admins)
            ]
        if method == "getWebhookInfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        if method == "getMyCommands":
            return []
        return True


def _maybe_json(value: str) -> Any:
    if value[:1] in {"{", "["} or value in {"true", "false", "null"}:
        try:
            return json.loads(value)
        except ValueError:
            return value
    if value.lstrip("-").isdigit():
        return int(value)
    return value


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
