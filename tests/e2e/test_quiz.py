"""Private quizzes through the real Dispatcher and the fake Bot API, as a user plays them."""

from __future__ import annotations

import asyncio
import html
from typing import TYPE_CHECKING

import pytest
from aiogram import Bot, Dispatcher
from aiogram.utils.i18n import I18n

from bot.app import create_dispatcher
from bot.config import Settings
from bot.search.engine import SearchEngine
from bot.storage import Repo, open_repo
from tests.fake_api import Call, Chat, FakeBotAPI, buttons_of

if TYPE_CHECKING:
    from bot.content.catalog import Catalog

VIEWS = {"sendMessage", "editMessageText"}


@pytest.fixture(autouse=True)
def fast_fingers(dp: Dispatcher) -> None:
    """Tests tap faster than people; the flood guard has its own tests."""
    dp["throttle"].enabled = False


def shown(calls: list[Call]) -> Call:
    """The last message the bot sent or edited."""
    views = [c for c in calls if c.method in VIEWS]
    assert views, [c.method for c in calls]
    return views[-1]


def notes(calls: list[Call]) -> list[str]:
    """Texts of answerCallbackQuery notes."""
    return [str(c.get("text", "")) for c in calls if c.method == "answerCallbackQuery"]


def data_of(call: Call, prefix: str) -> list[str]:
    found = [b.get("callback_data", "") for b in buttons_of(call)]
    return [data for data in found if data.startswith(prefix)]


def position(view: Call) -> tuple[int, int]:
    """(session, index) of the question on screen."""
    _, session, index, _ = data_of(view, "qz:")[0].split(":")
    return int(session), int(index)


async def right_button(repo: Repo, catalog: Catalog, view: Call) -> int:
    """The shown index of the correct option, read from the stored shuffle."""
    session, index = position(view)
    question = await repo.quiz.question(session, index)
    assert question is not None
    return question.options.index(catalog.quiz[question.item_id].correct)


async def answer(chat: Chat, repo: Repo, catalog: Catalog, view: Call, *, right: bool) -> Call:
    """Press the right (or a wrong) option of the question on screen; return the feedback."""
    session, index = position(view)
    option = await right_button(repo, catalog, view)
    if not right:
        option = (option + 1) % len(data_of(view, "qz:"))
    return shown(await chat.click_button(view, f"qz:{session}:{index}:{option}"))


async def start_quiz(chat: Chat, length: int = 10, topic: str = "mix") -> Call:
    """/quiz, pick the topic and the length; return the first question."""
    menu = shown(await chat.send("/quiz"))
    lengths = shown(await chat.click_button(menu, f"qt:{topic}"))
    return shown(await chat.click_button(lengths, f"ql:{topic}:{length}"))


async def play(
    chat: Chat, repo: Repo, catalog: Catalog, view: Call, marks: list[bool]
) -> Call:
    """Answer one question per mark, pressing Next in between; return the last feedback."""
    feedback = view
    for number, right in enumerate(marks):
        feedback = await answer(chat, repo, catalog, view, right=right)
        if number + 1 < len(marks):
            view = shown(await chat.click_button(feedback, "qn:"))
    return feedback


async def test_topic_and_length_choice(chat: Chat, catalog: Catalog) -> None:
    menu = shown(await chat.send("/quiz"))
    assert "Викторина: выберите тему" in menu["text"]
    topics = data_of(menu, "qt:")
    assert topics[0] == "qt:mix"
    assert "qt:rights" in topics
    lengths = shown(await chat.click_button(menu, "qt:rights"))
    assert data_of(lengths, "ql:") == ["ql:rights:5", "ql:rights:10"]  # 18 items: no 20
    assert catalog.topics["rights"].title.ru in lengths["text"]
    back = shown(await chat.click_button(lengths, "qc:topics"))
    assert data_of(back, "qt:") == topics


