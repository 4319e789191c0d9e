"""Per-update middlewares: the stored user profile and the locale chosen from it."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User
from aiogram.utils.i18n import I18nMiddleware

from bot.content.models import LANGS

if TYPE_CHECKING:
    from bot.storage import Repo

logger = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


def language_from_telegram(code: str | None) -> str | None:
    """Map Telegram's ``language_code`` (e.g. ``ru-RU``, ``kk``) to a supported language."""
    if not code:
        return None
    base = code.split("-")[0].lower()
    return base if base in LANGS else None


class UserMiddleware(BaseMiddleware):
    """Load (or create) the sender's profile and expose it as ``user_record``."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        """Touch the user row so ``last_seen`` stays current, then call the handler."""
        tg_user: User | None = data.get("event_from_user")
        repo: Repo = data["repo"]
        data["user_record"] = None
        if tg_user is not None and not tg_user.is_bot:
            data["user_record"] = await repo.users.touch(tg_user.id, tg_user.language_code)
        return await handler(event, data)


class LocaleMiddleware(I18nMiddleware):
    """Pick the locale: stored choice, then Telegram's language, then ``DEFAULT_LANGUAGE``."""

    def __init__(self, *args: Any, default: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default = default

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        """Return the language code to render this update in."""
        record = data.get("user_record")
        if record is not None and record.language in LANGS:
            return str(record.language)
        tg_user: User | None = data.get("event_from_user")
        guessed = language_from_telegram(tg_user.language_code if tg_user else None)
        return guessed or self.default
