"""Filters shared by several routers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiogram.filters import Filter
from aiogram.types import TelegramObject

if TYPE_CHECKING:
    from bot.config import Settings


class IsAdmin(Filter):
    """True for users listed in ``ADMIN_IDS`` (messages and button presses alike)."""

    async def __call__(self, event: TelegramObject, settings: Settings) -> bool:
        """Check the sender against the settings."""
        user = getattr(event, "from_user", None)
        return settings.is_admin(user.id if user is not None else None)
