"""The aiogram adapter of the delivery engine's ``Sender``: Telegram errors become outcomes."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Final

from aiogram.enums import ParseMode
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods.base import Response
from aiogram.types import LinkPreviewOptions, Message, MessageEntity

from bot.reminders.sending import (
    Delivered,
    Outgoing,
    PermanentFailure,
    RetryAfter,
    SendOutcome,
    TemporaryFailure,
    Unreachable,
)

if TYPE_CHECKING:
    from aiogram import Bot

logger = logging.getLogger(__name__)

# aiogram parametrises ``Response[Message]`` on every call and pydantic caches generics weakly:
# whenever the GC drops the class, its schema is rebuilt (~20 ms). Holding it keeps sends cheap.
_RESPONSE_MODEL: Final = Response[Message]

_GONE: Final = ("chat not found", "user is deactivated", "bot was blocked", "peer_id_invalid")


class AiogramSender:
    """Sends ``Outgoing`` messages with an aiogram ``Bot`` and never raises Telegram errors."""

    def __init__(self, bot: Bot, *, request_timeout: int = 20) -> None:
        self._bot = bot
        self._timeout = request_timeout

    async def send(self, chat_id: int, message: Outgoing, *, paid: bool) -> SendOutcome:
        """Send one message; map Telegram's answer onto the engine's outcome types."""
        try:
            sent = await self._bot.send_message(
                chat_id,
                message.text,
                parse_mode=ParseMode.HTML if message.html else None,
                entities=[MessageEntity.model_validate(e) for e in message.entities] or None,
                link_preview_options=LinkPreviewOptions(is_disabled=not message.link_preview),
                allow_paid_broadcast=True if paid else None,
                request_timeout=self._timeout,
            )
        except TelegramRetryAfter as exc:
            return RetryAfter(float(exc.retry_after))
        except TelegramForbiddenError as exc:
            return Unreachable(exc.message)
        except (TelegramBadRequest, TelegramNotFound) as exc:
            if any(marker in exc.message.lower() for marker in _GONE):
                return Unreachable(exc.message)
            return PermanentFailure(exc.message)
        except TelegramEntityTooLarge as exc:
            return PermanentFailure(exc.message)
        except (TelegramServerError, TelegramNetworkError) as exc:
            return TemporaryFailure(exc.message)
        except TelegramAPIError as exc:
            logger.warning("unexpected Telegram answer for chat %d: %s", chat_id, exc.message)
            return PermanentFailure(exc.message)
        return Delivered(sent.message_id)