async def test_full_ten_question_quiz_with_score_and_breakdown(
    chat: Chat, repo: Repo, catalog: Catalog, api: FakeBotAPI
) -> None:
    view = await start_quiz(chat)
    assert "Вопрос 1/10" in view["text"]
    session_id, _ = position(view)
    marks = [True] * 7 + [False] * 3
    for number, right in enumerate(marks):
        assert f"Вопрос {number + 1}/10" in view["text"]
        question = await repo.quiz.question(*position(view))
        assert question is not None
        item = catalog.quiz[question.item_id]
        assert html.escape(item.question.ru, quote=False) in view["text"]
        labels = [b["text"] for b in buttons_of(view)]
        assert [label[0] for label in labels] == [str(n + 1) for n in range(len(labels))]
        feedback = await answer(chat, repo, catalog, view, right=right)
        assert ("Верно!" if right else "Неверно.") in feedback["text"]
        assert html.escape(item.explanation.ru, quote=False) in feedback["text"]
        if not right:
            right_option = html.escape(item.options.ru[item.correct], quote=False)
            assert f"Правильный ответ: {right_option}" in feedback["text"]
        for number_cited in item.articles[:9]:
            assert f"art:{number_cited}:ru" in data_of(feedback, "art:")
        if number < 9:
            assert data_of(feedback, "qn:") == [f"qn:{session_id}:{number}"]
            view = shown(await chat.click_button(feedback, "qn:"))
    assert data_of(feedback, "qc:") == [f"qc:results:{session_id}"]
    results = shown(await chat.click_button(feedback, "qc:results"))
    assert "Викторина окончена!" in results["text"]
    assert "Результат: 7/10" in results["text"]
    topics = {q.topic for q in await repo.quiz.questions(session_id)}
    if len(topics) > 1:
        assert "По темам:" in results["text"]
        for topic in topics:
            assert html.escape(catalog.topics[topic].title.ru, quote=False) in results["text"]
    assert data_of(results, "qc:") == [f"qc:review:{session_id}", f"qc:share:{session_id}"]
    session = await repo.quiz.get(session_id)
    assert session is not None
    assert session.status == "finished"
    edits = [c for c in api.calls if c.method == "editMessageText"]
    assert {c["message_id"] for c in edits} == {999}, "one message, edited as the quiz goes"


async def test_article_button_opens_the_cited_card(
    chat: Chat, repo: Repo, catalog: Catalog
) -> None:
    view = await start_quiz(chat, length=20)
    feedback = await answer(chat, repo, catalog, view, right=True)
    while not data_of(feedback, "art:"):  # a few items cite no article
        view = shown(await chat.click_button(feedback, "qn:"))
        feedback = await answer(chat, repo, catalog, view, right=True)
    [first, *_] = data_of(feedback, "art:")
    number = first.split(":")[1]
    card = shown(await chat.click_button(feedback, first))
    assert f"Статья {number}" in card["text"] or "Преамбула" in card["text"]


async def test_quiz_continues_after_a_restart(
    chat: Chat,
    repo: Repo,
    catalog: Catalog,
    settings: Settings,
    engine: SearchEngine,
    i18n: I18n,
    bot: Bot,
    api: FakeBotAPI,
) -> None:
    view = await start_quiz(chat)
    session_id, _ = position(view)
    feedback = await play(chat, repo, catalog, view, [True, True, False, True])
    old_view = view
    view = shown(await chat.click_button(feedback, "qn:"))
    assert "Вопрос 5/10" in view["text"]
    await repo.close()

    reopened = await open_repo(str(settings.database_path))
    try:
        dp = create_dispatcher(
            settings, repo=reopened, catalog=catalog, engine=engine, i18n=i18n
        )
        dp["throttle"].enabled = False
        again = Chat(dp, bot, api, user_id=chat.user_id)
        prompt = shown(await again.send("/quiz"))
        assert "вопрос 5 из 10" in prompt["text"]
        assert data_of(prompt, "qc:") == [
            f"qc:continue:{session_id}",
            f"qc:restart:{session_id}",
        ]
        view = shown(await again.click_button(prompt, "qc:continue"))
        assert "Вопрос 5/10" in view["text"]
        assert position(view) == (session_id, 4)
        stale = await again.click_button(old_view, data_of(old_view, "qz:")[0])
        assert notes(stale) == ["Вы уже ответили на этот вопрос."]
        feedback = await play(again, reopened, catalog, view, [True] * 6)
        results = shown(await again.click_button(feedback, "qc:results"))
        assert "Результат: 9/10" in results["text"]
    finally:
        await reopened.close()


async def test_restart_offers_a_fresh_quiz(chat: Chat, repo: Repo, catalog: Catalog) -> None:
    view = await start_quiz(chat, length=5)
    old_session, _ = position(view)
    prompt = shown(await chat.send("/quiz"))
    menu = shown(await chat.click_button(prompt, "qc:restart"))
    assert data_of(menu, "qt:")[0] == "qt:mix"
    old = await repo.quiz.get(old_session)
    assert old is not None
    assert old.status == "abandoned"
    calls = await chat.click_button(view, data_of(view, "qz:")[0])
    assert notes(calls) == ["Эта кнопка устарела. /quiz продолжит вашу викторину."]
    assert await repo.quiz.active(chat.user_id) is None


