"""Webhook mode: an aiohttp server that checks Telegram's secret token, plus ``/healthz``."""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import TYPE_CHECKING

from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

if TYPE_CHECKING:
    from aiogram import Bot, Dispatcher

    from bot.config import Settings

logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhook"


async def healthz(request: web.Request) -> web.Response:
    """Liveness probe for Docker and orchestrators."""
    return web.json_response({"status": "ok"})


def create_webhook_app(dp: Dispatcher, bot: Bot, settings: Settings) -> web.Application:
    """The aiohttp application; requests without the right secret token are refused (401)."""
    app = web.Application()
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    SimpleRequestHandler(dispatcher=dp, bot=bot, secret_token=secret).register(
        app, path=WEBHOOK_PATH
    )
    app.router.add_get("/healthz", healthz)
    setup_application(app, dp, bot=bot)

    async def on_startup(_: web.Application) -> None:
        url = f"{settings.webhook_url}{WEBHOOK_PATH}" if settings.webhook_url else ""
        await bot.set_webhook(
            url,
            secret_token=secret,
            drop_pending_updates=False,
            allowed_updates=dp.resolve_used_update_types(),
        )

    app.on_startup.append(on_startup)
    return app


async def serve_webhook(dp: Dispatcher, bot: Bot, settings: Settings) -> None:
    """Serve until SIGTERM or SIGINT, then shut down gracefully."""
    app = create_webhook_app(dp, bot, settings)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.webhook_host, settings.webhook_port)
    await site.start()
    logger.info("webhook server on %s:%s", settings.webhook_host, settings.webhook_port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
