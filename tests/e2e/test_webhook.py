"""Webhook mode: Telegram's secret token is checked and /healthz answers."""

from __future__ import annotations

import time
from pathlib import Path

import aiohttp
from aiogram import Bot, Dispatcher
from aiohttp import web

from bot.config import Settings
from bot.webhook import WEBHOOK_PATH, create_webhook_app
from tests.fake_api import FakeBotAPI

SECRET = "s3cret-Token_1"


def _update() -> dict[str, object]:
    user = {"id": 9001, "is_bot": False, "first_name": "W", "language_code": "en"}
    return {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "text": "/help",
            "from": user,
            "chat": {"id": 9001, "type": "private", "first_name": "W"},
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
        },
    }


async def test_webhook_refuses_requests_without_the_secret(
    dp: Dispatcher, bot: Bot, api: FakeBotAPI, tmp_path: Path
) -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        bot_token="1:x",
        webhook_url="https://bot.example.kz",
        webhook_secret=SECRET,
        database_path=tmp_path / "w.sqlite3",
    )
    app = create_webhook_app(dp, bot, settings)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/healthz") as response:
                assert response.status == 200
            async with http.post(f"{base}{WEBHOOK_PATH}", json=_update()) as response:
                assert response.status == 401
            headers = {"X-Telegram-Bot-Api-Secret-Token": "wrong"}
            async with http.post(f"{base}{WEBHOOK_PATH}", json=_update(), headers=headers) as r:
                assert r.status == 401
            assert api.methods("sendMessage") == []
            headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            async with http.post(f"{base}{WEBHOOK_PATH}", json=_update(), headers=headers) as r:
                assert r.status == 200
        [help_message] = await api.wait_for("sendMessage")
        assert "/article" in help_message["text"]
        [webhook] = api.methods("setWebhook")
        assert webhook["url"] == "https://bot.example.kz/webhook"
        assert webhook["secret_token"] == SECRET
        assert {"message", "callback_query", "inline_query", "poll_answer"} <= set(
            webhook["allowed_updates"]
        )
    finally:
        await runner.cleanup()
