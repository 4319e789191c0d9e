"""Curator commands for ``ADMIN_IDS``: /stats, /unanswered and /reload."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import TYPE_CHECKING, Final

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, Message
from aiogram.utils.i18n import gettext as _

from bot.curation.chart import bar_chart
from bot.curation.daily import DayTotal, daily_totals, period_start
from bot.curation.export import groups_to_csv
from bot.curation.grouping import AskedText, group_similar
from bot.storage.db import iso, utcnow
from handlers.filters import IsAdmin
from handlers.render import clip, entry_title, esc

if TYPE_CHECKING:
    from aiogram.utils.i18n import I18n

    from bot.app import ContentReloader
    from bot.config import Settings
    from bot.content.catalog import Catalog
    from bot.storage import Repo

logger = logging.getLogger(__name__)
router = Router(name=__name__)

ADMIN_COMMANDS: Final = ("stats", "unanswered", "reload")
PERIOD_DAYS: Final = 30
UNANSWERED_DAYS: Final = 90
TOP_SHOWN: Final = 5
GROUPS_SHOWN: Final = 15
PROBLEMS_SHOWN: Final = 15
MESSAGE_ROOM: Final = 3900


@router.message(Command(*ADMIN_COMMANDS), ~IsAdmin())
async def on_not_admin(message: Message) -> None:
    """The same polite refusal for every curator command."""
    await message.answer(esc(_("curator-refused")))


def percent(part: int, total: int) -> int:
    """A whole percentage, 0 when there is nothing to divide."""
    return round(100 * part / total) if total else 0


async def stats_text(
    repo: Repo, catalog: Catalog, lang: str, now: dt.datetime, days: list[DayTotal]
) -> str:
    """The /stats report (HTML) over the daily totals of the period."""
    total = sum(day.count for day in days)
    questions = _("stats-questions").format(
        total=total, per_day=round(total / len(days), 1) if days else 0, today=days[-1].count
    )
    week = iso(now - dt.timedelta(days=7))
    month = iso(now - dt.timedelta(days=PERIOD_DAYS))
    users = await repo.stats.users()
    outcomes = await repo.stats.status_counts(since=month)
    asked = sum(outcomes.values())
    lines = [
        f"<b>{esc(_('stats-title'))}</b>",
        "",
        esc(
            _("stats-users").format(
                total=users,
                week=await repo.stats.active_users(since=week),
                month=await repo.stats.active_users(since=month),
            )
        ),
        esc(questions),
        esc(
            _("stats-outcomes").format(
                answered=percent(outcomes.get("answer", 0), asked),
                suggested=percent(outcomes.get("suggest", 0), asked),
                declined=percent(outcomes.get("none", 0), asked),
            )
        ),
    ]
    top = await repo.stats.top_entries(since=month, limit=TOP_SHOWN)
    if top:
        lines += ["", f"<b>{esc(_('stats-top'))}</b>"]
        for row in top:
            title = clip(entry_title(catalog, row.entry_key, lang), 80)
            lines.append(esc(_("stats-top-line").format(count=row.count, title=title)))
    up, down = await repo.feedback.totals(since=month)
    lines += ["", esc(_("stats-feedback").format(up=up, down=down))]
    for row in await repo.feedback.most_disliked(since=month, limit=3):
        title = clip(entry_title(catalog, row.entry_key, lang), 80)
        lines.append(esc(_("stats-disliked-line").format(up=row.up, down=row.down, title=title)))
    quizzes = await repo.stats.quiz_completions(since=month)
    subscribers = await repo.stats.subscribers()
    if quizzes is not None or subscribers is not None:
        lines.append("")
    if quizzes is not None:
        lines.append(esc(_("stats-quiz").format(count=quizzes)))
    if subscribers is not None:
        lines.append(esc(_("stats-subscribers").format(count=subscribers)))
    return "\n".join(lines)


@router.message(Command("stats"), IsAdmin())
async def cmd_stats(
    message: Message, *, repo: Repo, catalog: Catalog, settings: Settings, i18n: I18n
) -> None:
    """Usage figures and a chart of questions per day over the last 30 days."""
    now = utcnow()
    lang = i18n.current_locale
    start = period_start(now, settings.zone, PERIOD_DAYS)
    hours = await repo.stats.questions_per_hour(since=iso(start))
    days = daily_totals(
        [(row.hour, row.count) for row in hours], now=now, zone=settings.zone, days=PERIOD_DAYS
    )
    text = await stats_text(repo, catalog, lang, now, days)
    await message.answer(text)
    png = await asyncio.to_thread(
        bar_chart, [day.count for day in days], [str(day.day.day) for day in days]
    )
    await message.answer_photo(
        BufferedInputFile(png, filename="questions-30-days.png"),
        caption=_("stats-chart-caption"),
    )


@router.message(Command("unanswered"), IsAdmin())
async def cmd_unanswered(message: Message, *, repo: Repo, catalog: Catalog, i18n: I18n) -> None:
    """The most frequent declined questions, grouped by similarity, and all groups as CSV."""
    now = utcnow()
    declined = await repo.stats.declined(since=iso(now - dt.timedelta(days=UNANSWERED_DAYS)))
    asked = [AskedText(row.text, row.lang, row.asked_at) for row in declined]
    groups = await asyncio.to_thread(group_similar, asked)
    comments = await repo.feedback.recent_comments(limit=5)
    if not groups and not comments:
        await message.answer(esc(_("unanswered-none").format(days=UNANSWERED_DAYS)))
        return
    lines: list[str] = []
    if groups:
        lines.append(
            "<b>"
            + esc(_("unanswered-title").format(days=UNANSWERED_DAYS, total=len(asked)))
            + "</b>"
        )
        for group in groups[:GROUPS_SHOWN]:
            line = _("unanswered-line").format(count=group.count, text=clip(group.text, 150))
            if group.similar:
                line += " " + _("unanswered-similar").format(count=group.similar)
            lines.append(esc(line))
    else:
        lines.append(esc(_("unanswered-none").format(days=UNANSWERED_DAYS)))
    if comments:
        lines += ["", f"<b>{esc(_('unanswered-comments'))}</b>"]
        lang = i18n.current_locale
        for item in comments:
            title = clip(entry_title(catalog, item.entry_key, lang), 60)
            comment = clip(item.comment, 200)
            lines.append(esc(_("unanswered-comment-line").format(title=title, comment=comment)))
    text = "\n".join(lines)
    await message.answer(text if len(text) <= MESSAGE_ROOM else text[:MESSAGE_ROOM] + "…")
    if groups:
        name = f"unanswered-{now.date().isoformat()}.csv"
        await message.answer_document(
            BufferedInputFile(groups_to_csv(groups), filename=name),
            caption=_("unanswered-csv-caption").format(groups=len(groups)),
        )


@router.message(Command("reload"), IsAdmin())
async def cmd_reload(message: Message, reloader: ContentReloader) -> None:
    """Reload content/ and the translations; keep the old ones when anything is invalid."""
    prepared = await reloader.reload()
    if prepared.ok and prepared.catalog is not None:
        catalog = prepared.catalog
        text = _("reload-done").format(
            articles=len(catalog.articles),
            qa=len(catalog.qa),
            myths=len(catalog.myths),
            changes=len(catalog.meta.key_changes),
            quiz=len(catalog.quiz),
        )
        await message.answer(esc(text))
        return
    problems = prepared.problems
    lines = [esc(_("reload-failed").format(count=len(problems)))]
    lines += [f"• {esc(clip(problem, 300))}" for problem in problems[:PROBLEMS_SHOWN]]
    if len(problems) > PROBLEMS_SHOWN:
        lines.append(esc(_("reload-more").format(count=len(problems) - PROBLEMS_SHOWN)))
    text = "\n".join(lines)
    await message.answer(text if len(text) <= MESSAGE_ROOM else text[:MESSAGE_ROOM] + "…")
