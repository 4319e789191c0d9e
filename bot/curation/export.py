"""CSV export of grouped questions, safe to open in Excel or Google Sheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from bot.curation.grouping import QuestionGroup

HEADER: Final = ("count", "question", "similar_wordings", "languages", "last_asked")
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """Neutralise text a spreadsheet would run as a formula (users' questions are untrusted)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def groups_to_csv(groups: Sequence[QuestionGroup]) -> bytes:
    """One row per group; UTF-8 with a BOM so spreadsheets detect the Cyrillic text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for group in groups:
        langs = ", ".join(lang for lang, _count in group.langs.most_common())
        writer.writerow(
            (
                group.count,
                safe_cell(group.text),
                safe_cell(" | ".join(group.variants)),
                langs,
                group.last_asked,
            )
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
