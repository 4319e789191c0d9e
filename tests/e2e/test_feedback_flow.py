"""👍/👎 under answers, the optional comment step, and /forget taking ratings along."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from aiogram import Dispatcher

from tests.fake_api import Call, Chat, buttons_of

if TYPE_CHECKING:
    from bot.storage import Repo

KEY = "q:vp_appointment"
LIKE = "fb:q:vp_appointment:1:ru"
DISLIKE = "fb:q:vp_appointment:-1:ru"


@pytest.fixture(autouse=True)
def fast_fingers(dp: Dispatcher) -> None:
    """Tests tap faster than people; the flood guard has its own tests."""
    dp["throttle"].enabled = False


def texts(calls: list[Call]) -> list[str]:
    return [str(c["text"]) for c in calls if c.method in {"sendMessage", "editMessageText"}]


def notes(calls: list[Call]) -> list[str]:
    return [str(c.get("text", "")) for c in calls if c.method == "answerCallbackQuery"]


async def open_answer(chat: Chat) -> Call:
    await chat.click("lang:ru")
    calls = await chat.send("/start q_vp_appointment")
    [answer] = [
        c for c in calls if c.method == "sendMessage" and LIKE in str(c.get("reply_markup"))
    ]
    return answer


async def test_like_is_stored_and_thanked(chat: Chat, repo: Repo) -> None:
    answer = await open_answer(chat)
    calls = await chat.click_button(answer, LIKE)
    assert notes(calls) == ["Спасибо за оценку!"]
    rating = await repo.feedback.get(chat.user_id, KEY)
    assert rating is not None
    assert (rating.vote, rating.lang, rating.comment) == (1, "ru", None)


async def test_dislike_asks_what_was_wrong_and_stores_one_line(chat: Chat, repo: Repo) -> None:
    answer = await open_answer(chat)
    calls = await chat.click_button(answer, DISLIKE)
    assert any("Что было не так?" in text for text in texts(calls))
    calls = await chat.send("Нет сроков назначения\nвторая строка")
    assert texts(calls) == ["Спасибо! Кураторы прочитают это и исправят ответ."]
    rating = await repo.feedback.get(chat.user_id, KEY)
    assert rating is not None
    assert (rating.vote, rating.comment) == (-1, "Нет сроков назначения")
    # The comment step is over: the next message is a question again.
    logged = len(await repo.questions.recent())
    calls = await chat.send("сколько депутатов в курултае")
    assert texts(calls)
    assert "Спасибо! Кураторы" not in " ".join(texts(calls))
    assert len(await repo.questions.recent()) == logged + 1
    rating = await repo.feedback.get(chat.user_id, KEY)
    assert rating is not None
    assert rating.comment == "Нет сроков назначения"


async def test_second_vote_replaces_the_first(chat: Chat, repo: Repo) -> None:
    answer = await open_answer(chat)
    await chat.click_button(answer, DISLIKE)
    await chat.send("устарело")
    await chat.click_button(answer, LIKE)
    await chat.click_button(answer, LIKE)
    rating = await repo.feedback.get(chat.user_id, KEY)
    assert rating is not None
    assert (rating.vote, rating.comment) == (1, None)
    assert await repo.feedback.count(user_id=chat.user_id) == 1


async def test_cancel_leaves_the_comment_step(chat: Chat, repo: Repo) -> None:
    answer = await open_answer(chat)
    await chat.click_button(answer, DISLIKE)
    calls = await chat.send("/cancel")
    assert texts(calls) == ["Хорошо, без комментария. Оценка сохранена."]
    rating = await repo.feedback.get(chat.user_id, KEY)
    assert rating is not None
    assert (rating.vote, rating.comment) == (-1, None)
    questions = await repo.questions.recent()
    calls = await chat.send("кто назначает вице-президента")
    assert "Спасибо! Кураторы" not in " ".join(texts(calls))
    assert len(await repo.questions.recent()) == len(questions) + 1


async def test_any_command_leaves_the_comment_step_and_still_runs(
    chat: Chat, repo: Repo
) -> None:
    answer = await open_answer(chat)
    await chat.click_button(answer, DISLIKE)
    calls = await chat.send("/help")
    assert any("Как пользоваться" in text or "/article" in text for text in texts(calls))
    await chat.send("это уже вопрос, а не комментарий")
    rating = await repo.feedback.get(chat.user_id, KEY)
    assert rating is not None
    assert rating.comment is None


async def test_another_button_leaves_the_comment_step(chat: Chat, repo: Repo) -> None:
    answer = await open_answer(chat)
    await chat.click_button(answer, DISLIKE)
    calls = await chat.click("art:95:ru")
    assert any("Статья 95" in text for text in texts(calls))
    await chat.send("сколько депутатов в курултае")
    rating = await repo.feedback.get(chat.user_id, KEY)
    assert rating is not None
    assert rating.comment is None


async def test_forget_deletes_ratings(chat: Chat, repo: Repo) -> None:
    answer = await open_answer(chat)
    await chat.click_button(answer, DISLIKE)
    await chat.send("неточно")
    await chat.click_button(answer, "fb:q:vp_appointment:1:ru")
    assert await repo.feedback.count(user_id=chat.user_id) == 1
    [confirm] = [c for c in await chat.send("/forget") if c.method == "sendMessage"]
    await chat.click_button(confirm, "forget:1")
    assert await repo.users.get(chat.user_id) is None
    assert await repo.feedback.count(user_id=chat.user_id) == 0


async def test_forged_votes_change_nothing(chat: Chat, repo: Repo) -> None:
    await chat.click("lang:ru")
    for data in ("fb:x:1:1:ru", "fb:q:vp_appointment:5:ru", "fb:q:vp_appointment:abc:ru"):
        await chat.click(data)
    assert await repo.feedback.count() == 0


async def test_rating_buttons_are_on_answer_cards_only(chat: Chat) -> None:
    answer = await open_answer(chat)
    assert [b["text"] for b in buttons_of(answer) if "fb:" in b.get("callback_data", "")] == [
        "👍",
        "👎",
    ]
