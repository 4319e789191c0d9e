"""Share buttons on cards and deep links back into the bot."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import pytest
from aiogram import Dispatcher

from tests.fake_api import Call, Chat, buttons_of

if TYPE_CHECKING:
    from bot.content.catalog import Catalog

_ids = itertools.count(800_000)


@pytest.fixture(autouse=True)
def fast_fingers(dp: Dispatcher) -> None:
    """Tests tap faster than people; the flood guard has its own tests."""
    dp["throttle"].enabled = False


def sent(calls: list[Call]) -> list[Call]:
    return [call for call in calls if call.method == "sendMessage"]


def card(calls: list[Call], needle: str) -> Call:
    matching = [call for call in sent(calls) if needle in str(call["text"])]
    assert matching, [str(call["text"])[:60] for call in sent(calls)]
    return matching[-1]


def share_button(call: Call) -> dict[str, object]:
    [button] = [b for b in buttons_of(call) if "switch_inline_query" in b]
    return button


@pytest.mark.parametrize(
    ("payload", "needle"),
    [("a42", "Статья 42."), ("a0", "Преамбула"), ("q_vp_appointment", "вице-президент")],
)
async def test_deep_links_open_cards(chat: Chat, payload: str, needle: str) -> None:
    await chat.click("lang:ru")
    calls = await chat.send(f"/start {payload}")
    assert card(calls, needle)


async def test_deep_links_open_myths_and_key_changes(chat: Chat, catalog: Catalog) -> None:
    await chat.click("lang:en")
    myth_id, myth = next(iter(catalog.myths.items()))
    assert card(await chat.send(f"/start m_{myth_id}"), myth.claim.en)
    for change in catalog.meta.key_changes[:1]:
        assert card(await chat.send(f"/start c_{change.id}"), change.title.en)


async def test_first_contact_deep_link_asks_language_and_opens_the_card(chat: Chat) -> None:
    calls = await chat.send("/start a42")
    texts = [str(call["text"]) for call in sent(calls)]
    assert "Выберите язык" in texts[0]
    assert any("Статья 42." in text for text in texts[1:])


async def test_unknown_deep_link_shows_the_welcome(chat: Chat) -> None:
    await chat.click("lang:ru")
    calls = await chat.send("/start q_no_such_entry")
    assert card(calls, "AtaZan")


async def test_answer_card_has_votes_and_share_that_finds_it_again(
    chat: Chat, catalog: Catalog
) -> None:
    await chat.click("lang:ru")
    question = catalog.qa["vp_appointment"].questions.ru[0]
    answer = card(await chat.send("/start q_vp_appointment"), question)
    data = [b.get("callback_data") for b in buttons_of(answer)]
    assert "fb:q:vp_appointment:1:ru" in data
    assert "fb:q:vp_appointment:-1:ru" in data
    button = share_button(answer)
    assert button["text"] == "↗️ Поделиться"
    assert button["switch_inline_query"] == question
    # The query the button types finds the same entry first.
    calls = await chat.feed(
        {
            "update_id": next(_ids),
            "inline_query": {
                "id": "s1", "from": chat.user(), "query": button["switch_inline_query"],
                "offset": "",
            },
        }
    )
    [inline] = [call for call in calls if call.method == "answerInlineQuery"]
    assert inline["results"][0]["id"] == "q:vp_appointment|ru"


async def test_article_myth_and_change_cards_can_be_shared(chat: Chat, catalog: Catalog) -> None:
    await chat.click("lang:kk")
    article = card(await chat.send("/start a42"), "42-бап")
    assert share_button(article)["switch_inline_query"].startswith("42-бап.")
    votes = [b for b in buttons_of(article) if str(b.get("callback_data", "")).startswith("fb:")]
    assert votes == []
    myth_id, myth = next(iter(catalog.myths.items()))
    myth_card = card(await chat.send(f"/start m_{myth_id}"), myth.claim.kk)
    assert share_button(myth_card)["switch_inline_query"] == myth.claim.kk
    assert f"fb:m:{myth_id}:-1:kk" in [b.get("callback_data") for b in buttons_of(myth_card)]
    for change in catalog.meta.key_changes[:1]:
        change_card = card(await chat.send(f"/start c_{change.id}"), change.title.kk)
        assert share_button(change_card)["switch_inline_query"] == change.title.kk


async def test_shared_article_query_opens_the_article_inline(chat: Chat) -> None:
    await chat.click("lang:en")
    article = card(await chat.send("/start a42"), "Article 42.")
    query = share_button(article)["switch_inline_query"]
    calls = await chat.feed(
        {
            "update_id": next(_ids),
            "inline_query": {"id": "s2", "from": chat.user(), "query": query, "offset": ""},
        }
    )
    [inline] = [call for call in calls if call.method == "answerInlineQuery"]
    assert inline["results"][0]["id"] == "a:42|en"
