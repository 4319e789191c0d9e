"""The official-text importer splits publications by their headings and refuses bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings
from bot.content.official import parse_official, run
from bot.errors import ImportFormatError
from bot.storage import open_repo

DATA = Path(__file__).resolve().parents[1] / "data" / "official"


def test_russian_sample_is_split_into_preamble_and_articles() -> None:
    texts = parse_official((DATA / "ru_sample.txt").read_text(encoding="utf-8"), "ru")
    assert sorted(texts) == [0, 1, 2, 3]
    assert texts[1].startswith("Первая тестовая статья")
    assert "Пункт два" in texts[1]
    assert "Раздел" not in texts[2]
    assert "вторая строка" in texts[0]


def test_kazakh_headings_are_understood() -> None:
    texts = parse_official((DATA / "kk_sample.txt").read_text(encoding="utf-8"), "kk")
    assert sorted(texts) == [1, 2]
    assert "Екінші" in texts[2]


@pytest.mark.parametrize(
    ("text", "lang", "message"),
    [
        ((DATA / "en_broken.txt").read_text(encoding="utf-8"), "en", "follows article 1"),
        ("just some words\nand more", "ru", "no article headings"),
        ("Статья 1\nтекст\nСтатья 1\nещё", "ru", "appears twice"),
        ("Статья 120\nтекст", "ru", "outside"),
        ("Article 1\n", "en", "has no text"),
    ],
)
def test_malformed_text_is_refused(text: str, lang: str, message: str) -> None:
    with pytest.raises(ImportFormatError, match=message):
        parse_official(text, lang)


async def test_failed_import_changes_nothing(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, database_path=tmp_path / "db.sqlite3")  # type: ignore[call-arg]
    assert await run(DATA / "ru_sample.txt", "ru", settings) == 0
    with pytest.raises(ImportFormatError, match="nothing was imported"):
        await run(DATA / "en_broken.txt", "ru", settings)
    repo = await open_repo(str(settings.database_path))
    try:
        assert await repo.official.count("ru") == 4
        wording = await repo.official.get("ru", 2)
        assert wording == "Текст второй тестовой статьи."
    finally:
        await repo.close()
