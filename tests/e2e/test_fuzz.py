"""2,000 random texts through the real Dispatcher: no exception, always a valid answer."""

from __future__ import annotations

import logging
import random

import pytest
from aiogram import Bot, Dispatcher

from tests.fake_api import Chat, FakeBotAPI
from tests.telegram_html import html_problems

PIECES = [
    "",
    " ",
    "статья",
    "бап",
    "article",
    "Құрылтай",
    "депутат",
    "145",
    "<b>",
    "</i>",
    "&",
    "&amp;",
    "<script>alert(1)</script>",
    "'; DROP TABLE users; --",
    "😀",
    "🇰🇿",
    "\u200b",
    "\u200f",
    "\u202e",
    "\x00",
    "\x07",
    "\ufeff",
    "שלום",
    "مرحبا",
    "ё",
    "ӘҒҚҢӨҰҮҺІ",
    "qūryltai",
    "/",
    "/start",
    "/article",
    "/article 999999999999",
    "%s",
    "{0}",
    "{lang}",
    "\n",
    "\t",
    "ст.",
    "42",
    "president",
    "вице-президент",
    "?",
    "!!!",
    "…",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "ﷺ",
    "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗",
]


def random_text(rng: random.Random) -> str:
    """A text built to break things: mixtures, extremes and control characters."""
    kind = rng.randrange(6)
    if kind == 0:
        return ""
    if kind == 1:
        return "".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 12)))
    if kind == 2:
        codes = (rng.randrange(1, 0x2FFFF) for _ in range(rng.randrange(1, 60)))
        return "".join(chr(c) for c in codes if not 0xD800 <= c <= 0xDFFF)
    if kind == 3:
        return (rng.choice(PIECES) or "я") * 4096
    if kind == 4:
        return "".join(rng.choice("<>&\"'/;") for _ in range(rng.randrange(1, 40)))
    return " ".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 5)))


async def test_two_thousand_random_texts_are_answered(
    dp: Dispatcher, bot: Bot, api: FakeBotAPI, caplog: pytest.LogCaptureFixture
) -> None:
    rng = random.Random(2026)
    # Many users, a few messages each, so the flood throttle does not step in.
    chats = [
        Chat(dp, bot, api, language_code=rng.choice(["kk", "ru", "en", None, "de"]))
        for _ in range(500)
    ]
    failures: list[str] = []
    with caplog.at_level(logging.ERROR):
        for index in range(2000):
            text = random_text(rng)[:4096]
            calls = await chats[index % len(chats)].send(text)
            replies = [c for c in calls if c.method == "sendMessage"]
            if not replies:
                failures.append(f"#{index} {text[:40]!r}: no reply")
                continue
            for reply in replies:
                problems = html_problems(str(reply["text"]))
                if problems:
                    failures.append(f"#{index} {text[:40]!r}: {problems}")
    assert failures == []
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], errors[:3]
