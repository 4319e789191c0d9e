"""Gettext catalogs: every language has every message, and code uses only known keys."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from babel.messages.pofile import read_po

from bot.content.models import LANGS
from bot.resources import locales_dir

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def load(lang: str) -> dict[str, str]:
    with (locales_dir() / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    out = {}
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        value = message.string if isinstance(message.string, str) else message.string[0]
        out[key] = value
    return out


def test_every_language_has_the_same_messages_all_translated() -> None:
    catalogs = {lang: load(lang) for lang in LANGS}
    keys = set(catalogs["en"])
    for lang, catalog in catalogs.items():
        assert set(catalog) == keys, f"{lang}: {sorted(set(catalog) ^ keys)[:10]}"
        empty = [key for key, value in catalog.items() if not value.strip()]
        assert empty == [], f"{lang}: untranslated {empty[:10]}"


def test_placeholders_match_across_languages() -> None:
    catalogs = {lang: load(lang) for lang in LANGS}
    for key, english in catalogs["en"].items():
        expected = sorted(PLACEHOLDER.findall(english))
        for lang in ("kk", "ru"):
            assert sorted(PLACEHOLDER.findall(catalogs[lang][key])) == expected, (lang, key)


def used_keys() -> set[str]:
    keys: set[str] = set()
    for folder in ("handlers", "bot"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in {"_", "__", "gettext", "lazy_gettext"}
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    keys.add(node.args[0].value)
    return keys


def test_code_uses_only_keys_that_exist() -> None:
    known = set(load("en"))
    missing = sorted(used_keys() - known)
    assert missing == []
