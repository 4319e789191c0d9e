"""Grouping declined questions by similarity, and their CSV export."""

from __future__ import annotations

import csv
import io

from bot.curation.export import HEADER, groups_to_csv, safe_cell
from bot.curation.grouping import AskedText, group_similar


def asked(*texts: str, lang: str = "ru") -> list[AskedText]:
    return [
        AskedText(text, lang, f"2026-11-{10 + i:02d}T10:00:00+00:00")
        for i, text in enumerate(texts)
    ]


def test_repeats_and_near_repeats_form_one_group() -> None:
    groups = group_similar(
        asked(
            "Когда выборы в Курултай?",
            "когда выборы в курултай",
            "Когда выборы в Курултай",
            "Когда выбры в Курултай?",  # a typo
            "Курултай выборы когда?",  # another word order
            "Сколько стоит паспорт?",
        )
    )
    assert [group.count for group in groups] == [5, 1]
    first = groups[0]
    assert first.text == "Когда выборы в Курултай?"
    assert first.similar == 2
    assert set(first.variants) == {"Когда выбры в Курултай?", "Курултай выборы когда?"}
    assert first.last_asked == "2026-11-14T10:00:00+00:00"
    assert groups[1].text == "Сколько стоит паспорт?"


def test_different_questions_stay_apart_and_empty_ones_are_skipped() -> None:
    groups = group_similar(asked("Кто такой аким?", "Что такое маслихат?", "😀😀", "  ", "???"))
    assert sorted(group.text for group in groups) == ["Кто такой аким?", "Что такое маслихат?"]


def test_languages_are_counted_and_limit_applies() -> None:
    items = asked("Сайлау қашан?", "сайлау қашан", lang="kk") + asked("сайлау қашан?", lang="ru")
    items += asked("What is a referendum?", lang="en")
    groups = group_similar(items, limit=1)
    assert len(groups) == 1
    assert groups[0].count == 3
    assert groups[0].langs == {"kk": 2, "ru": 1}


def test_no_questions_no_groups() -> None:
    assert group_similar([]) == []


def test_csv_has_header_bom_and_neutralised_formulas() -> None:
    groups = group_similar(asked("=HYPERLINK(1)", "=HYPERLINK(1)", "Кто такой аким?"))
    data = groups_to_csv(groups)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == HEADER
    assert rows[1][:2] == ["2", "'=HYPERLINK(1)"]
    assert rows[2][:2] == ["1", "Кто такой аким?"]
    assert rows[2][3] == "ru"


def test_safe_cell_leaves_plain_text_alone() -> None:
    assert safe_cell("Кто такой аким?") == "Кто такой аким?"
    assert safe_cell("-1") == "'-1"
    assert safe_cell("@user") == "'@user"
