"""Private quizzes: one message per quiz, edited as it goes, with every step stored in SQLite.

Every button is checked against the stored quiz (owner, question on screen, option range), so a
double tap, an old message, another user's quiz or forged data gets a short note, never a second
score.
"""

from __future__ import annotations

import logging
import random
from typing import TYPE_CHECKING, Final

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.quiz.scoring import best_score, breakdown, day_streak, local_day, score_of
from bot.quiz.selection import (
    MIXED,
    lengths_for,
    pick_daily,
    select_items,
    shuffled_options,
    topic_pool,
)
from bot.storage.db import utcnow
from bot.storage.quiz import NewQuestion
from handlers.callbacks import (
    DailyCb,
    MenuCb,
    QuizActionCb,
    QuizAnswerCb,
    QuizLengthCb,
    QuizNextCb,
    QuizTopicCb,
)
from handlers.render import Reply, add_article_buttons, cited_line, clip, esc, menu_row

if TYPE_CHECKING:
    import datetime as dt

    from aiogram.utils.i18n import I18n

    from bot.config import Settings
    from bot.content.catalog import Catalog
    from bot.content.models import QuizItem
    from bot.storage import Repo
    from bot.storage.quiz import QuizQuestion, QuizSession

logger = logging.getLogger(__name__)
router = Router(name=__name__)
router.message.filter(F.chat.type == "private")

MAX_ID: Final = 2**62  # larger numbers in callback data are forged and would overflow SQLite


# -- views -------------------------------------------------------------------------------------


def topic_title(catalog: Catalog, topic: str | None, lang: str) -> str:
    """A topic's title, or "All topics" for a mixed quiz."""
    found = catalog.topics.get(topic) if topic else None
    return found.title.get(lang) if found else _("quiz-mixed")


def quiz_topics(catalog: Catalog) -> list[str]:
    """Topics that have quiz items, in the catalog's order."""
    used = {item.topic for item in catalog.quiz.values()}
    return [topic.id for topic in catalog.meta.topics if topic.id in used]


def topics_view(catalog: Catalog, lang: str) -> Reply:
    """Choose a topic, or all topics."""
    builder = InlineKeyboardBuilder()
    builder.button(text="🎲 " + _("quiz-mixed"), callback_data=QuizTopicCb(topic=MIXED))
    for topic in quiz_topics(catalog):
        title = clip(topic_title(catalog, topic, lang), 40)
        builder.button(text=title, callback_data=QuizTopicCb(topic=topic))
    builder.adjust(1, 2)
    return Reply("🧠 " + esc(_("quiz-choose-topic")), builder.as_markup())


def lengths_view(catalog: Catalog, topic: str, lengths: tuple[int, ...], lang: str) -> Reply:
    """Choose how many questions."""
    builder = InlineKeyboardBuilder()
    for length in lengths:
        builder.button(text=str(length), callback_data=QuizLengthCb(topic=topic, length=length))
    builder.button(text=_("quiz-back"), callback_data=QuizActionCb(action="topics", session=0))
    builder.adjust(len(lengths), 1)
    title = topic_title(catalog, None if topic == MIXED else topic, lang)
    return Reply("🧠 " + esc(_("quiz-choose-length").format(topic=title)), builder.as_markup())


def continue_view(session: QuizSession) -> Reply:
    """Offer to continue the unfinished quiz or to start anew."""
    builder = InlineKeyboardBuilder()
    resume = QuizActionCb(action="continue", session=session.id)
    builder.button(text=_("quiz-continue-button"), callback_data=resume)
    restart = QuizActionCb(action="restart", session=session.id)
    builder.button(text=_("quiz-restart-button"), callback_data=restart)
    builder.adjust(2)
    text = _("quiz-unfinished").format(index=session.position + 1, total=session.total)
    return Reply("🧠 " + esc(text), builder.as_markup())


def bold(text: str) -> str:
    """Escaped text in bold."""
    return f"<b>{esc(text)}</b>"


def _heading(
    catalog: Catalog, session: QuizSession, question: QuizQuestion, item: QuizItem, lang: str
) -> list[str]:
    if session.kind == "daily":
        title = "🗓 " + bold(_("quiz-daily-title"))
    else:
        template = _("quiz-review-title") if session.kind == "review" else _("quiz-question-title")
        title = "🧠 " + bold(template.format(index=question.index + 1, total=session.total))
    topic = esc(topic_title(catalog, question.topic, lang))
    return [f"{title} · <i>{topic}</i>", "", bold(item.question.get(lang)), ""]


