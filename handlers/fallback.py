"""Last routers: anything no other handler took still gets a polite answer."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from handlers.render import esc

router = Router(name=__name__)


@router.message()
async def on_other_message(message: Message) -> None:
    """Stickers, photos, voice, files: explain that only text is understood."""
    if message.chat.type != "private":
        return
    await message.answer(esc(_("non-text")))


@router.callback_query()
async def on_stale_button(query: CallbackQuery) -> None:
    """A button whose data no handler recognises (old, foreign or forged)."""
    await query.answer(_("stale-button"))
