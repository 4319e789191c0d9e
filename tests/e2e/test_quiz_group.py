"""Group quizzes: admins start a series of native quiz polls; poll answers make the ranking."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.utils.i18n import I18n

from bot.storage import Repo
from handlers.group_quiz import GroupQuizRunner
from tests.fake_api import Call, Chat, FakeBotAPI

if TYPE_CHECKING:
    from bot.content.catalog import Catalog

GROUP = -1001234
TEACHER = 500
PUPILS = {501: "Aigerim", 502: "Dias", 503: "Erlan"}


class ManualClock:
    """An injectable ``sleep`` that returns only when the test says the time has passed."""

    def __init__(self) -> None:
        self.sleepers: asyncio.Queue[tuple[float, asyncio.Event]] = asyncio.Queue()

    async def sleep(self, seconds: float) -> None:
        event = asyncio.Event()
        await self.sleepers.put((seconds, event))
        await event.wait()

    async def asleep(self) -> None:
        """Wait until the worker sleeps (its poll is sent and recorded)."""
        for _ in range(500):
            if not self.sleepers.empty():
                return
            await asyncio.sleep(0.01)
        raise TimeoutError("the worker never went to sleep")

    async def tick(self) -> float:
        """Wake the sleeping worker; return how long it meant to sleep."""
        seconds, event = await asyncio.wait_for(self.sleepers.get(), 5)
        event.set()
        return seconds


def valid_polls(api: FakeBotAPI, ids: list[str]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """sendPoll results with every field aiogram 3.31 requires (Bot API 9.6)."""
    numbers = itertools.count(1)

    def build(params: dict[str, Any]) -> dict[str, Any]:
        poll_id = f"poll-{next(numbers)}"
        ids.append(poll_id)
        options = [o["text"] if isinstance(o, dict) else str(o) for o in params["options"]]
        poll = {
            "id": poll_id,
            "question": params["question"],
            "options": [
                {"persistent_id": str(n), "text": text, "voter_count": 0}
                for n, text in enumerate(options)
            ],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": False,
            "type": "quiz",
            "allows_multiple_answers": False,
            "allows_revoting": False,
            "members_only": False,
        }
        return api.results.message(params, poll=poll)

    return build


def runner_on(clock: ManualClock, repo: Repo, catalog: Catalog, i18n: I18n) -> GroupQuizRunner:
    """A runner with a 5-second open period whose waits end when the test ticks."""
    return GroupQuizRunner(
        repo, lambda: catalog, i18n, open_period=5, pause=1, sleep=clock.sleep
    )


@pytest.fixture
async def clock(
    dp: Dispatcher, repo: Repo, catalog: Catalog, i18n: I18n
) -> AsyncIterator[ManualClock]:
    """A runner on a manual clock with a short open period."""
    manual = ManualClock()
    runner = runner_on(manual, repo, catalog, i18n)
    dp["group_quizzes"] = runner
    dp["throttle"].enabled = False
    yield manual
    await runner.close()


@pytest.fixture
def poll_ids(api: FakeBotAPI) -> list[str]:
    ids: list[str] = []
    api.overrides["sendPoll"] = valid_polls(api, ids)
    return ids


def member(dp: Dispatcher, bot: Bot, api: FakeBotAPI, user_id: int, lang: str = "ru") -> Chat:
    return Chat(dp, bot, api, user_id=user_id, chat_id=GROUP, chat_type="supergroup",
                language_code=lang)


def vote(poll_id: str, user_id: int, option: int) -> dict[str, Any]:
    return {
        "update_id": int(time.monotonic() * 1000),
        "poll_answer": {
            "poll_id": poll_id,
            "option_ids": [option],
            "option_persistent_ids": [str(option)],
            "user": {"id": user_id, "is_bot": False, "first_name": PUPILS.get(user_id, "X")},
        },
    }


def texts(calls: list[Call]) -> list[str]:
    return [str(c["text"]) for c in calls if c.method == "sendMessage"]


async def test_only_admins_start_or_stop(
    dp: Dispatcher, bot: Bot, api: FakeBotAPI, clock: ManualClock, poll_ids: list[str]
) -> None:
    pupil = member(dp, bot, api, 501)
    calls = await pupil.send("/quiz")
    assert texts(calls) == [
        "Извините, запускать и останавливать викторину здесь могут только администраторы "
        "группы. Пройти викторину можно в личном чате со мной."
    ]
    assert [c.method for c in calls if c.method == "getChatMember"] == ["getChatMember"]
    calls = await pupil.send("/stopquiz")
    assert "только администраторы" in texts(calls)[0]
    await asyncio.sleep(0)
    assert not api.methods("sendPoll")


async def test_group_quiz_with_three_participants_and_ranking(
    dp: Dispatcher,
    bot: Bot,
    api: FakeBotAPI,
    repo: Repo,
    catalog: Catalog,
    clock: ManualClock,
    poll_ids: list[str],
) -> None:
    api.group_admins.add(TEACHER)
    teacher = member(dp, bot, api, TEACHER)
    intro = texts(await teacher.send("/quiz 5"))
    assert intro == [
        "🧠 Викторина по новой Конституции Казахстана! Вопросов: 5, на каждый — 5 с. "
        "Отвечайте в опросах, в конце будет рейтинг участников."
    ]
    assert "уже идёт" in texts(await teacher.send("/quiz"))[0]

    for number in range(5):
        poll = (await api.wait_for("sendPoll", count=number + 1))[number]
        assert poll["chat_id"] == GROUP
        assert poll["type"] == "quiz"
        assert poll["is_anonymous"] is False
        assert poll["open_period"] == 5
        assert str(poll["question"]).startswith(f"{number + 1}/5. ")
        assert 3 <= len(poll["options"]) <= 4
        assert len(str(poll["explanation"])) <= 200
        assert "explanation_parse_mode" not in poll.params
        assert "correct_option_id" not in poll.params
        [correct] = poll["correct_option_ids"]
        stored = await repo.group_quiz.poll(poll_ids[number])
        assert stored is not None
        assert stored.correct == correct
        item = catalog.quiz[stored.item_id]
        assert poll["options"][correct] == item.options.ru[item.correct]
        wrong = (correct + 1) % len(poll["options"])
        await teacher.feed(vote(poll_ids[number], 501, correct))
        await teacher.feed(vote(poll_ids[number], 502, correct if number % 2 == 0 else wrong))
        await teacher.feed(vote(poll_ids[number], 503, wrong))
        await teacher.feed(vote(poll_ids[number], 501, wrong))  # a second vote never counts
        await teacher.feed(vote("someone-elses-poll", 503, 0))
        assert 5 < await clock.tick() <= 6

    [ranking] = await api.wait_for("sendMessage", after=len(api.calls) - 1, timeout=5)
    text = str(ranking["text"])
    assert "Итоги викторины (вопросов: 5)" in text
    lines = text.splitlines()[2:]
    assert lines == ["🥇 Aigerim — 5/5", "🥈 Dias — 3/5", "🥉 Erlan — 0/5"]
    quiz = await repo.group_quiz.running(GROUP)
    assert quiz is None
    assert len(api.methods("sendPoll")) == 5


async def test_stop_posts_the_ranking_so_far(
    dp: Dispatcher,
    bot: Bot,
    api: FakeBotAPI,
    repo: Repo,
    clock: ManualClock,
    poll_ids: list[str],
) -> None:
    api.group_admins.add(TEACHER)
    teacher = member(dp, bot, api, TEACHER, lang="en")
    await teacher.send("/quiz")
    [poll] = await api.wait_for("sendPoll")
    await teacher.feed(vote(poll_ids[0], 502, poll["correct_option_ids"][0]))
    calls = await teacher.send("/stopquiz")
    [ranking] = texts(calls)
    assert ranking.splitlines()[0] == "🏆 <b>Quiz results (questions: 1)</b>"
    assert "🥇 Dias — 1/1" in ranking
    assert "No quiz is running here" in texts(await teacher.send("/stopquiz"))[0]
    await teacher.feed(vote(poll_ids[0], 501, 0))  # after the stop: ignored
    await asyncio.sleep(0.05)
    assert len(api.methods("sendPoll")) == 1
    assert {p.name for p in await repo.group_quiz.participants(1)} == {"Dias"}


async def test_group_quiz_resumes_after_restart(
    dp: Dispatcher,
    bot: Bot,
    api: FakeBotAPI,
    repo: Repo,
    catalog: Catalog,
    i18n: I18n,
    clock: ManualClock,
    poll_ids: list[str],
) -> None:
    api.group_admins.add(TEACHER)
    teacher = member(dp, bot, api, TEACHER)
    await teacher.send("/quiz")
    await clock.asleep()
    await dp["group_quizzes"].close()  # the bot stops while poll 1 is open
    quiz = await repo.group_quiz.running(GROUP)
    assert quiz is not None
    assert quiz.position == 1

    later = ManualClock()
    runner = runner_on(later, repo, catalog, i18n)
    try:
        assert await runner.resume(bot) == 1
        assert 0 < await later.tick() <= 6  # waits out what is left of poll 1
        await api.wait_for("sendPoll", count=2)
        await later.tick()
        await api.wait_for("sendPoll", count=3)
        await later.asleep()
    finally:
        await runner.close()
    running = await repo.group_quiz.running(GROUP)
    assert running is not None
    assert running.position == 3


async def test_private_quiz_command_is_not_a_group_quiz(
    dp: Dispatcher, bot: Bot, api: FakeBotAPI, clock: ManualClock
) -> None:
    private = Chat(dp, bot, api, user_id=TEACHER)
    api.group_admins.add(TEACHER)
    calls = await private.send("/quiz")
    assert not [c for c in calls if c.method == "getChatMember"]
    await asyncio.sleep(0)
    assert not api.methods("sendPoll")
