"""Invalid configuration stops start-up with one line naming the problem and exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TOKEN = "123456:SECRET-TOKEN-VALUE"


def run_bot(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BOT_", "ADMIN_", "DATABASE_", "WEBHOOK_", "TELEGRAM_"))
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_missing_token_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run_bot(tmp_path, "run")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "BOT_TOKEN" in lines[0]
    assert "Traceback" not in result.stderr


def test_database_path_under_a_regular_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_bot(
        tmp_path, "run", BOT_TOKEN=TOKEN, DATABASE_PATH=str(blocker / "db" / "a.sqlite3")
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "DATABASE_PATH" in lines[0]
    assert TOKEN not in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ADMIN_IDS", "abc"),
        ("DEFAULT_LANGUAGE", "de"),
        ("TIMEZONE", "Mars/Olympus"),
        ("BROADCAST_RATE", "-3"),
        ("TELEGRAM_API_BASE", "ftp://example"),
        ("WEBHOOK_PORT", "70000"),
    ],
)
def test_invalid_value_names_the_variable(tmp_path: Path, name: str, value: str) -> None:
    result = run_bot(tmp_path, "run", BOT_TOKEN=TOKEN, **{name: value})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: {name}")
    assert TOKEN not in result.stderr


def test_webhook_without_secret_is_refused(tmp_path: Path) -> None:
    result = run_bot(tmp_path, "run", BOT_TOKEN=TOKEN, WEBHOOK_URL="https://bot.example.kz")
    assert result.returncode == 2
    assert "WEBHOOK_SECRET" in result.stderr


def test_broken_content_names_file_and_field(tmp_path: Path) -> None:
    from bot.resources import content_dir

    broken = tmp_path / "content"
    import shutil

    shutil.copytree(content_dir(), broken)
    qa_file = sorted((broken / "qa").glob("*.yaml"))[0]
    text = qa_file.read_text(encoding="utf-8")
    qa_file.write_text(text.replace("topic: ", "topic: no_such_topic_", 1), encoding="utf-8")
    result = run_bot(tmp_path, "run", BOT_TOKEN=TOKEN, CONTENT_DIR=str(broken))
    assert result.returncode == 2
    assert qa_file.name in result.stderr
    assert "topic" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("file_name", "item_id"),
    [("myths.yaml", "myth_land_to_foreigners"), ("qa/power.yaml", "president_term")],
)
def test_an_unknown_related_entry_names_file_item_and_field(
    tmp_path: Path, file_name: str, item_id: str
) -> None:
    import re
    import shutil

    from bot.content.loader import load_catalog
    from bot.errors import ContentError
    from bot.resources import content_dir

    broken = tmp_path / "content"
    shutil.copytree(content_dir(), broken)
    path = broken / file_name
    text = path.read_text(encoding="utf-8")
    start = text.index(f"id: {item_id}\n")
    related = re.compile(r"    related: \[")
    at = related.search(text, start)
    assert at is not None
    path.write_text(text[: at.end()] + "no_such_entry, " + text[at.end() :], encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_catalog(broken)
    assert any(
        file_name in problem
        and f"id={item_id}" in problem
        and "field related: unknown entry 'no_such_entry'" in problem
        for problem in caught.value.problems
    )
