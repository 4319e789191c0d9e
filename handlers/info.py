"""/help, /about, /privacy and /language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from handlers.callbacks import MenuCb
from handlers.render import esc, menu_keyboard
from handlers.start import language_keyboard

if TYPE_CHECKING:
    from aiogram.utils.i18n import I18n

    from bot.content.catalog import Catalog

router = Router(name=__name__)


def about_text(catalog: Catalog, lang: str) -> str:
    """What the bot is, its edition, where the official text is, and the disclaimer."""
    meta = catalog.meta
    sources = "\n".join(
        "• " + esc(source.name.get(lang)) + (f" — {esc(source.url)}" if source.url else "")
        for source in meta.official_sources
    )
    return _("about").format(
        about=esc(meta.about.get(lang)),
        edition=esc(meta.edition.get(lang)),
        sources=sources,
        disclaimer=esc(meta.disclaimer.get(lang)),
    )


@router.message(Command("help"))
async def cmd_help(message: Message) -> None:
    """Explain how to use the bot."""
    await message.answer(_("help"), reply_markup=menu_keyboard())


@router.message(Command("about"))
async def cmd_about(message: Message, catalog: Catalog, i18n: I18n) -> None:
    """Show the edition, sources and disclaimer."""
    await message.answer(about_text(catalog, i18n.current_locale))


@router.callback_query(MenuCb.filter(F.item == "about"))
async def on_about(query: CallbackQuery, catalog: Catalog, i18n: I18n) -> None:
    """The About menu item."""
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(about_text(catalog, i18n.current_locale))


@router.message(Command("privacy"))
async def cmd_privacy(message: Message) -> None:
    """Say what is stored, why and for how long."""
    await message.answer(_("privacy"))


@router.message(Command("language", "lang", "til", "yazyk"))
async def cmd_language(message: Message, i18n: I18n) -> None:
    """Offer the three languages."""
    await message.answer(
        esc(_("choose-language")), reply_markup=language_keyboard(i18n.current_locale)
    )