async def test_double_tap_counts_once(chat: Chat, repo: Repo, catalog: Catalog) -> None:
    view = await start_quiz(chat, length=5)
    session_id, _ = position(view)
    option = await right_button(repo, catalog, view)
    data = f"qz:{session_id}:0:{option}"
    first = await chat.click_button(view, data)
    assert "Верно!" in shown(first)["text"]
    second = await chat.click_button(view, data)
    assert notes(second) == ["Вы уже ответили на этот вопрос."]
    assert not [c for c in second if c.method in VIEWS]
    wrong = await chat.click_button(view, f"qz:{session_id}:0:{(option + 1) % 3}")
    assert notes(wrong) == ["Вы уже ответили на этот вопрос."]
    question = await repo.quiz.question(session_id, 0)
    assert question is not None
    assert question.correct is True
    review = (await repo.quiz.reviews(chat.user_id))[question.item_id]
    assert (review.right, review.wrong) == (1, 0)
    feedback = shown(first)
    moved = await chat.click_button(feedback, "qn:")
    again = await chat.click_button(feedback, "qn:")
    assert "Вопрос 2/5" in shown(moved)["text"]
    assert not [c for c in again if c.method in VIEWS]
    session = await repo.quiz.get(session_id)
    assert session is not None
    assert session.position == 1


async def test_concurrent_taps_count_once(
    chat: Chat, repo: Repo, catalog: Catalog, api: FakeBotAPI
) -> None:
    view = await start_quiz(chat, length=5)
    session_id, _ = position(view)
    option = await right_button(repo, catalog, view)
    data = f"qz:{session_id}:0:{(option + 1) % 3}"
    mark = len(api.calls)
    await asyncio.gather(*(chat.click(data) for _ in range(4)))
    calls = api.calls[mark:]
    assert len([c for c in calls if c.method == "editMessageText"]) == 1
    assert sorted(notes(calls)) == [""] + ["Вы уже ответили на этот вопрос."] * 3
    question = await repo.quiz.question(session_id, 0)
    assert question is not None
    review = (await repo.quiz.reviews(chat.user_id))[question.item_id]
    assert (review.right, review.wrong) == (0, 1)


async def test_stale_foreign_and_forged_buttons_change_nothing(
    chat: Chat, repo: Repo, catalog: Catalog, bot: Bot, api: FakeBotAPI
) -> None:
    view = await start_quiz(chat, length=5)
    session_id, _ = position(view)
    stranger = Chat(chat.dp, bot, api, language_code="en")
    calls = await stranger.click(f"qz:{session_id}:0:0")
    assert notes(calls) == ["This is someone else's quiz. Start your own with /quiz."]
    calls = await stranger.click(f"qn:{session_id}:0")
    assert notes(calls) == ["This is someone else's quiz. Start your own with /quiz."]
    calls = await stranger.click(f"qc:share:{session_id}")
    assert notes(calls) == ["This is someone else's quiz. Start your own with /quiz."]

    stale = "Эта кнопка устарела. /quiz продолжит вашу викторину."
    forged = {
        f"qz:{session_id}:3:0": stale,  # a later question, not on screen yet
        f"qz:{session_id}:0:9": stale,  # no such option
        f"qz:{session_id}:-1:0": stale,
        f"qz:{session_id + 1000}:0:0": stale,  # no such quiz
        "qz:99999999999999999999999:0:0": stale,  # would overflow SQLite
        "qz:0:0:0": stale,
        f"qn:{session_id}:0": stale,  # Next before answering
        f"qc:results:{session_id}": stale,  # results of an unfinished quiz
        f"qc:review:{session_id}": stale,
        f"qc:explode:{session_id}": stale,
        "ql:mix:7": stale,  # a length that is not offered
        "ql:nosuchtopic:5": stale,
        "qt:nosuchtopic": stale,
        "qz:abc:0:0": "Эта кнопка устарела. Откройте меню: /start",  # not even parseable
        "qz:1:2": "Эта кнопка устарела. Откройте меню: /start",
    }
    for data, expected in forged.items():
        calls = await chat.click(data)
        assert notes(calls) == [expected], data
        assert not [c for c in calls if c.method in VIEWS], data
    questions = await repo.quiz.questions(session_id)
    assert not any(q.answered for q in questions)
    assert await repo.quiz.reviews(chat.user_id) == {}


