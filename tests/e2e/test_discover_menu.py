"""The menu's popular questions, key changes and myths and facts, as a user browses them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from aiogram import Dispatcher

from bot.curation.popular import curated_keys
from tests.fake_api import Call, Chat, buttons_of
from tests.telegram_html import html_problems

if TYPE_CHECKING:
    from bot.content.catalog import Catalog
    from bot.search.engine import SearchEngine
    from bot.storage import Repo


@pytest.fixture(autouse=True)
def fast_fingers(dp: Dispatcher) -> None:
    """Tests tap faster than people; the flood guard has its own tests."""
    dp["throttle"].enabled = False


def view(calls: list[Call]) -> Call:
    views = [c for c in calls if c.method in {"sendMessage", "editMessageText"}]
    assert views, [c.method for c in calls]
    assert html_problems(str(views[-1]["text"])) == []
    return views[-1]


def data(call: Call, prefix: str) -> list[str]:
    found = [b.get("callback_data", "") for b in buttons_of(call)]
    return [item for item in found if item.startswith(prefix)]


async def test_popular_falls_back_to_curated_then_follows_traffic(
    chat: Chat, repo: Repo, catalog: Catalog
) -> None:
    await chat.click("lang:ru")
    listing = view(await chat.click("menu:popular"))
    assert listing["text"] == "🔥 О чём спрашивают чаще всего:"
    expected = [f"qa:{key}:ru" for key in curated_keys(catalog)[:8]]
    assert data(listing, "qa:") == expected

    for _ in range(3):
        await repo.questions.log(
            "…", lang="ru", status="answer", entry_id="q:vp_appointment", score=90
        )
    listing = view(await chat.click("menu:popular"))
    assert data(listing, "qa:")[0] == "qa:q:vp_appointment:ru"
    card = view(await chat.click_button(listing, "qa:q:vp_appointment:ru"))
    assert catalog.qa["vp_appointment"].answer.ru in card["text"]
    assert "fb:q:vp_appointment:1:ru" in data(card, "fb:")


async def test_popular_in_the_users_language(chat: Chat, catalog: Catalog) -> None:
    await chat.click("lang:kk")
    listing = view(await chat.click("menu:popular"))
    first = curated_keys(catalog)[0]
    assert buttons_of(listing)[0]["text"].startswith(catalog.qa[first[2:]].questions.kk[0][:20])


async def test_key_changes_are_cards_with_previous_and_next(
    chat: Chat, catalog: Catalog
) -> None:
    await chat.click("lang:en")
    changes = catalog.meta.key_changes
    card = view(await chat.click("menu:changes"))
    if not changes:
        assert "still being prepared" in card["text"]
        return
    total = len(changes)
    assert card["text"].startswith(f"Key change 1 of {total}")
    assert changes[0].title.en in card["text"]
    assert f"pg:c:{1 % total}" in data(card, "pg:")
    assert f"pg:c:{total - 1}" in data(card, "pg:")
    following = view(await chat.click(f"pg:c:{1 % total}"))
    assert following.method == "editMessageText"
    assert following["text"].startswith(f"Key change {1 % total + 1} of {total}")
    assert changes[1 % total].title.en in following["text"]
    back = view(await chat.click("pg:c:0"))
    assert back["text"].startswith(f"Key change 1 of {total}")
    share = [b for b in buttons_of(back) if "switch_inline_query" in b]
    assert share[0]["switch_inline_query"] == changes[0].title.en


async def test_myths_are_cards_and_wrap_around(chat: Chat, catalog: Catalog) -> None:
    await chat.click("lang:ru")
    myths = list(catalog.myths.values())
    card = view(await chat.click("menu:myths"))
    assert card["text"].startswith(f"Миф 1 из {len(myths)}")
    assert myths[0].claim.ru in card["text"]
    assert f"pg:m:{len(myths) - 1}" in data(card, "pg:")
    last = view(await chat.click(f"pg:m:{len(myths) - 1}"))
    assert myths[-1].claim.ru in last["text"]
    assert "pg:m:0" in data(last, "pg:")


async def test_stale_page_buttons_are_harmless(chat: Chat) -> None:
    await chat.click("lang:ru")
    calls = await chat.click("pg:z:1")
    assert [c.method for c in calls] == ["answerCallbackQuery"]
    calls = await chat.click("pg:m:100000")
    assert view(calls)  # wraps around to an existing card
    calls = await chat.click("qa:q:no_such_entry:ru")
    assert [c.method for c in calls] == ["answerCallbackQuery"]


async def test_myths_are_found_by_the_search_engine(
    chat: Chat, catalog: Catalog, engine: SearchEngine
) -> None:
    found = 0
    for myth_id, myth in catalog.myths.items():
        result = engine.search(myth.claim.ru, user_lang="ru")
        found += any(c.kind == "myth" and c.ref == myth_id for c in result.candidates)
    assert found >= len(catalog.myths) * 0.8
    await chat.click("lang:ru")
    myth = next(iter(catalog.myths.values()))
    reply = view(await chat.send(myth.claim.ru))
    assert myth.fact.ru in reply["text"] or "Миф" in str(reply.get("reply_markup"))