def question_view(
    catalog: Catalog, session: QuizSession, question: QuizQuestion, item: QuizItem, lang: str
) -> Reply:
    """The question with its options in the stored shuffled order, one button each."""
    options = item.options.get(lang)
    parts = _heading(catalog, session, question, item, lang)
    builder = InlineKeyboardBuilder()
    for shown, original in enumerate(question.options):
        label = f"{shown + 1}) {options[original]}"
        parts.append(esc(label))
        builder.button(
            text=clip(label),
            callback_data=QuizAnswerCb(session=session.id, index=question.index, option=shown),
        )
    builder.adjust(1)
    return Reply("\n".join(parts), builder.as_markup())


def feedback_view(
    catalog: Catalog, session: QuizSession, question: QuizQuestion, item: QuizItem, lang: str
) -> Reply:
    """Right or wrong, the right option, the explanation, the cited articles and what's next."""
    options = item.options.get(lang)
    right = options[item.correct]
    parts = _heading(catalog, session, question, item, lang)
    if question.correct:
        parts.append("✅ " + bold(_("quiz-correct")) + " " + esc(right))
    else:
        chosen = options[question.chosen] if question.chosen is not None else "—"
        yours = esc(_("quiz-your-answer").format(option=chosen))
        parts.append("❌ " + bold(_("quiz-wrong")) + " " + yours)
        parts.append("✔️ " + esc(_("quiz-right-answer").format(option=right)))
    parts += ["", "💡 " + esc(item.explanation.get(lang))]
    if item.articles:
        parts += ["", cited_line(item.articles)]
    if session.kind == "daily":
        then = InlineKeyboardButton(
            text=_("quiz-take-button"), callback_data=MenuCb(item="quiz").pack()
        )
    elif question.index + 1 < session.total:
        then = InlineKeyboardButton(
            text=_("quiz-next"),
            callback_data=QuizNextCb(session=session.id, index=question.index).pack(),
        )
    else:
        then = InlineKeyboardButton(
            text=_("quiz-results-button"),
            callback_data=QuizActionCb(action="results", session=session.id).pack(),
        )
    builder = InlineKeyboardBuilder()
    add_article_buttons(builder, item.articles, lang)
    builder.row(then)
    return Reply("\n".join(parts), builder.as_markup())


def results_view(
    catalog: Catalog, session: QuizSession, questions: list[QuizQuestion], lang: str
) -> Reply:
    """The score, the per-topic breakdown and what to do next."""
    score = score_of(questions)
    total = bold(_("quiz-score").format(score=score.right, total=score.total))
    parts = ["🏁 " + bold(_("quiz-finished")), "", f"{total} ({score.percent}%)"]
    topics = breakdown(questions, [topic.id for topic in catalog.meta.topics])
    if len(topics) > 1:
        parts += ["", esc(_("quiz-by-topic"))]
        for topic, part in topics:
            line = _("quiz-topic-line").format(
                topic=topic_title(catalog, topic, lang), score=part.right, total=part.total
            )
            parts.append("• " + esc(line))
    builder = InlineKeyboardBuilder()
    mistakes = score.total - score.right
    if mistakes:
        builder.button(
            text=_("quiz-review-button").format(count=mistakes),
            callback_data=QuizActionCb(action="review", session=session.id),
        )
    builder.button(
        text=_("quiz-share-button"), callback_data=QuizActionCb(action="share", session=session.id)
    )
    builder.button(text=_("quiz-new-button"), callback_data=MenuCb(item="quiz"))
    builder.adjust(1)
    menu_row(builder)
    return Reply("\n".join(parts), builder.as_markup())


async def current_view(repo: Repo, catalog: Catalog, session: QuizSession, lang: str) -> Reply:
    """Whatever the quiz shows now: a question, its answer, or the results."""
    if session.status == "finished" and session.kind != "daily":
        return results_view(catalog, session, await repo.quiz.questions(session.id), lang)
    question = await repo.quiz.question(session.id, session.position)
    item = catalog.quiz.get(question.item_id) if question else None
    if question is None or item is None or not fits(question, item):
        # The item left the content since the quiz began: the quiz cannot go on.
        await repo.quiz.abandon(session.id, session.user_id)
        return Reply(esc(_("quiz-gone")))
    if question.answered:
        return feedback_view(catalog, session, question, item, lang)
    return question_view(catalog, session, question, item, lang)


# -- helpers -----------------------------------------------------------------------------------


def fits(question: QuizQuestion, item: QuizItem) -> bool:
    """False when the item's options changed since the question was stored."""
    return sorted(question.options) == list(range(len(item.options.en)))


def _sane(*numbers: int) -> bool:
    return all(0 <= number < MAX_ID for number in numbers)


