"""/start with deep links, and the first language choice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiogram import F, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.content.models import LANGS
from handlers.callbacks import LangCb, MenuCb
from handlers.content_views import send_entry
from handlers.middlewares import language_from_telegram
from handlers.render import esc, menu_keyboard

if TYPE_CHECKING:
    from aiogram.utils.i18n import I18n

    from bot.content.catalog import Catalog
    from bot.storage import Repo
    from bot.storage.users import UserRecord

router = Router(name=__name__)

LANGUAGE_NAMES = {"kk": "🇰🇿 Қазақша", "ru": "🇷🇺 Русский", "en": "🇬🇧 English"}


def language_keyboard(current: str | None) -> InlineKeyboardMarkup:
    """Three language buttons; the current or guessed one is marked."""
    builder = InlineKeyboardBuilder()
    for code in LANGS:
        mark = "✅ " if code == current else ""
        builder.button(text=f"{mark}{LANGUAGE_NAMES[code]}", callback_data=LangCb(code=code))
    builder.adjust(3)
    return builder.as_markup()


async def send_welcome(message: Message) -> None:
    """Greeting and the main menu."""
    await message.answer(_("welcome"), reply_markup=menu_keyboard())


@router.message(CommandStart())
async def cmd_start(
    message: Message,
    command: CommandObject,
    user_record: UserRecord | None,
    catalog: Catalog,
    repo: Repo,
    i18n: I18n,
) -> None:
    """Greet the user; on first contact ask for the language; open deep links."""
    if user_record is not None and user_record.language is None:
        guessed = language_from_telegram(
            message.from_user.language_code if message.from_user else None
        )
        await message.answer(esc(_("choose-language")), reply_markup=language_keyboard(guessed))
        if guessed is not None and user_record is not None:
            await repo.users.set_language(user_record.id, guessed)
        if not command.args:
            return
    if command.args:
        payload = command.args.strip()[:64]
        if await send_entry(
            message, catalog, repo, i18n, payload_to_key(payload), i18n.current_locale
        ):
            return
    await send_welcome(message)


def payload_to_key(payload: str) -> str:
    """Map a deep-link payload (``a42``, ``q_<id>``, ``m_<id>``) to an entry key."""
    if payload[:1] == "a" and payload[1:].isdigit():
        return f"a:{int(payload[1:])}"
    if payload[:2] in {"q_", "m_", "c_"}:
        return f"{payload[0]}:{payload[2:]}"
    return ""


@router.callback_query(LangCb.filter(F.code.in_(LANGS)))
async def on_language(query: CallbackQuery, callback_data: LangCb, repo: Repo, i18n: I18n) -> None:
    """Store the chosen language and continue in it."""
    await repo.users.set_language(query.from_user.id, callback_data.code)
    with i18n.use_locale(callback_data.code):
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.edit_text(esc(_("language-saved")))
            await query.message.answer(_("welcome"), reply_markup=menu_keyboard())


@router.callback_query(MenuCb.filter(F.item == "home"))
async def on_home(query: CallbackQuery) -> None:
    """Show the main menu again."""
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(esc(_("menu-title")), reply_markup=menu_keyboard())
