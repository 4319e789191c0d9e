"""Storage: migrations from empty, restarts, and two processes on one file."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.errors import StorageError
from bot.storage import open_repo
from bot.storage.db import connect, list_migrations, schema_version


async def test_stairway_applies_every_migration_from_empty() -> None:
    conn = await connect(":memory:")
    try:
        assert await schema_version(conn) == len(list_migrations())
    finally:
        await conn.close()


async def test_migrations_are_idempotent_and_data_survives_restart(tmp_path: Path) -> None:
    path = str(tmp_path / "bot.sqlite3")
    repo = await open_repo(path)
    await repo.users.touch(1, "kk")
    await repo.users.set_language(1, "kk")
    await repo.close()
    repo = await open_repo(path)
    try:
        user = await repo.users.get(1)
        assert user is not None
        assert user.language == "kk"
    finally:
        await repo.close()


async def test_wal_mode_is_on(tmp_path: Path) -> None:
    conn = await connect(tmp_path / "wal.sqlite3")
    try:
        async with conn.execute("PRAGMA journal_mode") as cursor:
            row = await cursor.fetchone()
        assert row[0] == "wal"
    finally:
        await conn.close()


async def test_two_connections_write_concurrently_without_loss(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.sqlite3")
    first, second = await asyncio.gather(open_repo(path), open_repo(path))
    try:

        async def write(repo_index: int) -> None:
            repo = first if repo_index == 0 else second
            for i in range(100):
                await repo.users.touch(repo_index * 1000 + i, "ru")

        await asyncio.gather(write(0), write(1))
        assert await first.users.count() == 200
    finally:
        await first.close()
        await second.close()


async def test_unwritable_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "plain-file"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="DATABASE_PATH"):
        await connect(blocker / "sub" / "db.sqlite3")


async def test_forget_deletes_the_user(tmp_path: Path) -> None:
    repo = await open_repo(str(tmp_path / "f.sqlite3"))
    try:
        await repo.users.touch(5, "en")
        await repo.users.delete(5)
        assert await repo.users.get(5) is None
    finally:
        await repo.close()
