"""Inline mode through the real Dispatcher: ``@bot question`` answered in all three languages."""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Any

import pytest
from aiogram import Dispatcher

from bot.curation.popular import curated_keys
from tests.fake_api import Call, Chat

if TYPE_CHECKING:
    from bot.content.catalog import Catalog
    from bot.storage import Repo

_ids = itertools.count(700_000)
TAG = re.compile(r"</?[a-z]+[^>]*>")
LINK = "https://t.me/AtaZanBot?start="


@pytest.fixture(autouse=True)
def fast_fingers(dp: Dispatcher) -> None:
    """Tests tap faster than people; the flood guard has its own tests."""
    dp["throttle"].enabled = False


async def inline(chat: Chat, query: str) -> Call:
    """The user types ``@AtaZanBot <query>``; returns the answerInlineQuery call."""
    payload = {
        "update_id": next(_ids),
        "inline_query": {
            "id": str(next(_ids)),
            "from": chat.user(),
            "query": query,
            "offset": "",
            "chat_type": "group",
        },
    }
    calls = await chat.feed(payload)
    [answer] = [call for call in calls if call.method == "answerInlineQuery"]
    return answer


def results(answer: Call) -> list[dict[str, Any]]:
    return list(answer["results"])


@pytest.mark.parametrize(
    ("lang", "question"),
    [
        ("ru", "кто назначает вице-президента"),
        ("kk", "Вице-президентті кім тағайындайды"),
        ("en", "who appoints the vice president"),
    ],
)
async def test_inline_answers_in_the_language_of_the_query(
    chat: Chat, catalog: Catalog, lang: str, question: str
) -> None:
    entry = catalog.qa["vp_appointment"]
    answer = await inline(chat, question)
    found = results(answer)
    assert found, "an answer is offered"
    first = found[0]
    assert first["type"] == "article"
    assert first["id"] == f"q:vp_appointment|{lang}"
    assert first["title"] == entry.questions.get(lang)[0]
    assert first["description"]
    content = first["input_message_content"]
    text = content["message_text"]
    assert text.startswith("❓ " + entry.questions.get(lang)[0])
    assert entry.answer.get(lang) in text
    assert text.rstrip().endswith(LINK + "q_vp_appointment")
    assert "parse_mode" not in content, "shared text is plain, for any messenger"
    assert TAG.search(text) is None
    [[button]] = first["reply_markup"]["inline_keyboard"]
    assert button["url"] == LINK + "q_vp_appointment"
    assert answer["cache_time"] == 300
    assert answer["is_personal"] is False
    assert answer["button"]["start_parameter"] == "inline"


async def test_inline_offers_articles_too(chat: Chat, catalog: Catalog) -> None:
    found = results(await inline(chat, "статья 42"))
    assert found[0]["id"] == "a:42|ru"
    text = found[0]["input_message_content"]["message_text"]
    assert text.startswith("📜 Статья 42. " + catalog.articles[42].title.ru)
    assert catalog.articles[42].summary.ru in text
    assert text.endswith(LINK + "a42")

    several = results(await inline(chat, "вице-президент"))
    ids = [result["id"] for result in several]
    assert len(ids) == len(set(ids)) >= 2
    assert any(i.startswith("a:") for i in ids)
    assert any(i.startswith("q:") for i in ids)


async def test_nothing_found_still_answers_with_a_way_into_the_bot(chat: Chat) -> None:
    answer = await inline(chat, "zzzz qqqq xxxx")
    assert results(answer) == []
    assert answer["button"]["text"] == "Ничего не нашлось. Спросите AtaZan в личном чате"


async def test_empty_query_offers_curated_then_real_popular_questions(
    chat: Chat, repo: Repo, catalog: Catalog
) -> None:
    answer = await inline(chat, "")
    curated = [f"{key}|ru" for key in curated_keys(catalog)[:8]]
    assert [result["id"] for result in results(answer)] == curated
    assert answer["is_personal"] is True  # the list is in the user's own language
    assert answer["cache_time"] == 60

    myth = next(iter(catalog.myths))
    for key, times in (("q:vp_appointment", 3), (f"m:{myth}", 2), ("a:42", 5)):
        for _ in range(times):
            await repo.questions.log("…", lang="ru", status="answer", entry_id=key, score=90)
    ids = [result["id"] for result in results(await inline(chat, ""))]
    assert ids[:2] == ["q:vp_appointment|ru", f"m:{myth}|ru"]
    assert len(ids) == 8


async def test_empty_query_uses_the_users_language(chat: Chat, catalog: Catalog) -> None:
    kazakh = Chat(chat.dp, chat.bot, chat.api, language_code="kk")
    found = results(await inline(kazakh, ""))
    first_key = curated_keys(catalog)[0]
    assert found[0]["id"] == f"{first_key}|kk"
    assert found[0]["title"] == catalog.qa[first_key[2:]].questions.kk[0]


async def test_long_and_odd_queries_do_not_break_inline_mode(chat: Chat) -> None:
    for query in ("<b>&amp;", "🇰🇿" * 100, "статья 999", "/start", "\u202e\u200b"):
        answer = await inline(chat, query)
        assert isinstance(answer["results"], list)
