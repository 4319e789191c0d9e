"""Quiz state in SQLite, so a quiz survives restarts and a double tap can never count twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import aiosqlite

from bot.quiz.review import RIGHTS_TO_CLEAR, ItemReview
from bot.quiz.scoring import Score
from bot.storage.db import iso, utcnow

PLAYED: Final = ("quiz", "review")  # kinds that count as "quizzes taken"


@dataclass(frozen=True)
class QuizSession:
    """One private quiz and where it stands."""

    id: int
    user_id: int
    kind: str
    topic: str | None
    total: int
    position: int
    status: str
    day: str | None
    parent_id: int | None
    started_at: str
    finished_at: str | None

    @property
    def active(self) -> bool:
        """True while questions can be answered."""
        return self.status == "active"


@dataclass(frozen=True)
class QuizQuestion:
    """One question of a session with its option order and, once answered, the answer."""

    session_id: int
    index: int
    item_id: str
    topic: str
    options: tuple[int, ...]
    chosen: int | None
    correct: bool | None

    @property
    def answered(self) -> bool:
        """True once an answer is recorded."""
        return self.chosen is not None


@dataclass(frozen=True)
class NewQuestion:
    """A question to store in a new session."""

    item_id: str
    topic: str
    options: tuple[int, ...]


@dataclass(frozen=True)
class FinishedQuiz:
    """A finished session with its score, for /myscore."""

    id: int
    kind: str
    finished_at: dt.datetime
    score: Score


@dataclass(frozen=True)
class GroupQuiz:
    """A quiz of native polls in a group chat."""

    id: int
    chat_id: int
    started_by: int
    lang: str
    items: tuple[str, ...]
    position: int
    status: str
    next_at: dt.datetime | None

    @property
    def running(self) -> bool:
        """True until finished or stopped."""
        return self.status == "running"


@dataclass(frozen=True)
class GroupPoll:
    """A sent poll mapped to its quiz and correct option."""

    poll_id: str
    quiz_id: int
    position: int
    item_id: str
    correct: int


@dataclass(frozen=True)
class Participant:
    """A group member's tally in one group quiz."""

    user_id: int
    name: str
    right: int
    answered: int


_SESSION_COLUMNS: Final = (
    "id, user_id, kind, topic, total, position, status, day, parent_id, started_at, finished_at"
)