async def _note(query: CallbackQuery, key: str) -> None:
    """Answer a button that changes nothing with a short note."""
    await query.answer(_(key))


async def _show(query: CallbackQuery, reply: Reply) -> None:
    """Edit the quiz message in place; send a new one when it can no longer be edited."""
    message = query.message
    if isinstance(message, Message):
        try:
            await message.edit_text(reply.text, reply_markup=reply.keyboard)
        except TelegramBadRequest as exc:
            if "not modified" in exc.message:
                return
            logger.info("quiz message %s not editable (%s); sending anew", message.message_id, exc)
        else:
            return
    await _send(query, reply)


async def _send(query: CallbackQuery, reply: Reply) -> None:
    """Send a new message next to the one the button is on."""
    if query.message is not None:
        await query.message.answer(reply.text, reply_markup=reply.keyboard)


def _parse_topic(catalog: Catalog, value: str) -> tuple[bool, str | None]:
    """(valid, topic id or None for mixed)."""
    if value == MIXED:
        return True, None
    return value in catalog.topics, value


async def _owned(query: CallbackQuery, repo: Repo, session_id: int) -> QuizSession | None:
    """The session of this button when it belongs to the user; otherwise note why and None."""
    session = await repo.quiz.get(session_id) if _sane(session_id) and session_id else None
    if session is None:
        await _note(query, "quiz-stale")
        return None
    if session.user_id != query.from_user.id:
        await _note(query, "quiz-not-yours")
        return None
    return session


def _new_questions(items: list[QuizItem], rng: random.Random) -> list[NewQuestion]:
    return [NewQuestion(i.id, i.topic, shuffled_options(len(i.options.en), rng)) for i in items]


def today(settings: Settings) -> dt.date:
    """The current date in the bot's time zone."""
    return local_day(utcnow(), settings.zone)


# -- starting ----------------------------------------------------------------------------------


async def _entry(user_id: int, repo: Repo, catalog: Catalog, lang: str) -> Reply:
    active = await repo.quiz.active(user_id)
    return continue_view(active) if active else topics_view(catalog, lang)


@router.message(Command("quiz"))
async def cmd_quiz(message: Message, repo: Repo, catalog: Catalog, i18n: I18n) -> None:
    """Offer to continue an unfinished quiz, or choose a topic for a new one."""
    if message.from_user is None:
        return
    reply = await _entry(message.from_user.id, repo, catalog, i18n.current_locale)
    await message.answer(reply.text, reply_markup=reply.keyboard)


@router.callback_query(MenuCb.filter(F.item == "quiz"))
async def on_quiz_menu(query: CallbackQuery, repo: Repo, catalog: Catalog, i18n: I18n) -> None:
    """The Quiz menu item: like /quiz, in a new message."""
    await query.answer()
    await _send(query, await _entry(query.from_user.id, repo, catalog, i18n.current_locale))


@router.callback_query(QuizTopicCb.filter())
async def on_topic(
    query: CallbackQuery, callback_data: QuizTopicCb, catalog: Catalog, i18n: I18n
) -> None:
    """Ask for the length once the topic is chosen."""
    valid, topic = _parse_topic(catalog, callback_data.topic)
    lengths = lengths_for(len(topic_pool(catalog.quiz.values(), topic))) if valid else ()
    if not lengths:
        await _note(query, "quiz-stale")
        return
    await query.answer()
    await _show(query, lengths_view(catalog, callback_data.topic, lengths, i18n.current_locale))


@router.callback_query(QuizLengthCb.filter())
async def on_length(
    query: CallbackQuery, callback_data: QuizLengthCb, repo: Repo, catalog: Catalog, i18n: I18n
) -> None:
    """Start the quiz: pick questions (due reviews first), shuffle options, show question 1."""
    valid, topic = _parse_topic(catalog, callback_data.topic)
    pool = topic_pool(catalog.quiz.values(), topic) if valid else []
    if callback_data.length not in lengths_for(len(pool)):
        await _note(query, "quiz-stale")
        return
    user_id = query.from_user.id
    reviews = await repo.quiz.reviews(user_id)
    rng = random.SystemRandom()
    items = select_items(
        pool,
        callback_data.length,
        rng=rng,
        due={key for key, review in reviews.items() if review.due},
        seen=set(reviews),
    )
    session = await repo.quiz.create(user_id, _new_questions(items, rng), kind="quiz", topic=topic)
    logger.info("quiz %s started: %s questions, topic %s", session.id, session.total, topic)
    await query.answer()
    await _show(query, await current_view(repo, catalog, session, i18n.current_locale))


