"""The last-resort error handler: log with the update, apologise to the user."""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ErrorEvent
from aiogram.utils.i18n import gettext as _

from handlers.render import esc

logger = logging.getLogger(__name__)
router = Router(name=__name__)


@router.error()
async def on_error(event: ErrorEvent, bot: Bot) -> None:
    """Log the failure with the update's id and type, then tell the user we are sorry."""
    update = event.update
    logger.exception(
        "update %s (%s) failed: %r",
        update.update_id,
        update.event_type,
        event.exception,
        exc_info=event.exception,
    )
    chat_id = None
    if update.message is not None:
        chat_id = update.message.chat.id
    elif update.callback_query is not None:
        query = update.callback_query
        try:
            await query.answer(_("error-apology")[:200], show_alert=False)
        except TelegramAPIError:
            logger.warning("could not answer callback %s after an error", query.id)
        return
    if chat_id is None:
        return
    try:
        await bot.send_message(chat_id, esc(_("error-apology")))
    except TelegramAPIError:
        logger.warning("could not send the apology to chat %s", chat_id)
