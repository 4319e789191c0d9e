"""Menu items for browsing: popular questions, key changes and myths and facts."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Final

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.curation.popular import popular_keys
from bot.storage.db import iso, utcnow
from handlers.callbacks import EntryCb, MenuCb, PageCb
from handlers.render import Reply, change_reply, clip, entry_title, esc, menu_row, myth_reply

if TYPE_CHECKING:
    from aiogram.utils.i18n import I18n

    from bot.content.catalog import Catalog
    from bot.storage import Repo

logger = logging.getLogger(__name__)
router = Router(name=__name__)

POPULAR_LIMIT: Final = 8
POPULAR_DAYS: Final = 30
SERIES: Final = frozenset({"c", "m"})


def popular_reply(catalog: Catalog, keys: list[str], lang: str) -> Reply:
    """Popular questions as buttons, one per row."""
    builder = InlineKeyboardBuilder()
    for key in keys:
        builder.button(
            text=clip(entry_title(catalog, key, lang)),
            callback_data=EntryCb.for_key(key, lang),
        )
    builder.adjust(1)
    menu_row(builder)
    return Reply(esc(_("popular-title")), builder.as_markup())


def series_keys(catalog: Catalog, series: str) -> list[str]:
    """Ids of the cards of a series, in content order."""
    if series == "c":
        return [change.id for change in catalog.meta.key_changes]
    return list(catalog.myths)


def page_reply(catalog: Catalog, series: str, index: int, lang: str) -> Reply | None:
    """Card ``index`` of a series with its position and previous/next buttons (wrapping)."""
    ids = series_keys(catalog, series)
    if not ids:
        return None
    index %= len(ids)
    if series == "c":
        change = next(c for c in catalog.meta.key_changes if c.id == ids[index])
        card = change_reply(change, lang)
        position = _("changes-position")
    else:
        card = myth_reply(catalog.myths[ids[index]], lang)
        position = _("myths-position")
    text = esc(position.format(current=index + 1, total=len(ids))) + "\n\n" + card.text
    rows = list(card.keyboard.inline_keyboard) if card.keyboard else []
    if len(ids) > 1:
        total = len(ids)
        nav = [
            InlineKeyboardButton(
                text=_("btn-prev-card"),
                callback_data=PageCb(series=series, index=(index - 1) % total).pack(),
            ),
            InlineKeyboardButton(
                text=_("btn-next-card"),
                callback_data=PageCb(series=series, index=(index + 1) % total).pack(),
            ),
        ]
        rows = [*rows[:-1], nav, *rows[-1:]]
    return Reply(text, InlineKeyboardMarkup(inline_keyboard=rows))


async def _send(query: CallbackQuery, reply: Reply) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(reply.text, reply_markup=reply.keyboard)


@router.callback_query(MenuCb.filter(F.item == "popular"))
async def on_popular(query: CallbackQuery, catalog: Catalog, repo: Repo, i18n: I18n) -> None:
    """List what people ask most, falling back to curated questions."""
    since = iso(utcnow() - dt.timedelta(days=POPULAR_DAYS))
    traffic = [row.entry_key for row in await repo.stats.top_entries(since=since, limit=20)]
    keys = popular_keys(catalog, traffic, limit=POPULAR_LIMIT)
    if not keys:
        await _send(query, Reply(esc(_("popular-empty"))))
        return
    await _send(query, popular_reply(catalog, keys, i18n.current_locale))


@router.callback_query(MenuCb.filter(F.item.in_({"changes", "myths"})))
async def on_series(
    query: CallbackQuery, callback_data: MenuCb, catalog: Catalog, i18n: I18n
) -> None:
    """Open the first key change or myth card."""
    series = "c" if callback_data.item == "changes" else "m"
    reply = page_reply(catalog, series, 0, i18n.current_locale)
    if reply is None:
        empty = _("changes-empty") if series == "c" else _("myths-empty")
        await _send(query, Reply(esc(empty)))
        return
    await _send(query, reply)


@router.callback_query(PageCb.filter(F.series.in_(SERIES)))
async def on_page(
    query: CallbackQuery, callback_data: PageCb, catalog: Catalog, i18n: I18n
) -> None:
    """Turn to the previous or next card in place."""
    reply = page_reply(catalog, callback_data.series, callback_data.index, i18n.current_locale)
    if reply is None:
        await query.answer(_("stale-button"))
        return
    await query.answer()
    if not isinstance(query.message, Message):
        return
    try:
        await query.message.edit_text(reply.text, reply_markup=reply.keyboard)
    except TelegramBadRequest as exc:
        if "not modified" in str(exc):  # a double tap: the card already shows this page
            return
        # The card can no longer be edited (too old, deleted): send the page as a new message.
        await query.message.answer(reply.text, reply_markup=reply.keyboard)
