"""Liveness for Docker: the running bot touches a heartbeat file; ``health`` checks it."""

from __future__ import annotations

import asyncio
import time
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from bot.config import Settings

BEAT_SECONDS: Final = 20
STALE_SECONDS: Final = 90


def heartbeat_path(settings: Settings) -> Path:
    """The heartbeat file lives beside the database (on the data volume)."""
    return settings.database_path.with_name("heartbeat")


async def beat(settings: Settings) -> None:
    """Touch the heartbeat file while the event loop is alive."""
    path = heartbeat_path(settings)
    while True:
        path.write_text(str(int(time.time())), encoding="ascii")
        await asyncio.sleep(BEAT_SECONDS)


def check_health(settings: Settings) -> int:
    """0 when healthy: ``/healthz`` answers in webhook mode, or the heartbeat is fresh."""
    if settings.webhook_url:
        url = f"http://127.0.0.1:{settings.webhook_port}/healthz"
        try:
            with urllib.request.urlopen(url, timeout=3) as response:
                return 0 if response.status == 200 else 1
        except OSError:
            return 1
    try:
        age = time.time() - heartbeat_path(settings).stat().st_mtime
    except OSError:
        return 1
    return 0 if age < STALE_SECONDS else 1