# -- playing -----------------------------------------------------------------------------------


@router.callback_query(QuizAnswerCb.filter())
async def on_answer(
    query: CallbackQuery, callback_data: QuizAnswerCb, repo: Repo, catalog: Catalog, i18n: I18n
) -> None:
    """Record the answer once and show right or wrong with the explanation."""
    data = callback_data
    if not _sane(data.index, data.option):
        await _note(query, "quiz-stale")
        return
    session = await _owned(query, repo, data.session)
    if session is None:
        return
    question = await repo.quiz.question(session.id, data.index)
    if question is None or data.option >= len(question.options):
        await _note(query, "quiz-stale")
        return
    if question.answered:
        await _note(query, "quiz-already-answered")
        return
    item = catalog.quiz.get(question.item_id)
    if (
        not session.active
        or data.index != session.position
        or item is None
        or not fits(question, item)
    ):
        await _note(query, "quiz-stale")
        return
    chosen = question.options[data.option]
    counted = await repo.quiz.answer(
        session.id, session.user_id, data.index, chosen=chosen, correct=chosen == item.correct
    )
    if not counted:
        await _note(query, "quiz-already-answered")
        return
    await query.answer()
    session = await repo.quiz.get(session.id) or session
    question = await repo.quiz.question(session.id, data.index) or question
    await _show(query, feedback_view(catalog, session, question, item, i18n.current_locale))


@router.callback_query(QuizNextCb.filter())
async def on_next(
    query: CallbackQuery, callback_data: QuizNextCb, repo: Repo, catalog: Catalog, i18n: I18n
) -> None:
    """Show the next question."""
    if not _sane(callback_data.index):
        await _note(query, "quiz-stale")
        return
    session = await _owned(query, repo, callback_data.session)
    if session is None:
        return
    if not await repo.quiz.advance(session.id, session.user_id, callback_data.index):
        if session.active and session.position == callback_data.index + 1:
            await query.answer()  # a double tap: the next question is already on screen
        else:
            await _note(query, "quiz-stale")
        return
    await query.answer()
    session = await repo.quiz.get(session.id) or session
    await _show(query, await current_view(repo, catalog, session, i18n.current_locale))


@router.callback_query(QuizActionCb.filter(F.action == "topics"))
async def on_topics(query: CallbackQuery, catalog: Catalog, i18n: I18n) -> None:
    """Back to the topic list."""
    await query.answer()
    await _show(query, topics_view(catalog, i18n.current_locale))


@router.callback_query(QuizActionCb.filter(F.action.in_({"continue", "results"})))
async def on_continue_or_results(
    query: CallbackQuery, callback_data: QuizActionCb, repo: Repo, catalog: Catalog, i18n: I18n
) -> None:
    """Continue an unfinished quiz where it stopped, or show a finished one's results."""
    session = await _owned(query, repo, callback_data.session)
    if session is None:
        return
    if callback_data.action == "continue":
        valid = session.active
    else:
        valid = session.status == "finished" and session.kind != "daily"
    if not valid:
        await _note(query, "quiz-stale")
        return
    await query.answer()
    await _show(query, await current_view(repo, catalog, session, i18n.current_locale))


@router.callback_query(QuizActionCb.filter(F.action == "restart"))
async def on_restart(
    query: CallbackQuery, callback_data: QuizActionCb, repo: Repo, catalog: Catalog, i18n: I18n
) -> None:
    """Drop the unfinished quiz and choose a topic for a new one."""
    session = await _owned(query, repo, callback_data.session)
    if session is None:
        return
    await repo.quiz.abandon(session.id, session.user_id)
    await query.answer()
    await _show(query, topics_view(catalog, i18n.current_locale))


@router.callback_query(QuizActionCb.filter(F.action == "review"))
async def on_review(
    query: CallbackQuery, callback_data: QuizActionCb, repo: Repo, catalog: Catalog, i18n: I18n
) -> None:
    """A new round made of the questions answered wrongly, in a new message."""
    session = await _owned(query, repo, callback_data.session)
    if session is None:
        return
    if session.status != "finished":
        await _note(query, "quiz-stale")
        return
    wrong = [q for q in await repo.quiz.questions(session.id) if q.correct is False]
    items = [catalog.quiz[q.item_id] for q in wrong if q.item_id in catalog.quiz]
    if not items:
        await _note(query, "quiz-no-mistakes")
        return
    rng = random.SystemRandom()
    rng.shuffle(items)
    review = await repo.quiz.create(
        session.user_id,
        _new_questions(items, rng),
        kind="review",
        topic=session.topic,
        parent_id=session.id,
    )
    await query.answer()
    await _send(query, await current_view(repo, catalog, review, i18n.current_locale))


