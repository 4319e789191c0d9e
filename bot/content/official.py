"""Import an official publication of the text: split it into articles by its headings.

Headings understood: «Раздел I» / «I бөлім» / «Section I» (section breaks) and «Статья 5» /
«5-бап» / «Article 5» (articles). Text before the first heading after the title is the preamble.
Malformed input raises :class:`ImportFormatError` and nothing is stored.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Final

from bot.content.models import ARTICLE_COUNT
from bot.errors import ImportFormatError

if TYPE_CHECKING:
    from bot.config import Settings

MAX_FILE_BYTES: Final = 5 * 1024 * 1024

ARTICLE_HEADINGS: Final[dict[str, re.Pattern[str]]] = {
    "ru": re.compile(r"^\s*Статья\s+(\d{1,3})\s*\.?\s*(.*)$", re.IGNORECASE),
    "kk": re.compile(r"^\s*(\d{1,3})\s*-\s*бап\s*\.?\s*(.*)$", re.IGNORECASE),
    "en": re.compile(r"^\s*Article\s+(\d{1,3})\s*\.?\s*(.*)$", re.IGNORECASE),
}
SECTION_HEADINGS: Final[dict[str, re.Pattern[str]]] = {
    "ru": re.compile(r"^\s*Раздел\s+([IVXLC]+|\d+)\b", re.IGNORECASE),
    "kk": re.compile(r"^\s*([IVXLC]+|\d+)\s*-?\s*бөлім\b", re.IGNORECASE),
    "en": re.compile(r"^\s*Section\s+([IVXLC]+|\d+)\b", re.IGNORECASE),
}
PREAMBLE_WORDS: Final = ("преамбула", "preamble", "кіріспе")


def parse_official(text: str, lang: str) -> dict[int, str]:
    """Split an official text into {article number: wording}; 0 is the preamble."""
    if lang not in ARTICLE_HEADINGS:
        raise ImportFormatError(f"language {lang!r} is not one of kk, ru, en")
    article_re, section_re = ARTICLE_HEADINGS[lang], SECTION_HEADINGS[lang]
    articles: dict[int, list[str]] = {}
    preamble: list[str] = []
    current: int | None = None
    seen_section = False
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        match = article_re.match(line)
        if match:
            number = int(match.group(1))
            if not 1 <= number <= ARTICLE_COUNT:
                raise ImportFormatError(f"line {line_no}: article {number} is outside 1–96")
            if number in articles:
                raise ImportFormatError(f"line {line_no}: article {number} appears twice")
            if current is not None and number != current + 1:
                raise ImportFormatError(
                    f"line {line_no}: article {number} follows article {current}"
                )
            current = number
            articles[number] = [match.group(2)] if match.group(2) else []
            continue
        if section_re.match(line):
            seen_section = True
            if current is not None:
                articles[current].append("")
            continue
        if current is None:
            if line.lower().strip(" :.") in PREAMBLE_WORDS:
                continue
            preamble.append(line)
        else:
            articles[current].append(line)
    if not articles:
        raise ImportFormatError(
            "no article headings found (expected lines such as 'Статья 1', '1-бап', 'Article 1')"
        )
    if min(articles) != 1:
        raise ImportFormatError(f"the first article found is {min(articles)}, not 1")
    result: dict[int, str] = {}
    for number, lines in articles.items():
        body = _tidy(lines)
        if not body:
            raise ImportFormatError(f"article {number} has no text")
        result[number] = body
    body = _tidy(preamble[1:] if seen_section or len(preamble) > 1 else preamble)
    if body:
        result[0] = body
    return result


def _tidy(lines: list[str]) -> str:
    text = "\n".join(lines).strip()
    return re.sub(r"\n{3,}", "\n\n", text)


def read_official(path: Path) -> str:
    """Read the publication as UTF-8 text, refusing missing, huge or binary files."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImportFormatError(f"{path}: larger than {MAX_FILE_BYTES // 1024 // 1024} MiB")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportFormatError(f"{path}: file not found") from None
    except UnicodeDecodeError:
        raise ImportFormatError(f"{path}: not UTF-8 text") from None
    return text


async def run(path: Path, lang: str, settings: Settings) -> int:
    """Import ``path`` into the database; print a summary or the reason nothing changed."""
    from bot.storage import open_repo

    text = read_official(path)
    try:
        texts = parse_official(text, lang)
    except ImportFormatError as exc:
        raise ImportFormatError(f"{path}: {exc}; nothing was imported") from None
    repo = await open_repo(str(settings.database_path))
    try:
        await repo.official.replace_language(lang, texts)
    finally:
        await repo.close()
    numbers = sorted(n for n in texts if n)
    missing = ARTICLE_COUNT - len(numbers)
    sys.stdout.write(
        f"imported {len(numbers)} articles"
        + (" and the preamble" if 0 in texts else "")
        + f" ({lang}) into {settings.database_path}"
        + (f"; {missing} articles not in the file" if missing else "")
        + "\n"
    )
    return 0
