"""Curator commands through the real Dispatcher: /stats, /unanswered, /reload and refusals."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from aiogram import Bot, Dispatcher
from aiogram.utils.i18n import I18n

from bot.app import ContentReloader, create_dispatcher
from bot.config import Settings
from bot.curation.chart import LAST_BAR
from bot.resources import content_dir, locales_dir
from tests.conftest import ADMIN_ID
from tests.fake_api import Call, Chat, FakeBotAPI
from tests.telegram_html import html_problems
from tests.unit.test_curator_chart import read_png

if TYPE_CHECKING:
    from bot.content.catalog import Catalog
    from bot.search.engine import SearchEngine
    from bot.storage import Repo

ADMIN_COMMANDS = ("/stats", "/unanswered", "/reload")


@pytest.fixture(autouse=True)
def fast_fingers(dp: Dispatcher) -> None:
    """Tests tap faster than people; the flood guard has its own tests."""
    dp["throttle"].enabled = False


def messages(calls: list[Call]) -> list[str]:
    return [str(c["text"]) for c in calls if c.method == "sendMessage"]


def only(calls: list[Call], method: str) -> Call:
    [call] = [c for c in calls if c.method == method]
    return call


def upload(call: Call, field: str) -> dict[str, Any]:
    """The file sent in ``field`` (aiogram sends it as ``attach://<part>``)."""
    value = call[field]
    if isinstance(value, str) and value.startswith("attach://"):
        value = call[value.removeprefix("attach://")]
    assert isinstance(value, dict), value
    return value


@pytest.mark.parametrize("command", ADMIN_COMMANDS)
async def test_every_admin_command_is_politely_refused_to_others(
    chat: Chat, dp: Dispatcher, command: str
) -> None:
    await chat.click("lang:ru")
    catalog = dp["catalog"]
    calls = await chat.send(command)
    assert messages(calls) == ["Извините, эта команда доступна только кураторам бота."]
    assert [c.method for c in calls] == ["sendMessage"]
    assert dp["catalog"] is catalog


async def test_refusal_is_the_same_in_a_group(dp: Dispatcher, bot: Bot, api: FakeBotAPI) -> None:
    group = Chat(dp, bot, api, chat_id=-100500, chat_type="supergroup", language_code="en")
    replies = {
        tuple(messages(await group.send(f"{command}@AtaZanBot"))) for command in ADMIN_COMMANDS
    }
    assert replies == {("Sorry, this command is only for the bot's curators.",)}


async def test_stats_reports_figures_and_sends_a_valid_png_chart(
    admin_chat: Chat, chat: Chat, repo: Repo
) -> None:
    await chat.click("lang:ru")
    await chat.send("сколько депутатов в курултае")
    await chat.send("бла бла непонятно что")
    for text in ("x", "y"):
        await repo.questions.log(
            text, lang="ru", status="answer", entry_id="q:vp_appointment", score=90
        )
    await repo.users.touch(31337, "en")
    await repo.subscriptions.subscribe(31337, "events")

    calls = await admin_chat.send("/stats")
    text = only(calls, "sendMessage")["text"]
    assert html_problems(text) == []
    assert "AtaZan statistics" in text
    assert "Users: 3" in text  # the user, the admin and the subscriber
    assert "active in 7 days: 3" in text
    assert "Questions in 30 days: 4" in text
    assert "today 4" in text
    assert "unanswered 25%" in text
    assert "Who appoints the Vice President?" in text  # top entry, titled in the admin's language
    assert "Users subscribed to reminders: 1" in text
    assert "Quizzes completed in 30 days: 0" in text

    photo = only(calls, "sendPhoto")
    assert photo["caption"].startswith("Questions per day")
    file = upload(photo, "photo")
    assert file["filename"].endswith(".png")
    image = read_png(file["content"])
    assert (image.width, image.height) == (720, 360)
    right = range(image.width - 40, image.width)
    last_bar = {image.pixel(x, y) for y in range(image.height) for x in right}
    assert LAST_BAR in last_bar, "today's bar is drawn"


async def test_stats_on_an_empty_database(admin_chat: Chat) -> None:
    calls = await admin_chat.send("/stats")
    assert "Questions in 30 days: 0" in only(calls, "sendMessage")["text"]
    read_png(upload(only(calls, "sendPhoto"), "photo")["content"])


async def test_unanswered_groups_declined_questions_and_exports_csv(
    admin_chat: Chat, repo: Repo
) -> None:
    for text in (
        "Когда выборы в Курултай?",
        "когда выборы в курултай",
        "Когда выбры в Курултай",
        "Сколько стоит загранпаспорт?",
        "=cmd|' /C calc'!A0",
    ):
        await repo.questions.log(text, lang="ru", status="none", entry_id=None, score=10)
    await repo.questions.log("answered", lang="ru", status="answer", entry_id="q:a", score=90)

    calls = await admin_chat.send("/unanswered")
    text = only(calls, "sendMessage")["text"]
    assert html_problems(text) == []
    assert "Unanswered questions in 90 days: 5" in text
    lines = text.split("\n")
    assert lines[1] == "3 × Когда выборы в Курултай? (similar wordings: +1)"
    assert "1 × Сколько стоит загранпаспорт?" in lines

    document = only(calls, "sendDocument")
    assert document["caption"] == "All groups of unanswered questions (3) as a table (CSV)."
    file = upload(document, "document")
    assert file["filename"].endswith(".csv")
    rows = list(csv.reader(io.StringIO(file["content"].decode("utf-8-sig"))))
    assert rows[0] == ["count", "question", "similar_wordings", "languages", "last_asked"]
    assert rows[1][:4] == ["3", "Когда выборы в Курултай?", "Когда выбры в Курултай", "ru"]
    others = sorted(row[1] for row in rows[2:])
    assert others == ["'=cmd|' /C calc'!A0", "Сколько стоит загранпаспорт?"]


async def test_unanswered_lists_dislike_comments(admin_chat: Chat, repo: Repo) -> None:
    await repo.users.touch(42, "ru")
    await repo.feedback.vote(42, "q:vp_appointment", vote=-1, lang="ru")
    await repo.feedback.comment(42, "q:vp_appointment", "нет сроков")
    calls = await admin_chat.send("/unanswered")
    text = only(calls, "sendMessage")["text"]
    assert "💬 Who appoints the Vice President?: нет сроков" in text
    assert not [c for c in calls if c.method == "sendDocument"]


async def test_unanswered_with_nothing_declined(admin_chat: Chat) -> None:
    calls = await admin_chat.send("/unanswered")
    assert messages(calls) == ["No unanswered questions in the last 90 days."]


# --- /reload ------------------------------------------------------------------------------------


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled content."""
    target = tmp_path / "content"
    shutil.copytree(content_dir(), target)
    return target


def edit_entry(folder: Path, catalog: Catalog, ident: str, change: dict[str, Any]) -> Path:
    """Rewrite one Q&A entry in the copy; returns the file changed."""
    source = Path(catalog.sources[f"qa:{ident}"])
    path = folder / "qa" / source.name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = next(item for item in data["entries"] if item["id"] == ident)
    for dotted, value in change.items():
        node = entry
        *parents, leaf = dotted.split(".")
        for part in parents:
            node = node[part]
        node[leaf] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def reload_dp(
    settings: Settings,
    content_copy: Path,
    repo: Repo,
    catalog: Catalog,
    engine: SearchEngine,
    i18n: I18n,
) -> Dispatcher:
    """The production Dispatcher over the writable content copy."""
    copied = settings.model_copy(update={"content_dir": content_copy})
    dp = create_dispatcher(copied, repo=repo, catalog=catalog, engine=engine, i18n=i18n)
    dp["throttle"].enabled = False
    return dp


async def card_text(chat: Chat, payload: str) -> str:
    texts = messages(await chat.send(f"/start {payload}"))
    return texts[-1]


async def test_reload_with_a_broken_file_keeps_the_old_content(
    reload_dp: Dispatcher, bot: Bot, api: FakeBotAPI, content_copy: Path, catalog: Catalog
) -> None:
    admin = Chat(reload_dp, bot, api, user_id=ADMIN_ID, language_code="en")
    user = Chat(reload_dp, bot, api, language_code="ru")
    await user.click("lang:ru")
    broken = edit_entry(content_copy, catalog, "vp_appointment", {"answer.ru": "  "})
    other = edit_entry(content_copy, catalog, "vp_duties", {"topic": "no_such_topic"})
    engine = reload_dp["engine"]

    report = messages(await admin.send("/reload"))[0]
    assert html_problems(report) == []
    assert report.startswith("❌ The new content has errors, so the bot kept the old content.")
    assert f"qa/{broken.name}: id=vp_appointment: field answer.ru" in report
    assert f"qa/{other.name}: id=vp_duties: field topic: unknown topic 'no_such_topic'" in report
    assert str(content_copy) not in report, "paths are shown relative to content/"
    assert reload_dp["catalog"] is catalog
    assert reload_dp["engine"] is engine
    assert catalog.qa["vp_appointment"].answer.ru in await card_text(user, "q_vp_appointment")


async def test_reload_swaps_content_and_index_that_handlers_see(
    reload_dp: Dispatcher, bot: Bot, api: FakeBotAPI, content_copy: Path, catalog: Catalog
) -> None:
    admin = Chat(reload_dp, bot, api, user_id=ADMIN_ID, language_code="en")
    user = Chat(reload_dp, bot, api, language_code="ru")
    await user.click("lang:ru")
    new_answer = "Обновлённый ответ: вице-президента назначает Президент с согласия Курултая."
    probe = "кто ставит зебравице в должность"
    questions = [*catalog.qa["vp_appointment"].questions.ru, probe]
    change = {"answer.ru": new_answer, "questions.ru": questions}
    edit_entry(content_copy, catalog, "vp_appointment", change)
    old_engine = reload_dp["engine"]

    report = messages(await admin.send("/reload"))[0]
    assert report.startswith("✅ Reloaded. Articles: 97")
    assert reload_dp["catalog"] is not catalog
    assert reload_dp["engine"] is not old_engine
    assert new_answer in await card_text(user, "q_vp_appointment")
    # The new index is in use too: a wording that exists only in the new content is found.
    calls = await user.send(probe)
    assert any(new_answer in text or "вице-президент" in text.lower() for text in messages(calls))
    assert reload_dp["engine"].search("зебравице", user_lang="ru").candidates[0].ref == (
        "vp_appointment"
    )


async def test_reload_updates_and_guards_the_translations(
    reload_dp: Dispatcher, bot: Bot, api: FakeBotAPI, tmp_path: Path, settings: Settings
) -> None:
    admin = Chat(reload_dp, bot, api, user_id=ADMIN_ID, language_code="en")
    user = Chat(reload_dp, bot, api, language_code="ru")
    await user.click("lang:ru")
    locales = tmp_path / "locales"
    shutil.copytree(locales_dir(), locales, ignore=shutil.ignore_patterns("*.mo", "*.py*"))
    po = locales / "ru" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "↗️ Поделиться"', 'msgstr "↗️ Переслать другу"'), "utf-8")
    reloader = ContentReloader(reload_dp, reload_dp["settings"], reload_dp["i18n"], locales)
    reload_dp["reloader"] = reloader

    assert messages(await admin.send("/reload"))[0].startswith("✅")
    assert "↗️ Переслать другу" in str(
        [c.get("reply_markup") for c in await user.send("/start q_vp_appointment")]
    )

    po.write_text('msgid "broken\nmsgstr', encoding="utf-8")
    report = messages(await admin.send("/reload"))[0]
    assert report.startswith("❌")
    assert "messages.po" in report
    assert "↗️ Переслать другу" in str(
        [c.get("reply_markup") for c in await user.send("/start q_vp_appointment")]
    ), "the last good translations stay"
