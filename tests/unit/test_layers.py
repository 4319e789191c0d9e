"""The core in bot/ stays free of aiogram, so it can be tested and reused without Telegram."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {"app.py", "__main__.py", "console.py", "webhook.py"}
ALLOWED_DIRS = {"telegram", "bench"}


def test_core_modules_do_not_import_aiogram() -> None:
    offenders = []
    for path in (ROOT / "bot").rglob("*.py"):
        relative = path.relative_to(ROOT / "bot")
        if relative.name in ALLOWED and len(relative.parts) == 1:
            continue
        if relative.parts[0] in ALLOWED_DIRS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name.split(".")[0] == "aiogram" for name in names):
                offenders.append(str(relative))
    assert offenders == []


SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET)\b")


def test_sql_lives_only_in_the_storage_layer() -> None:
    offenders = []
    for folder in ("handlers", "bot"):
        for path in (ROOT / folder).rglob("*.py"):
            if "storage" in path.relative_to(ROOT).parts:
                continue
            if SQL.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
