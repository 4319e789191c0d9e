"""The composition root: the one place that wires settings, storage, content and routers."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand
from aiogram.utils.i18n import I18n

from bot.config import Settings
from bot.content.models import LANGS
from bot.locales import DOMAIN, compile_catalogs
from handlers import get_routers
from handlers.middlewares import LocaleMiddleware, UserMiddleware

if TYPE_CHECKING:
    from bot.content.catalog import Catalog
    from bot.search.engine import SearchEngine
    from bot.storage import Repo

logger = logging.getLogger(__name__)

COMMANDS = (
    ("start", "cmd-start"),
    ("help", "cmd-help"),
    ("article", "cmd-article"),
    ("quiz", "cmd-quiz"),
    ("myscore", "cmd-myscore"),
    ("remind", "cmd-remind"),
    ("language", "cmd-language"),
    ("about", "cmd-about"),
    ("privacy", "cmd-privacy"),
    ("forget", "cmd-forget"),
)


def create_i18n(default: str, locales_path: Path | None = None) -> I18n:
    """Compile the catalogs and build aiogram's I18n over them."""
    path = locales_path or compile_catalogs()
    return I18n(path=path, default_locale=default, domain=DOMAIN)


def create_bot(settings: Settings, token: str, session: BaseSession | None = None) -> Bot:
    """A Bot talking to ``TELEGRAM_API_BASE`` with HTML parse mode by default."""
    if session is None:
        session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_base))
    return Bot(
        token=token,
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


async def register_commands(bot: Bot, i18n: I18n) -> None:
    """Publish the command list in every language (setMyCommands with language_code)."""
    for lang in LANGS:
        commands = [
            BotCommand(command=name, description=i18n.gettext(key, locale=lang))
            for name, key in COMMANDS
        ]
        try:
            await bot.set_my_commands(commands, language_code=lang)
        except TelegramAPIError:
            logger.warning("setMyCommands failed for %s", lang)
    default = [
        BotCommand(command=name, description=i18n.gettext(key, locale="ru"))
        for name, key in COMMANDS
    ]
    try:
        await bot.set_my_commands(default)
    except TelegramAPIError:
        logger.warning("setMyCommands failed for the default list")


def create_dispatcher(
    settings: Settings,
    *,
    repo: Repo,
    catalog: Catalog,
    engine: SearchEngine,
    i18n: I18n,
    **extra: Any,
) -> Dispatcher:
    """Build the Dispatcher used by production, the console and the tests alike."""
    dp = Dispatcher(settings=settings, repo=repo, catalog=catalog, engine=engine, **extra)
    dp["i18n"] = i18n
    dp.update.outer_middleware(UserMiddleware())
    LocaleMiddleware(i18n=i18n, default=settings.default_language).setup(dp)
    dp.include_routers(*get_routers())

    async def on_startup(bot: Bot) -> None:
        await register_commands(bot, i18n)

    dp.startup.register(on_startup)
    return dp


class Assembly:
    """Everything long-lived the bot needs, opened once and closed on shutdown."""

    def __init__(self, settings: Settings, repo: Repo, catalog: Catalog, engine: SearchEngine,
                 i18n: I18n) -> None:
        self.settings = settings
        self.repo = repo
        self.catalog = catalog
        self.engine = engine
        self.i18n = i18n

    def dispatcher(self, **extra: Any) -> Dispatcher:
        """A Dispatcher over these parts."""
        return create_dispatcher(
            self.settings,
            repo=self.repo,
            catalog=self.catalog,
            engine=self.engine,
            i18n=self.i18n,
            **extra,
        )

    async def close(self) -> None:
        """Close the database."""
        await self.repo.close()


def load_content(settings: Settings) -> tuple[Catalog, SearchEngine]:
    """Load the catalog and build the search index (raises ContentError on bad content)."""
    from bot.content.loader import load_catalog
    from bot.search.engine import SearchEngine

    catalog = load_catalog(settings.content_dir)
    return catalog, SearchEngine.build(catalog)


async def assemble(settings: Settings, *, database: str | None = None) -> Assembly:
    """Compile catalogs, load content, build the index and open the database."""
    from bot.storage import open_repo

    i18n = create_i18n(settings.default_language)
    catalog, engine = load_content(settings)
    repo = await open_repo(database or str(settings.database_path))
    return Assembly(settings, repo, catalog, engine, i18n)
