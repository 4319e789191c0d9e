"""/remind: see and change what the bot sends you (civic events, question of the day, news)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import KICKED, ChatMemberUpdatedFilter, Command
from aiogram.types import CallbackQuery, ChatMemberUpdated, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.reminders.texts import Translate, format_when
from bot.storage.db import utcnow
from bot.storage.subscriptions import TOPICS
from handlers.callbacks import MenuCb, RemindCb
from handlers.render import esc, menu_row

if TYPE_CHECKING:
    from aiogram.utils.i18n import I18n

    from bot.config import Settings
    from bot.content.catalog import Catalog
    from bot.storage import Repo

logger = logging.getLogger(__name__)
router = Router(name=__name__)
router.message.filter(F.chat.type == "private")


def create_translate(i18n: I18n) -> Translate:
    """gettext by (key, locale), for texts written outside an update (reminders, reports)."""

    def translate(key: str, locale: str) -> str:
        return str(i18n.gettext(key, locale=locale))

    return translate


def topic_label(topic: str) -> str:
    """The translated name of a subscription topic."""
    return _(f"remind-topic-{topic}")


def create_remind_keyboard(subscribed: frozenset[str]) -> InlineKeyboardMarkup:
    """One on/off button per topic, then "everything" / "nothing" and the menu."""
    builder = InlineKeyboardBuilder()
    for topic in TOPICS:
        mark = "✅" if topic in subscribed else "▫️"
        builder.button(
            text=f"{mark} {topic_label(topic)}",
            callback_data=RemindCb(action="toggle", topic=topic),
        )
    builder.button(text=_("btn-remind-all"), callback_data=RemindCb(action="all"))
    builder.button(text=_("btn-remind-none"), callback_data=RemindCb(action="none"))
    builder.adjust(1, 1, 1, 2)
    menu_row(builder)
    return builder.as_markup()


def remind_text(
    subscribed: frozenset[str], catalog: Catalog, settings: Settings, i18n: I18n
) -> str:
    """The state of the user's subscriptions and the next civic event (HTML)."""
    lines = [_("remind-title"), "", esc(_("remind-intro")), ""]
    if subscribed:
        names = ", ".join(topic_label(topic) for topic in TOPICS if topic in subscribed)
        lines.append(esc(_("remind-status-on").format(topics=names)))
    else:
        lines.append(esc(_("remind-status-off")))
    now = utcnow()
    upcoming = sorted(
        (event for event in catalog.events.values() if event.starts_at > now),
        key=lambda event: event.starts_at,
    )
    if upcoming:
        lang = i18n.current_locale
        event = upcoming[0]
        when = format_when(event.starts_at, lang, settings.zone, create_translate(i18n))
        lines += ["", esc(_("remind-upcoming").format(title=event.title.get(lang), when=when))]
    return "\n".join(lines)


@router.message(Command("remind"))
async def cmd_remind(
    message: Message, repo: Repo, catalog: Catalog, settings: Settings, i18n: I18n
) -> None:
    """Show what the user is subscribed to, with buttons to change it."""
    if message.from_user is None:
        return
    subscribed = await repo.subscriptions.topics(message.from_user.id)
    await message.answer(
        remind_text(subscribed, catalog, settings, i18n),
        reply_markup=create_remind_keyboard(subscribed),
    )


@router.callback_query(MenuCb.filter(F.item == "remind"))
async def on_remind_menu(
    query: CallbackQuery, repo: Repo, catalog: Catalog, settings: Settings, i18n: I18n
) -> None:
    """The main menu's "Reminders" button: the same screen as /remind."""
    await query.answer()
    subscribed = await repo.subscriptions.topics(query.from_user.id)
    if isinstance(query.message, Message):
        await query.message.answer(
            remind_text(subscribed, catalog, settings, i18n),
            reply_markup=create_remind_keyboard(subscribed),
        )


@router.callback_query(RemindCb.filter(F.action.in_({"toggle", "all", "none"})))
async def on_remind_change(
    query: CallbackQuery,
    callback_data: RemindCb,
    repo: Repo,
    catalog: Catalog,
    settings: Settings,
    i18n: I18n,
) -> None:
    """Subscribe or unsubscribe, confirm in a toast and redraw the screen."""
    user_id = query.from_user.id
    if callback_data.action == "toggle":
        if callback_data.topic not in TOPICS:
            await query.answer()
            return
        if await repo.subscriptions.toggle(user_id, callback_data.topic):
            toast = _("remind-saved-on").format(topic=topic_label(callback_data.topic))
        else:
            toast = _("remind-saved-off").format(topic=topic_label(callback_data.topic))
    elif callback_data.action == "all":
        await repo.subscriptions.subscribe(user_id, *TOPICS)
        toast = _("remind-saved-all")
    else:
        await repo.subscriptions.unsubscribe(user_id)
        toast = _("remind-saved-none")
    await query.answer(toast)
    subscribed = await repo.subscriptions.topics(user_id)
    if isinstance(query.message, Message):
        try:
            await query.message.edit_text(
                remind_text(subscribed, catalog, settings, i18n),
                reply_markup=create_remind_keyboard(subscribed),
            )
        except TelegramBadRequest as exc:
            if "not modified" not in exc.message:  # "everything" pressed twice changes nothing
                raise


@router.my_chat_member(F.chat.type == "private", ChatMemberUpdatedFilter(KICKED))
async def on_bot_blocked(event: ChatMemberUpdated, repo: Repo) -> None:
    """The user blocked the bot: mark them inactive and drop every subscription."""
    await repo.users.set_active(event.from_user.id, active=False)
    await repo.subscriptions.unsubscribe(event.from_user.id)
    logger.info("a user blocked the bot; unsubscribed")
