"""/article N: open an article card by number."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from handlers.content_views import send_entry
from handlers.render import esc, sections_reply

if TYPE_CHECKING:
    from aiogram.utils.i18n import I18n

    from bot.content.catalog import Catalog
    from bot.storage import Repo

router = Router(name=__name__)


@router.message(Command("article", "art", "statya", "bap"))
async def cmd_article(
    message: Message, command: CommandObject, catalog: Catalog, repo: Repo, i18n: I18n
) -> None:
    """Open the article named by the command's argument, or list the sections."""
    lang = i18n.current_locale
    arg = (command.args or "").strip().lstrip("№#").strip()
    if arg.isdigit() and len(arg) <= 4:
        number = int(arg)
        if await send_entry(message, catalog, repo, i18n, f"a:{number}", lang):
            return
        await message.answer(esc(_("article-not-found").format(number=number)))
        return
    reply = sections_reply(catalog, lang)
    await message.answer(esc(_("article-usage")), reply_markup=reply.keyboard)
