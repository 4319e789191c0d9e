"""/forget: delete everything stored about the user, after a confirmation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.callbacks import ForgetCb
from handlers.render import esc

if TYPE_CHECKING:
    from bot.storage import Repo

router = Router(name=__name__)


@router.message(Command("forget"))
async def cmd_forget(message: Message) -> None:
    """Ask for confirmation before deleting."""
    builder = InlineKeyboardBuilder()
    builder.button(text=_("btn-forget-yes"), callback_data=ForgetCb(confirm=True))
    builder.button(text=_("btn-cancel"), callback_data=ForgetCb(confirm=False))
    await message.answer(esc(_("forget-confirm")), reply_markup=builder.as_markup())


@router.callback_query(ForgetCb.filter())
async def on_forget(query: CallbackQuery, callback_data: ForgetCb, repo: Repo) -> None:
    """Delete the user's rows (subscriptions, quizzes and ratings cascade) or cancel."""
    await query.answer()
    if callback_data.confirm:
        await repo.users.delete(query.from_user.id)
        text = _("forget-done")
    else:
        text = _("forget-cancelled")
    if isinstance(query.message, Message):
        await query.message.edit_text(esc(text))
