"""A delivering process killed mid-campaign: restart completes it within the duplicate bound.

The worker is ``python -m bot.bench.broadcast deliver`` (the engine, aiogram's HTTP session and a
SQLite file), talking to the fake Bot API of this test process. The bound under test is the one
written in ``bot/reminders/delivery.py``: duplicates after kill -9 <= requests in flight = the
worker concurrency; after SIGTERM there are none.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

from bot.storage import open_repo
from bot.storage.campaigns import topic_audience
from tests.fake_api import FakeBotAPI

CONCURRENCY = 8
USERS = list(range(1, 301))


async def prepare(path: Path) -> int:
    repo = await open_repo(str(path))
    try:
        await repo.subscriptions.import_subscribers(((uid, "ru") for uid in USERS), "news")
        return await repo.campaigns.create_broadcast(
            {"text": "Announcement"},
            audience=topic_audience("news"),
            language=None,
            created_by=None,
        )
    finally:
        await repo.close()


async def start_worker(
    path: Path, api: FakeBotAPI, campaign_id: int
) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.bench.broadcast",
        "deliver",
        "--db",
        str(path),
        "--api",
        api.base,
        "--campaign",
        str(campaign_id),
        "--rate",
        "400",
        "--concurrency",
        str(CONCURRENCY),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def finish(process: asyncio.subprocess.Process) -> tuple[int, str]:
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, (out + err).decode()


async def stored_state(path: Path, campaign_id: int) -> tuple[str, int, int]:
    repo = await open_repo(str(path))
    try:
        campaign = await repo.campaigns.get(campaign_id)
        counts = await repo.campaigns.counts(campaign_id)
    finally:
        await repo.close()
    assert campaign is not None
    return campaign.status, counts.sending, counts.sent


async def test_kill_9_then_sigterm_then_restart_reaches_everyone_within_the_bound(
    tmp_path: Path,
) -> None:
    path = tmp_path / "crash.sqlite3"
    campaign_id = await prepare(path)
    async with FakeBotAPI(latency=0.02) as api:
        worker = await start_worker(path, api, campaign_id)
        await api.wait_for("sendMessage", count=100, timeout=60)
        worker.kill()
        await worker.wait()
        await asyncio.sleep(0.1)  # requests already on the wire are still answered
        status, in_flight_at_kill, _ = await stored_state(path, campaign_id)
        assert status == "running"
        assert in_flight_at_kill <= CONCURRENCY

        mark = len(api.calls)
        worker = await start_worker(path, api, campaign_id)
        await api.wait_for("sendMessage", count=60, timeout=60, after=mark)
        worker.send_signal(signal.SIGTERM)
        code, output = await finish(worker)
        assert code == 3, output
        status, in_flight, sent = await stored_state(path, campaign_id)
        assert (status, in_flight) == ("running", 0)
        assert sent == len(api.delivered)  # every message that arrived is recorded as sent

        code, output = await finish(await start_worker(path, api, campaign_id))
        assert code == 0, output
        delivered = dict(api.delivered)
    assert all(delivered.get(uid, 0) >= 1 for uid in USERS)
    duplicates = sum(count - 1 for count in delivered.values())
    assert duplicates <= in_flight_at_kill <= CONCURRENCY
    assert await stored_state(path, campaign_id) == ("done", 0, len(USERS))