async def test_review_of_mistakes_and_share(
    chat: Chat, repo: Repo, catalog: Catalog
) -> None:
    view = await start_quiz(chat, length=5)
    session_id, _ = position(view)
    feedback = await play(chat, repo, catalog, view, [False, True, False, True, True])
    results = shown(await chat.click_button(feedback, "qc:results"))
    assert "Результат: 3/5" in results["text"]
    [review_button] = [b for b in buttons_of(results) if b["callback_data"].startswith("qc:rev")]
    assert "(2)" in review_button["text"]
    calls = await chat.click_button(results, "qc:review")
    [round_message] = [c for c in calls if c.method == "sendMessage"]
    assert "Работа над ошибками 1/2" in round_message["text"]
    review_session, _ = position(round_message)
    wrong_items = {q.item_id for q in await repo.quiz.questions(session_id) if not q.correct}
    assert {q.item_id for q in await repo.quiz.questions(review_session)} == wrong_items
    feedback = await play(chat, repo, catalog, round_message, [True, True])
    review_results = shown(await chat.click_button(feedback, "qc:results"))
    assert "Результат: 2/2" in review_results["text"]
    assert not data_of(review_results, "qc:review")
    calls = await chat.click_button(review_results, "qc:share")
    [share] = [c for c in calls if c.method == "sendMessage"]
    assert "2/2" in share["text"]
    assert "https://t.me/AtaZanBot" in share["text"]
    assert not buttons_of(share)


async def test_myscore_and_spaced_review(chat: Chat, repo: Repo, catalog: Catalog) -> None:
    empty = shown(await chat.send("/myscore"))
    assert "ещё не прошли" in empty["text"]
    view = await start_quiz(chat, length=5)
    first_session, _ = position(view)
    feedback = await play(chat, repo, catalog, view, [False, False, True, True, True])
    await chat.click_button(feedback, "qc:results")
    missed = {q.item_id for q in await repo.quiz.questions(first_session) if not q.correct}

    view = await start_quiz(chat, length=5)
    second_session, _ = position(view)
    asked = {q.item_id for q in await repo.quiz.questions(second_session)}
    assert missed <= asked, "missed questions come back in the next quiz"
    await play(chat, repo, catalog, view, [True] * 5)

    score = shown(await chat.send("/myscore"))["text"]
    assert "Пройдено викторин: 2" in score
    assert "Лучший результат: 5/5" in score
    assert "Последний результат: 5/5" in score
    assert "Дней подряд с викториной: 1" in score
    assert "Вопросов для повторения: 2" in score, "right once is not enough to clear"
    assert "Точность по темам:" in score
    topics = await repo.quiz.topic_scores(chat.user_id)
    for topic, part in topics.items():
        title = html.escape(catalog.topics[topic].title.ru, quote=False)
        assert f"{title}: {part.percent}% ({part.right}/{part.total})" in score


async def test_menu_button_opens_the_quiz(chat: Chat) -> None:
    calls = await chat.click("menu:quiz")
    assert notes(calls) == [""]
    [menu] = [c for c in calls if c.method == "sendMessage"]
    assert data_of(menu, "qt:")[0] == "qt:mix"


async def test_quiz_speaks_the_users_language(
    dp: Dispatcher, bot: Bot, api: FakeBotAPI, repo: Repo, catalog: Catalog
) -> None:
    kazakh = Chat(dp, bot, api, language_code="kk")
    view = await start_quiz(kazakh, length=5)
    assert "Сұрақ 1/5" in view["text"]
    question = await repo.quiz.question(*position(view))
    assert question is not None
    item = catalog.quiz[question.item_id]
    assert html.escape(item.question.kk, quote=False) in view["text"]
    feedback = await answer(kazakh, repo, catalog, view, right=True)
    assert "Дұрыс!" in feedback["text"]


async def test_daily_question_is_one_question_a_day(
    chat: Chat, repo: Repo, catalog: Catalog
) -> None:
    view = shown(await chat.send("/daily"))
    assert "Вопрос дня" in view["text"]
    session_id, index = position(view)
    assert index == 0
    again = shown(await chat.send("/daily"))
    assert position(again) == (session_id, 0), "the same question all day"
    feedback = await answer(chat, repo, catalog, view, right=False)
    assert "Неверно." in feedback["text"]
    assert data_of(feedback, "menu:") == ["menu:quiz"]
    assert not data_of(feedback, "qn:")
    calls = await chat.click_button(view, data_of(view, "qz:")[0])
    assert notes(calls) == ["Вы уже ответили на этот вопрос."]
    after = shown(await chat.send("/daily"))
    assert "Неверно." in after["text"], "answered today: the answer is shown again"
    question = await repo.quiz.question(session_id, 0)
    assert question is not None
    assert (await repo.quiz.reviews(chat.user_id))[question.item_id].due
    button = shown(await chat.click("qd"))
    assert "Неверно." in button["text"]
    # The daily question counts for the streak but is not a "quiz taken".
    score = shown(await chat.send("/myscore"))["text"]
    assert "Пройдено викторин: 0" in score
    assert "Дней подряд с викториной: 1" in score
