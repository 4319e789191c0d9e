"""Quiz storage: atomic answers, spaced-review counters, daily sessions and group quizzes."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage import Repo, open_repo
from bot.storage.quiz import NewQuestion

USER, OTHER = 11, 12


@pytest.fixture
async def db() -> AsyncIterator[Repo]:
    repo = await open_repo(":memory:")
    for user in (USER, OTHER):
        await repo.users.touch(user, "ru")
    yield repo
    await repo.close()


def questions(*ids: str) -> list[NewQuestion]:
    return [NewQuestion(ident, "rights", (2, 0, 1, 3)) for ident in ids]


async def test_session_stores_questions_and_option_order(db: Repo) -> None:
    session = await db.quiz.create(USER, questions("a", "b"), topic="rights")
    assert (session.total, session.position, session.status) == (2, 0, "active")
    stored = await db.quiz.questions(session.id)
    assert [q.item_id for q in stored] == ["a", "b"]
    assert stored[0].options == (2, 0, 1, 3)
    assert not stored[0].answered
    assert await db.quiz.active(USER) == session


async def test_answer_counts_once_even_when_taps_race(db: Repo) -> None:
    session = await db.quiz.create(USER, questions("a", "b"))
    results = await asyncio.gather(
        *(db.quiz.answer(session.id, USER, 0, chosen=1, correct=True) for _ in range(5))
    )
    assert sorted(results) == [False, False, False, False, True]
    reviews = await db.quiz.reviews(USER)
    assert (reviews["a"].right, reviews["a"].wrong) == (1, 0)


async def test_answer_refuses_other_users_and_other_positions(db: Repo) -> None:
    session = await db.quiz.create(USER, questions("a", "b"))
    assert not await db.quiz.answer(session.id, OTHER, 0, chosen=1, correct=True)
    assert not await db.quiz.answer(session.id, USER, 1, chosen=1, correct=True)
    assert not await db.quiz.answer(session.id + 99, USER, 0, chosen=1, correct=True)
    assert await db.quiz.answer(session.id, USER, 0, chosen=1, correct=True)


async def test_advance_needs_an_answer_and_moves_once(db: Repo) -> None:
    session = await db.quiz.create(USER, questions("a", "b"))
    assert not await db.quiz.advance(session.id, USER, 0)
    await db.quiz.answer(session.id, USER, 0, chosen=0, correct=False)
    assert not await db.quiz.advance(session.id, OTHER, 0)
    assert await db.quiz.advance(session.id, USER, 0)
    assert not await db.quiz.advance(session.id, USER, 0)
    current = await db.quiz.get(session.id)
    assert current is not None
    assert current.position == 1


async def test_last_answer_finishes_the_session(db: Repo) -> None:
    session = await db.quiz.create(USER, questions("a", "b"))
    await db.quiz.answer(session.id, USER, 0, chosen=1, correct=True)
    await db.quiz.advance(session.id, USER, 0)
    await db.quiz.answer(session.id, USER, 1, chosen=0, correct=False)
    finished = await db.quiz.get(session.id)
    assert finished is not None
    assert finished.status == "finished"
    assert not await db.quiz.advance(session.id, USER, 1)
    [record] = await db.quiz.finished(USER)
    assert (record.score.right, record.score.total) == (1, 2)
    assert await db.quiz.active(USER) is None


async def test_a_new_quiz_abandons_the_running_one(db: Repo) -> None:
    first = await db.quiz.create(USER, questions("a"))
    second = await db.quiz.create(USER, questions("b"))
    old = await db.quiz.get(first.id)
    assert old is not None
    assert old.status == "abandoned"
    assert await db.quiz.active(USER) == second
    assert not await db.quiz.answer(first.id, USER, 0, chosen=1, correct=True)


async def test_spaced_review_counters(db: Repo) -> None:
    for correct in (False, True):
        session = await db.quiz.create(USER, questions("a"))
        await db.quiz.answer(session.id, USER, 0, chosen=1, correct=correct)
    assert (await db.quiz.reviews(USER))["a"].due
    assert await db.quiz.due_count(USER) == 1
    session = await db.quiz.create(USER, questions("a"))
    await db.quiz.answer(session.id, USER, 0, chosen=1, correct=True)
    review = (await db.quiz.reviews(USER))["a"]
    assert (review.wrong, review.right, review.streak, review.due) == (1, 2, 2, False)
    assert await db.quiz.due_count(USER) == 0


async def test_topic_scores_and_days(db: Repo) -> None:
    session = await db.quiz.create(
        USER, [NewQuestion("a", "rights", (0, 1, 2)), NewQuestion("b", "courts", (0, 1, 2))]
    )
    await db.quiz.answer(session.id, USER, 0, chosen=1, correct=True)
    await db.quiz.advance(session.id, USER, 0)
    await db.quiz.answer(session.id, USER, 1, chosen=0, correct=False)
    scores = await db.quiz.topic_scores(USER)
    assert (scores["rights"].right, scores["rights"].total) == (1, 1)
    assert (scores["courts"].right, scores["courts"].total) == (0, 1)
    [moment] = await db.quiz.answered_days(USER)
    assert abs((dt.datetime.now(dt.UTC) - moment).total_seconds()) < 60


async def test_one_daily_session_per_user_and_day(db: Repo) -> None:
    question = NewQuestion("a", "rights", (1, 0, 2))
    sessions = await asyncio.gather(
        *(db.quiz.create_daily(USER, "2026-12-01", question) for _ in range(3))
    )
    assert len({s.id for s in sessions}) == 1
    assert sessions[0].kind == "daily"
    other_day = await db.quiz.create_daily(USER, "2026-12-02", question)
    assert other_day.id != sessions[0].id
    assert len(await db.quiz.questions(sessions[0].id)) == 1
    # A daily question neither blocks nor is abandoned by a regular quiz.
    await db.quiz.create(USER, questions("b"))
    daily = await db.quiz.daily(USER, "2026-12-01")
    assert daily is not None
    assert daily.active


async def test_forgetting_a_user_deletes_quiz_data(db: Repo) -> None:
    session = await db.quiz.create(USER, questions("a"))
    await db.quiz.answer(session.id, USER, 0, chosen=1, correct=False)
    quiz = await db.group_quiz.start(-100, USER, "ru", ["a"])
    assert quiz is not None
    await db.group_quiz.record_poll(
        quiz.id, 0, poll_id="p1", item_id="a", correct=1, message_id=5,
        next_at=dt.datetime.now(dt.UTC),
    )
    await db.group_quiz.record_answer("p1", USER, "Aigerim", correct=True)
    await db.users.delete(USER)
    assert await db.quiz.get(session.id) is None
    assert await db.quiz.questions(session.id) == []
    assert await db.quiz.reviews(USER) == {}
    assert await db.group_quiz.participants(quiz.id) == []


async def test_quiz_survives_reopening_the_file(tmp_path: Path) -> None:
    path = str(tmp_path / "quiz.sqlite3")
    repo = await open_repo(path)
    await repo.users.touch(USER, "ru")
    session = await repo.quiz.create(USER, questions("a", "b", "c"))
    await repo.quiz.answer(session.id, USER, 0, chosen=1, correct=True)
    await repo.quiz.advance(session.id, USER, 0)
    await repo.close()
    repo = await open_repo(path)
    try:
        again = await repo.quiz.active(USER)
        assert again is not None
        assert (again.id, again.position) == (session.id, 1)
    finally:
        await repo.close()


async def test_group_quiz_lifecycle(db: Repo) -> None:
    quiz = await db.group_quiz.start(-100, USER, "kk", ["a", "b"])
    assert quiz is not None
    assert (quiz.items, quiz.position, quiz.running) == (("a", "b"), 0, True)
    assert await db.group_quiz.start(-100, USER, "kk", ["c"]) is None
    assert await db.group_quiz.running(-100) == quiz
    due = dt.datetime(2026, 12, 1, 10, 0, 33, tzinfo=dt.UTC)
    await db.group_quiz.record_poll(
        quiz.id, 0, poll_id="p1", item_id="a", correct=2, message_id=7, next_at=due
    )
    moved = await db.group_quiz.get(quiz.id)
    assert moved is not None
    assert (moved.position, moved.next_at) == (1, due)
    poll = await db.group_quiz.poll("p1")
    assert poll is not None
    assert (poll.quiz_id, poll.correct) == (quiz.id, 2)
    assert await db.group_quiz.poll("unknown") is None
    assert await db.group_quiz.record_answer("p1", USER, "Aigerim", correct=True)
    assert not await db.group_quiz.record_answer("p1", USER, "Aigerim", correct=False)
    assert await db.group_quiz.record_answer("p1", OTHER, "Dias", correct=False)
    results = {p.name: (p.right, p.answered) for p in await db.group_quiz.participants(quiz.id)}
    assert results == {"Aigerim": (1, 1), "Dias": (0, 1)}
    assert [q.id for q in await db.group_quiz.all_running()] == [quiz.id]
    assert await db.group_quiz.finish(quiz.id)
    assert not await db.group_quiz.finish(quiz.id, "stopped")
    assert await db.group_quiz.running(-100) is None
    assert await db.group_quiz.start(-100, USER, "kk", ["c"]) is not None
