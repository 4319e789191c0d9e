"""The terminal console and ``ask`` as a newcomer and a curator use them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(tmp_path: Path, args: list[str], stdin: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "DATABASE_PATH"}}
    env["DATABASE_PATH"] = str(tmp_path / "console.sqlite3")
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
        check=False,
    )


@pytest.mark.parametrize(
    ("lang", "question", "word"),
    [
        ("ru", "сколько депутатов в курултае", "Стать"),
        ("kk", "құрылтайда неше депутат бар", "бап"),
        ("en", "how many deputies are in the kurultai", "Art"),
    ],
)
def test_console_answers_kurultai_size(
    tmp_path: Path, lang: str, question: str, word: str
) -> None:
    result = run(tmp_path, ["console", "--lang", lang], f"{question}\n")
    assert result.returncode == 0, result.stderr
    answer = result.stdout.split(f"> {question}", 1)[1]
    assert "145" in answer
    assert word in answer
    assert "[" in answer  # numbered buttons


def test_console_number_presses_a_button(tmp_path: Path) -> None:
    result = run(tmp_path, ["console", "--lang", "ru"], "сколько депутатов в курултае\n")
    numbers = [
        line.split("]")[0].strip("[")
        for line in result.stdout.split("> сколько", 1)[1].splitlines()
        if line.startswith("[") and "Ст." in line
    ]
    assert numbers
    second = run(
        tmp_path, ["console", "--lang", "ru"], f"сколько депутатов в курултае\n{numbers[0]}\n"
    )
    assert "Статья" in second.stdout.split(f"> {numbers[0]}", 1)[1]


def test_console_without_token_starts_by_default(tmp_path: Path) -> None:
    result = run(tmp_path, [], "/help\n")
    assert result.returncode == 0, result.stderr
    assert "/article" in result.stdout


def test_ask_reads_stdin_and_writes_json_lines(tmp_path: Path) -> None:
    questions = "сколько депутатов в курултае\nкакая погода в алматы\n"
    result = run(tmp_path, ["ask", "--lang", "ru"], questions)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["question"] for r in records] == questions.split("\n")[:2]
    first, second = records
    assert set(first) >= {"question", "lang", "status", "answer", "entry_id", "score", "articles"}
    assert first["status"] == "answer"
    assert "145" in first["answer"]
    assert first["articles"]
    assert second["status"] == "none"
    assert second["answer"] is None


def test_ask_json_single_question(tmp_path: Path) -> None:
    result = run(tmp_path, ["ask", "article 9", "--json"], "")
    record = json.loads(result.stdout)
    assert record["articles"] == [9]
    assert record["entry_id"] == "a9"
