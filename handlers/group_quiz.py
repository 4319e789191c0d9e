"""Group quizzes for classrooms: a series of native quiz polls, then a ranking of participants.

Only group admins start or stop a quiz. A background task per quiz sends one poll, waits for its
open period, then sends the next; the position and the due time are stored in SQLite, so a
restart resumes the series. Poll answers reach the bot because the polls are non-anonymous and
its own; ``group_polls`` maps each poll id to its quiz and correct option.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import random
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Final

from aiogram import Bot, F, Router
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.filters import Command, CommandObject
from aiogram.types import Message, PollAnswer
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.content.models import QUIZ_QUESTION_MAX
from bot.quiz.scoring import rank
from bot.quiz.selection import QUIZ_LENGTHS, select_items, shuffled_options, topic_pool
from bot.storage.db import utcnow
from handlers.render import esc

if TYPE_CHECKING:
    from bot.content.catalog import Catalog
    from bot.storage import Repo
    from bot.storage.quiz import GroupQuiz, Participant

logger = logging.getLogger(__name__)
router = Router(name=__name__)
router.message.filter(F.chat.type.in_({"group", "supergroup"}))

Sleep = Callable[[float], Awaitable[None]]

ADMIN_STATUSES: Final = frozenset({"creator", "administrator"})
DEFAULT_LENGTH: Final = 5
OPEN_PERIOD: Final = 30  # seconds a poll stays open (Telegram allows 5..2628000)
PAUSE: Final = 3.0  # seconds between a poll closing and the next one
MAX_ATTEMPTS: Final = 3  # sends of one poll after network or server errors
RANKING_MAX: Final = 50
MEDALS: Final = {1: "🥇", 2: "🥈", 3: "🥉"}


def ranking_text(participants: Iterable[Participant], asked: int) -> str:
    """The final ranking: places with medals, names and right answers out of ``asked``."""
    lines = ["🏆 <b>" + esc(_("group-quiz-results").format(total=asked)) + "</b>", ""]
    standings = rank(participants)
    if not standings:
        lines.append(esc(_("group-quiz-nobody")))
    for standing in standings[:RANKING_MAX]:
        mark = MEDALS.get(standing.place, f"{standing.place}.")
        lines.append(f"{mark} {esc(standing.name)} — {standing.right}/{asked}")
    return "\n".join(lines)


def poll_question(index: int, total: int, question: str) -> str:
    """``3/10. Question``, or the bare question when the prefix would not fit the limit."""
    numbered = f"{index + 1}/{total}. {question}"
    return numbered if len(numbered) <= QUIZ_QUESTION_MAX else question


class GroupQuizRunner:
    """Runs group quizzes in the background; all state is in SQLite, tasks are only workers.

    ``catalog`` is a getter, so polls come from the current content after a /reload, and
    ``sleep`` is injectable so tests can step through a quiz without waiting for real time.
    """

    def __init__(
        self,
        repo: Repo,
        catalog: Callable[[], Catalog],
        i18n: I18n,
        *,
        open_period: int = OPEN_PERIOD,
        pause: float = PAUSE,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.repo = repo
        self.catalog = catalog
        self.i18n = i18n
        self.open_period = open_period
        self.pause = pause
        self._sleep = sleep
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._rng = random.SystemRandom()

    def launch(self, bot: Bot, quiz_id: int) -> None:
        """Start (or resume) the worker of one quiz unless it already runs."""
        task = self._tasks.get(quiz_id)
        if task is not None and not task.done():
            return
        task = asyncio.create_task(self._run(bot, quiz_id), name=f"group-quiz-{quiz_id}")
        self._tasks[quiz_id] = task
        task.add_done_callback(lambda done: self._forget(quiz_id, done))

    def _forget(self, quiz_id: int, task: asyncio.Task[None]) -> None:
        if self._tasks.get(quiz_id) is task:
            del self._tasks[quiz_id]

    async def resume(self, bot: Bot) -> int:
        """Resume every quiz the database says is running (after a restart)."""
        running = await self.repo.group_quiz.all_running()
        for quiz in running:
            self.launch(bot, quiz.id)
        if running:
            logger.info("resumed %d group quizzes", len(running))
        return len(running)

    async def stop(self, bot: Bot, quiz: GroupQuiz) -> bool:
        """Stop a running quiz and post the ranking so far; False when it was not running."""
        if not await self.repo.group_quiz.finish(quiz.id, "stopped"):
            return False
        task = self._tasks.pop(quiz.id, None)
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._post_ranking(bot, quiz.id)
        return True

    async def close(self) -> None:
        """Stop the workers; running quizzes stay running in SQLite and resume on next start."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()

    async def wait(self, quiz_id: int) -> None:
        """Wait until the worker of ``quiz_id`` ends (for tests and shutdown)."""
        task = self._tasks.get(quiz_id)
        if task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self, bot: Bot, quiz_id: int) -> None:
        I18n.set_current(self.i18n)  # the worker may start outside any update (resume)
        failures = 0
        try:
            while True:
                quiz = await self.repo.group_quiz.get(quiz_id)
                if quiz is None or not quiz.running:
                    return
                if quiz.next_at is not None:
                    wait = (quiz.next_at - utcnow()).total_seconds()
                    if wait > 0:
                        await self._sleep(wait)
                    quiz = await self.repo.group_quiz.get(quiz_id)
                    if quiz is None or not quiz.running:
                        return
                if quiz.position >= len(quiz.items):
                    if await self.repo.group_quiz.finish(quiz_id):
                        await self._post_ranking(bot, quiz_id)
                    return
                try:
                    await self._send_poll(bot, quiz)
                except TelegramRetryAfter as exc:
                    await self._sleep(exc.retry_after)
                except (TelegramNetworkError, TelegramServerError) as exc:
                    failures += 1
                    if failures >= MAX_ATTEMPTS:
                        raise
                    logger.warning("group quiz %s: poll not sent (%s); retrying", quiz_id, exc)
                    await self._sleep(2.0 * failures)
                else:
                    failures = 0
        except TelegramAPIError as exc:  # kicked, polls not allowed, or the network gave up
            logger.warning("group quiz %s stopped: %s", quiz_id, exc)
            await self.repo.group_quiz.finish(quiz_id, "failed")
        except Exception:
            logger.exception("group quiz %s failed", quiz_id)
            await self.repo.group_quiz.finish(quiz_id, "failed")

    async def _send_poll(self, bot: Bot, quiz: GroupQuiz) -> None:
        """Send the quiz poll at the current position and record it."""
        item = self.catalog().quiz.get(quiz.items[quiz.position])
        if item is None:
            logger.warning("group quiz %s: item %s is gone", quiz.id, quiz.items[quiz.position])
            await self.repo.group_quiz.skip(quiz.id, quiz.position)
            return
        lang = quiz.lang
        texts = item.options.get(lang)
        order = shuffled_options(len(texts), self._rng)
        correct = order.index(item.correct)
        message = await bot.send_poll(
            chat_id=quiz.chat_id,
            question=poll_question(quiz.position, len(quiz.items), item.question.get(lang)),
            options=[texts[index] for index in order],
            type="quiz",
            is_anonymous=False,
            correct_option_ids=[correct],
            explanation=item.explanation.get(lang),
            open_period=self.open_period,
            question_parse_mode=None,
            explanation_parse_mode=None,
        )
        if message.poll is None:
            raise RuntimeError("sendPoll returned a message without a poll")
        next_at = utcnow() + dt.timedelta(seconds=self.open_period + self.pause)
        await self.repo.group_quiz.record_poll(
            quiz.id,
            quiz.position,
            poll_id=message.poll.id,
            item_id=item.id,
            correct=correct,
            message_id=message.message_id,
            next_at=next_at,
        )

    async def _post_ranking(self, bot: Bot, quiz_id: int) -> None:
        quiz = await self.repo.group_quiz.get(quiz_id)
        if quiz is None:
            return
        participants = await self.repo.group_quiz.participants(quiz_id)
        asked = min(quiz.position, len(quiz.items))
        with self.i18n.use_locale(quiz.lang):
            text = ranking_text(participants, asked)
        try:
            await bot.send_message(quiz.chat_id, text)
        except TelegramAPIError as exc:
            logger.warning("group quiz %s: ranking not sent: %s", quiz_id, exc)