def _session(row: aiosqlite.Row) -> QuizSession:
    return QuizSession(
        id=row["id"],
        user_id=row["user_id"],
        kind=row["kind"],
        topic=row["topic"],
        total=row["total"],
        position=row["position"],
        status=row["status"],
        day=row["day"],
        parent_id=row["parent_id"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
    )


def _question(row: aiosqlite.Row) -> QuizQuestion:
    correct = row["is_correct"]
    return QuizQuestion(
        session_id=row["session_id"],
        index=row["position"],
        item_id=row["item_id"],
        topic=row["topic"],
        options=tuple(int(part) for part in str(row["options"]).split(",")),
        chosen=row["chosen"],
        correct=None if correct is None else bool(correct),
    )


def _moment(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


class QuizRepo:
    """Private quiz sessions, their questions and the spaced-review counters."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def create(
        self,
        user_id: int,
        questions: Sequence[NewQuestion],
        *,
        kind: str = "quiz",
        topic: str | None = None,
        parent_id: int | None = None,
    ) -> QuizSession:
        """Start a session; any other running quiz or review of the user is abandoned."""
        if not questions:
            raise ValueError("a quiz needs at least one question")
        now = iso(utcnow())
        await self._conn.execute(
            "UPDATE quiz_sessions SET status = 'abandoned', finished_at = ? "
            "WHERE user_id = ? AND status = 'active' AND kind != 'daily'",
            (now, user_id),
        )
        cursor = await self._conn.execute(
            "INSERT INTO quiz_sessions "
            "(user_id, kind, topic, total, status, parent_id, started_at) "
            "VALUES (?, ?, ?, ?, 'active', ?, ?)",
            (user_id, kind, topic, len(questions), parent_id, now),
        )
        session_id = cursor.lastrowid
        await self._insert_questions(session_id, questions)
        await self._conn.commit()
        session = await self.get(session_id)
        assert session is not None
        return session

    async def create_daily(self, user_id: int, day: str, question: NewQuestion) -> QuizSession:
        """The user's daily session for ``day``, created on first use (one per user and day)."""
        existing = await self.daily(user_id, day)
        if existing is not None:
            return existing
        cursor = await self._conn.execute(
            "INSERT INTO quiz_sessions (user_id, kind, total, status, day, started_at) "
            "VALUES (?, 'daily', 1, 'active', ?, ?) ON CONFLICT DO NOTHING",
            (user_id, day, iso(utcnow())),
        )
        if cursor.rowcount == 1:  # else another tap created it between our read and insert
            await self._insert_questions(cursor.lastrowid, [question])
        await self._conn.commit()
        session = await self.daily(user_id, day)
        assert session is not None
        return session

    async def _insert_questions(
        self, session_id: int | None, questions: Sequence[NewQuestion]
    ) -> None:
        await self._conn.executemany(
            "INSERT INTO quiz_answers (session_id, position, item_id, topic, options) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (session_id, index, q.item_id, q.topic, ",".join(str(o) for o in q.options))
                for index, q in enumerate(questions)
            ],
        )

    async def get(self, session_id: int) -> QuizSession | None:
        """A session by id, or None."""
        async with self._conn.execute(
            f"SELECT {_SESSION_COLUMNS} FROM quiz_sessions WHERE id = ?", (session_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return _session(row) if row else None

    async def active(self, user_id: int) -> QuizSession | None:
        """The user's running quiz or review (daily questions aside), or None."""
        async with self._conn.execute(
            f"SELECT {_SESSION_COLUMNS} FROM quiz_sessions "
            "WHERE user_id = ? AND status = 'active' AND kind != 'daily' ORDER BY id DESC LIMIT 1",
            (user_id,),
        ) as cursor:
            row = await cursor.fetchone()
        return _session(row) if row else None

    async def daily(self, user_id: int, day: str) -> QuizSession | None:
        """The user's daily session of ``day``, or None."""
        async with self._conn.execute(
            f"SELECT {_SESSION_COLUMNS} FROM quiz_sessions "
            "WHERE user_id = ? AND kind = 'daily' AND day = ?",
            (user_id, day),
        ) as cursor:
            row = await cursor.fetchone()
        return _session(row) if row else None

    async def question(self, session_id: int, index: int) -> QuizQuestion | None:
        """One question of a session, or None."""
        async with self._conn.execute(
            "SELECT session_id, position, item_id, topic, options, chosen, is_correct "
            "FROM quiz_answers WHERE session_id = ? AND position = ?",
            (session_id, index),
        ) as cursor:
            row = await cursor.fetchone()
        return _question(row) if row else None

    async def questions(self, session_id: int) -> list[QuizQuestion]:
        """Every question of a session, in order."""
        async with self._conn.execute(
            "SELECT session_id, position, item_id, topic, options, chosen, is_correct "
            "FROM quiz_answers WHERE session_id = ? ORDER BY position",
            (session_id,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [_question(row) for row in rows]

    async def answer(
        self, session_id: int, user_id: int, index: int, *, chosen: int, correct: bool
    ) -> bool:
        """Record an answer to the question on screen; False when it was answered already.

        One conditional UPDATE decides, so two taps racing each other cannot both count. The
        spaced-review counters move only for the accepted answer, and answering the last
        question finishes the session.
        """
        now = iso(utcnow())
        cursor = await self._conn.execute(
            "UPDATE quiz_answers SET chosen = ?, is_correct = ?, answered_at = ? "
            "WHERE session_id = ? AND position = ? AND chosen IS NULL AND EXISTS ("
            "  SELECT 1 FROM quiz_sessions s WHERE s.id = ? AND s.user_id = ?"
            "  AND s.status = 'active' AND s.position = ?)",
            (chosen, int(correct), now, session_id, index, session_id, user_id, index),
        )
        if cursor.rowcount != 1:
            await self._conn.commit()
            return False
        await self._conn.execute(
            "INSERT INTO quiz_progress "
            "(user_id, item_id, wrong_count, right_count, right_streak, updated_at) "
            "SELECT ?, item_id, ?, ?, ?, ? FROM quiz_answers "
            "WHERE session_id = ? AND position = ? "
            "ON CONFLICT(user_id, item_id) DO UPDATE SET "
            "wrong_count = wrong_count + excluded.wrong_count, "
            "right_count = right_count + excluded.right_count, "
            "right_streak = CASE WHEN excluded.right_count = 1 THEN right_streak + 1 ELSE 0 END, "
            "updated_at = excluded.updated_at",
            (user_id, int(not correct), int(correct), int(correct), now, session_id, index),
        )
        await self._conn.execute(
            "UPDATE quiz_sessions SET status = 'finished', finished_at = ? "
            "WHERE id = ? AND status = 'active' AND total = ? + 1",
            (now, session_id, index),
        )
        await self._conn.commit()
        return True

    async def advance(self, session_id: int, user_id: int, index: int) -> bool:
        """Move from answered question ``index`` to the next; False when already moved or stale."""
        cursor = await self._conn.execute(
            "UPDATE quiz_sessions SET position = position + 1 "
            "WHERE id = ? AND user_id = ? AND status = 'active' AND position = ? "
            "AND position + 1 < total AND EXISTS ("
            "  SELECT 1 FROM quiz_answers a WHERE a.session_id = ? AND a.position = ?"
            "  AND a.chosen IS NOT NULL)",
            (session_id, user_id, index, session_id, index),
        )
        await self._conn.commit()
        return cursor.rowcount == 1

    async def abandon(self, session_id: int, user_id: int) -> bool:
        """Give up a running quiz of the user; False when it was not running."""
        cursor = await self._conn.execute(
            "UPDATE quiz_sessions SET status = 'abandoned', finished_at = ? "
            "WHERE id = ? AND user_id = ? AND status = 'active'",
            (iso(utcnow()), session_id, user_id),
        )
        await self._conn.commit()
        return cursor.rowcount == 1

    async def reviews(self, user_id: int) -> dict[str, ItemReview]:
        """The user's spaced-review record per item."""
        async with self._conn.execute(
            "SELECT item_id, wrong_count, right_count, right_streak FROM quiz_progress "
            "WHERE user_id = ?",
            (user_id,),
        ) as cursor:
            rows = await cursor.fetchall()
        return {
            row["item_id"]: ItemReview(
                row["item_id"], row["wrong_count"], row["right_count"], row["right_streak"]
            )
            for row in rows
        }

    async def due_count(self, user_id: int) -> int:
        """How many items wait for review."""
        async with self._conn.execute(
            "SELECT COUNT(*) FROM quiz_progress "
            "WHERE user_id = ? AND wrong_count > 0 AND right_streak < ?",
            (user_id, RIGHTS_TO_CLEAR),
        ) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def finished(self, user_id: int, *, kinds: Sequence[str] = PLAYED) -> list[FinishedQuiz]:
        """Finished sessions of the given kinds with their scores, oldest first."""
        marks = ", ".join("?" for _ in kinds)
        async with self._conn.execute(
            "SELECT s.id, s.kind, s.finished_at, COUNT(a.position) AS total, "
            "COALESCE(SUM(a.is_correct), 0) AS right_answers "
            "FROM quiz_sessions s JOIN quiz_answers a ON a.session_id = s.id "
            f"WHERE s.user_id = ? AND s.status = 'finished' AND s.kind IN ({marks}) "
            "GROUP BY s.id ORDER BY s.finished_at, s.id",
            (user_id, *kinds),
        ) as cursor:
            rows = await cursor.fetchall()
        return [
            FinishedQuiz(
                id=row["id"],
                kind=row["kind"],
                finished_at=dt.datetime.fromisoformat(row["finished_at"]),
                score=Score(right=int(row["right_answers"]), total=int(row["total"])),
            )
            for row in rows
        ]

    async def answered_days(self, user_id: int) -> list[dt.datetime]:
        """When each of the user's sessions (daily questions included) was finished."""
        async with self._conn.execute(
            "SELECT finished_at FROM quiz_sessions "
            "WHERE user_id = ? AND status = 'finished' AND finished_at IS NOT NULL",
            (user_id,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [dt.datetime.fromisoformat(row["finished_at"]) for row in rows]

    async def topic_scores(self, user_id: int) -> dict[str, Score]:
        """Right answers out of answered questions per topic, over all the user's sessions."""
        async with self._conn.execute(
            "SELECT a.topic, COUNT(*) AS total, SUM(a.is_correct) AS right_answers "
            "FROM quiz_answers a JOIN quiz_sessions s ON s.id = a.session_id "
            "WHERE s.user_id = ? AND a.chosen IS NOT NULL GROUP BY a.topic",
            (user_id,),
        ) as cursor:
            rows = await cursor.fetchall()
        return {
            row["topic"]: Score(right=int(row["right_answers"]), total=int(row["total"]))
            for row in rows
        }


class GroupQuizRepo:
    """Group quizzes, their polls and the participants' answers."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def start(
        self, chat_id: int, started_by: int, lang: str, items: Sequence[str]
    ) -> GroupQuiz | None:
        """Create a running quiz; None when the chat already has one."""
        cursor = await self._conn.execute(
            "INSERT INTO group_quizzes (chat_id, started_by, lang, items, status, created_at) "
            "VALUES (?, ?, ?, ?, 'running', ?) ON CONFLICT DO NOTHING",
            (chat_id, started_by, lang, ",".join(items), iso(utcnow())),
        )
        await self._conn.commit()
        if cursor.rowcount != 1:
            return None
        return await self.get(cursor.lastrowid or 0)

    async def get(self, quiz_id: int) -> GroupQuiz | None:
        """A group quiz by id."""
        return await self._one("WHERE id = ?", (quiz_id,))

    async def running(self, chat_id: int) -> GroupQuiz | None:
        """The chat's running quiz, or None."""
        return await self._one("WHERE chat_id = ? AND status = 'running'", (chat_id,))

    async def all_running(self) -> list[GroupQuiz]:
        """Every running group quiz (resumed at start-up)."""
        async with self._conn.execute(
            "SELECT id, chat_id, started_by, lang, items, position, status, next_at "
            "FROM group_quizzes WHERE status = 'running' ORDER BY id"
        ) as cursor:
            rows = await cursor.fetchall()
        return [self._quiz(row) for row in rows]

    async def _one(self, where: str, args: tuple[object, ...]) -> GroupQuiz | None:
        async with self._conn.execute(
            "SELECT id, chat_id, started_by, lang, items, position, status, next_at "
            f"FROM group_quizzes {where}",
            args,
        ) as cursor:
            row = await cursor.fetchone()
        return self._quiz(row) if row else None

    @staticmethod
    def _quiz(row: aiosqlite.Row) -> GroupQuiz:
        return GroupQuiz(
            id=row["id"],
            chat_id=row["chat_id"],
            started_by=row["started_by"],
            lang=row["lang"],
            items=tuple(part for part in str(row["items"]).split(",") if part),
            position=row["position"],
            status=row["status"],
            next_at=_moment(row["next_at"]),
        )

    async def record_poll(
        self,
        quiz_id: int,
        position: int,
        *,
        poll_id: str,
        item_id: str,
        correct: int,
        message_id: int | None,
        next_at: dt.datetime,
    ) -> None:
        """Remember a sent poll and move the quiz on to the next position."""
        now = iso(utcnow())
        await self._conn.execute(
            "INSERT OR IGNORE INTO group_polls "
            "(poll_id, quiz_id, position, item_id, correct, message_id, sent_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (poll_id, quiz_id, position, item_id, correct, message_id, now),
        )
        await self._conn.execute(
            "UPDATE group_quizzes SET position = ?, next_at = ? "
            "WHERE id = ? AND status = 'running'",
            (position + 1, iso(next_at), quiz_id),
        )
        await self._conn.commit()

    async def skip(self, quiz_id: int, position: int) -> None:
        """Step over a question that can no longer be sent (its item left the content)."""
        await self._conn.execute(
            "UPDATE group_quizzes SET position = ? "
            "WHERE id = ? AND status = 'running' AND position = ?",
            (position + 1, quiz_id, position),
        )
        await self._conn.commit()

    async def poll(self, poll_id: str) -> GroupPoll | None:
        """The quiz poll with this id, or None for polls the bot did not send."""
        async with self._conn.execute(
            "SELECT poll_id, quiz_id, position, item_id, correct FROM group_polls "
            "WHERE poll_id = ?",
            (poll_id,),
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        return GroupPoll(
            poll_id=row["poll_id"],
            quiz_id=row["quiz_id"],
            position=row["position"],
            item_id=row["item_id"],
            correct=row["correct"],
        )

    async def record_answer(self, poll_id: str, user_id: int, name: str, *, correct: bool) -> bool:
        """Count a participant's first answer to a poll; False for a repeated answer."""
        cursor = await self._conn.execute(
            "INSERT INTO group_answers (poll_id, user_id, name, is_correct, answered_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(poll_id, user_id) DO NOTHING",
            (poll_id, user_id, name[:64], int(correct), iso(utcnow())),
        )
        await self._conn.commit()
        return cursor.rowcount == 1

    async def finish(self, quiz_id: int, status: str = "finished") -> bool:
        """Close a running quiz; only the first caller gets True (and posts the ranking)."""
        cursor = await self._conn.execute(
            "UPDATE group_quizzes SET status = ?, finished_at = ? "
            "WHERE id = ? AND status = 'running'",
            (status, iso(utcnow()), quiz_id),
        )
        await self._conn.commit()
        return cursor.rowcount == 1

    async def participants(self, quiz_id: int) -> list[Participant]:
        """Everyone who answered a poll of the quiz, with their right answers."""
        async with self._conn.execute(
            "SELECT a.user_id, MAX(a.name) AS name, SUM(a.is_correct) AS right_answers, "
            "COUNT(*) AS answered FROM group_answers a "
            "JOIN group_polls p ON p.poll_id = a.poll_id WHERE p.quiz_id = ? GROUP BY a.user_id",
            (quiz_id,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [
            Participant(
                user_id=row["user_id"],
                name=row["name"],
                right=int(row["right_answers"]),
                answered=int(row["answered"]),
            )
            for row in rows
        ]
