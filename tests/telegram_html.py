"""A checker for Telegram's HTML parse mode: only its tags, balanced, only its entities."""

from __future__ import annotations

import re
from html.parser import HTMLParser

ALLOWED = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-spoiler",
    "span",
    "tg-emoji",
}
_ENTITY_RE = re.compile(r"&(?!(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            self.errors.append(f"tag <{tag}> not allowed")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unbalanced </{tag}>")
            return
        self.stack.pop()


def html_problems(text: str) -> list[str]:
    """Problems Telegram would reject in ``text`` (empty list when it is fine)."""
    problems = []
    if _ENTITY_RE.search(text):
        problems.append("bare & not escaped")
    if "<" in re.sub(r"</?[a-z-]+(\s[^<>]*)?>", "", text):
        problems.append("bare < not escaped")
    checker = _Checker()
    checker.feed(text)
    checker.close()
    problems += checker.errors
    if checker.stack:
        problems.append(f"unclosed {checker.stack}")
    if not text.strip():
        problems.append("empty text")
    if len(text) > 4096:
        problems.append(f"{len(text)} characters")
    return problems