async def is_group_admin(bot: Bot, message: Message) -> bool:
    """True for the chat's creator and administrators (also when posting as the group)."""
    if message.sender_chat is not None and message.sender_chat.id == message.chat.id:
        return True
    if message.from_user is None:
        return False
    try:
        member = await bot.get_chat_member(message.chat.id, message.from_user.id)
    except TelegramAPIError as exc:
        logger.warning("getChatMember failed in chat %s: %s", message.chat.id, exc)
        return False
    return member.status in ADMIN_STATUSES


def parse_quiz_args(args: str | None, topics: Iterable[str]) -> tuple[str | None, int]:
    """``/quiz [topic] [5|10|20]`` → (topic or None for mixed, length)."""
    topic, length = None, DEFAULT_LENGTH
    known = set(topics)
    for word in (args or "").lower().split():
        if word.isdigit():
            wanted = int(word)
            length = min(QUIZ_LENGTHS, key=lambda n: (abs(n - wanted), n))
        elif word in known:
            topic = word
    return topic, length


@router.message(Command("quiz"))
async def cmd_group_quiz(
    message: Message,
    *,
    command: CommandObject,
    bot: Bot,
    repo: Repo,
    catalog: Catalog,
    i18n: I18n,
    group_quizzes: GroupQuizRunner,
) -> None:
    """An admin starts a series of quiz polls in the group."""
    if not await is_group_admin(bot, message):
        await message.reply(esc(_("group-quiz-admins-only")))
        return
    topic, length = parse_quiz_args(command.args, catalog.topics)
    pool = topic_pool(catalog.quiz.values(), topic)
    items = select_items(pool, min(length, len(pool)), rng=random.SystemRandom())
    if not items:
        await message.reply(esc(_("quiz-gone")))
        return
    started_by = message.from_user.id if message.from_user else message.chat.id
    quiz = await repo.group_quiz.start(
        message.chat.id, started_by, i18n.current_locale, [item.id for item in items]
    )
    if quiz is None:
        await message.reply(esc(_("group-quiz-running")))
        return
    logger.info("group quiz %s started in chat %s", quiz.id, message.chat.id)
    text = _("group-quiz-intro").format(count=len(items), seconds=group_quizzes.open_period)
    await message.answer("🧠 " + esc(text))
    group_quizzes.launch(bot, quiz.id)


@router.message(Command("stopquiz"))
async def cmd_stop_quiz(
    message: Message, bot: Bot, repo: Repo, group_quizzes: GroupQuizRunner
) -> None:
    """An admin stops the running quiz; the ranking so far is posted."""
    if not await is_group_admin(bot, message):
        await message.reply(esc(_("group-quiz-admins-only")))
        return
    quiz = await repo.group_quiz.running(message.chat.id)
    if quiz is None or not await group_quizzes.stop(bot, quiz):
        await message.reply(esc(_("group-quiz-not-running")))


@router.poll_answer()
async def on_poll_answer(poll_answer: PollAnswer, repo: Repo) -> None:
    """Count a participant's answer to one of our quiz polls."""
    user = poll_answer.user
    if user is None or user.is_bot or not poll_answer.option_ids:
        return
    poll = await repo.group_quiz.poll(poll_answer.poll_id)
    if poll is None:
        return
    quiz = await repo.group_quiz.get(poll.quiz_id)
    if quiz is None or not quiz.running:
        return
    correct = poll_answer.option_ids == [poll.correct]
    await repo.group_quiz.record_answer(poll.poll_id, user.id, user.full_name, correct=correct)