@router.callback_query(QuizActionCb.filter(F.action == "share"))
async def on_share(
    query: CallbackQuery, callback_data: QuizActionCb, repo: Repo, settings: Settings
) -> None:
    """Send the result as a separate message the user can forward."""
    session = await _owned(query, repo, callback_data.session)
    if session is None:
        return
    if session.status != "finished":
        await _note(query, "quiz-stale")
        return
    score = score_of(await repo.quiz.questions(session.id))
    text = _("quiz-share-text").format(
        score=score.right, total=score.total, link=f"https://t.me/{settings.bot_username}"
    )
    await query.answer()
    await _send(query, Reply(esc(text)))


@router.callback_query(QuizActionCb.filter())
async def on_unknown_action(query: CallbackQuery) -> None:
    """A quiz action this version does not know (forged or from a newer release)."""
    await _note(query, "quiz-stale")


# -- question of the day -----------------------------------------------------------------------


async def daily_view(
    user_id: int, repo: Repo, catalog: Catalog, settings: Settings, lang: str
) -> Reply:
    """Today's question for the user, created on first use and the same all day."""
    day = today(settings)
    session = await repo.quiz.daily(user_id, day.isoformat())
    if session is None:
        reviews = await repo.quiz.reviews(user_id)
        item = pick_daily(
            catalog.quiz.values(),
            user_id=user_id,
            day=day,
            due={key for key, review in reviews.items() if review.due},
            seen=set(reviews),
        )
        if item is None:
            return Reply(esc(_("quiz-gone")))
        question = _new_questions([item], random.SystemRandom())[0]
        session = await repo.quiz.create_daily(user_id, day.isoformat(), question)
    return await current_view(repo, catalog, session, lang)


@router.message(Command("daily"))
async def cmd_daily(
    message: Message, repo: Repo, catalog: Catalog, settings: Settings, i18n: I18n
) -> None:
    """Show today's question (the daily reminder points here)."""
    if message.from_user is None:
        return
    reply = await daily_view(message.from_user.id, repo, catalog, settings, i18n.current_locale)
    await message.answer(reply.text, reply_markup=reply.keyboard)


@router.callback_query(DailyCb.filter())
async def on_daily(
    query: CallbackQuery, repo: Repo, catalog: Catalog, settings: Settings, i18n: I18n
) -> None:
    """The "answer today's question" button: turn its message into the question."""
    await query.answer()
    await _show(
        query, await daily_view(query.from_user.id, repo, catalog, settings, i18n.current_locale)
    )


# -- results -----------------------------------------------------------------------------------


@router.message(Command("myscore"))
async def cmd_myscore(
    message: Message, repo: Repo, catalog: Catalog, settings: Settings, i18n: I18n
) -> None:
    """Quizzes taken, best and last score, accuracy per topic and the day streak."""
    if message.from_user is None:
        return
    user_id = message.from_user.id
    lang = i18n.current_locale
    played = await repo.quiz.finished(user_id)
    topics = await repo.quiz.topic_scores(user_id)
    if not played and not topics:
        await message.answer(esc(_("myscore-empty")))
        return
    days = {local_day(moment, settings.zone) for moment in await repo.quiz.answered_days(user_id)}
    parts = ["📊 " + bold(_("myscore-title")), ""]
    parts.append(esc(_("myscore-taken").format(count=len(played))))
    best = best_score(quiz.score for quiz in played)
    if best is not None:
        last = played[-1].score
        parts.append(esc(_("myscore-best").format(score=best.right, total=best.total)))
        parts.append(esc(_("myscore-last").format(score=last.right, total=last.total)))
    parts.append("🔥 " + esc(_("myscore-streak").format(days=day_streak(days, today(settings)))))
    due = await repo.quiz.due_count(user_id)
    if due:
        parts.append("🔁 " + esc(_("myscore-due").format(count=due)))
    if topics:
        order = [topic.id for topic in catalog.meta.topics]
        parts += ["", bold(_("myscore-topics"))]
        for topic in sorted(topics, key=lambda t: order.index(t) if t in order else len(order)):
            score = topics[topic]
            line = _("myscore-topic-line").format(
                topic=topic_title(catalog, topic, lang),
                percent=score.percent,
                right=score.right,
                total=score.total,
            )
            parts.append("• " + esc(line))
    builder = InlineKeyboardBuilder()
    builder.button(text=_("quiz-take-button"), callback_data=MenuCb(item="quiz"))
    await message.answer("\n".join(parts), reply_markup=builder.as_markup())
