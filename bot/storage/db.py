"""One shared aiosqlite connection with WAL, a busy timeout and versioned migrations."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
import sqlite3
from importlib import resources
from pathlib import Path
from typing import Final

import aiosqlite

from bot.errors import StorageError

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS: Final = 10_000
WAL_RETRY_S: Final = 0.02
_MIGRATION_RE: Final = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def utcnow() -> dt.datetime:
    """The current UTC time; one place so tests and storage agree on the format."""
    return dt.datetime.now(dt.UTC)


def iso(moment: dt.datetime) -> str:
    """Store moments as ISO-8601 UTC strings, which sort correctly as text."""
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def list_migrations() -> list[tuple[int, str, str]]:
    """Return (version, name, sql) for every bundled migration, in order."""
    folder = resources.files("bot.storage") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION_RE.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [version for version, _, _ in found]
    if versions != list(range(1, len(found) + 1)):
        raise StorageError(f"migrations must be numbered 1..n without gaps, got {versions}")
    return found


def check_database_path(path: Path) -> None:
    """Fail early with a clear message when the database folder cannot be created or written."""
    if str(path) == ":memory:":
        return
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise StorageError(f"DATABASE_PATH: {folder} is not a folder") from None
    except OSError as exc:
        raise StorageError(f"DATABASE_PATH: cannot create {folder}: {exc.strerror}") from None
    if path.is_dir():
        raise StorageError(f"DATABASE_PATH: {path} is a folder, not a file")
    probe = folder / f".{path.name}.write-test"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise StorageError(f"DATABASE_PATH: cannot write in {folder}: {exc.strerror}") from None


async def connect(path: Path | str) -> aiosqlite.Connection:
    """Open the database, switch on WAL and foreign keys, and apply pending migrations."""
    target = Path(path) if str(path) != ":memory:" else path
    if isinstance(target, Path):
        check_database_path(target)
    try:
        conn = await aiosqlite.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise StorageError(f"DATABASE_PATH: cannot open {path}: {exc}") from None
    conn.row_factory = aiosqlite.Row
    try:
        await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        await _switch_to_wal(conn)
        await conn.execute("PRAGMA synchronous = NORMAL")
        await conn.execute("PRAGMA foreign_keys = ON")
        await migrate(conn)
    except sqlite3.Error as exc:
        await conn.close()
        raise StorageError(f"DATABASE_PATH: {path} cannot be used: {exc}") from None
    return conn


async def _switch_to_wal(conn: aiosqlite.Connection) -> None:
    """Turn on WAL, waiting while another connection holds the file: SQLite answers "database
    is locked" to a journal-mode change at once instead of calling the busy handler, so two
    processes opening a new database together would otherwise fail."""
    waited = 0.0
    while True:
        try:
            await conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or waited * 1000 >= BUSY_TIMEOUT_MS:
                raise
        await asyncio.sleep(WAL_RETRY_S)
        waited += WAL_RETRY_S


async def schema_version(conn: aiosqlite.Connection) -> int:
    """The migration version the database is at."""
    async with conn.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def migrate(conn: aiosqlite.Connection) -> int:
    """Apply every migration above the stored version, each in its own exclusive transaction.

    ``BEGIN IMMEDIATE`` takes the write lock before reading the version, so two processes starting
    on the same file never apply the same step twice.
    """
    applied = 0
    for version, name, sql in list_migrations():
        await conn.execute("BEGIN IMMEDIATE")
        try:
            if await schema_version(conn) >= version:
                await conn.execute("ROLLBACK")
                continue
            for statement in _split_sql(sql):
                await conn.execute(statement)
            await conn.execute(f"PRAGMA user_version = {version}")
            await conn.execute("COMMIT")
        except BaseException:
            await conn.execute("ROLLBACK")
            raise
        logger.info("applied migration %s", name)
        applied += 1
    return applied


def _split_sql(sql: str) -> list[str]:
    """Split a migration into statements (migrations hold no triggers or string semicolons)."""
    lines = [line.split("--", 1)[0] for line in sql.splitlines()]
    return [part.strip() for part in "\n".join(lines).split(";") if part.strip()]
