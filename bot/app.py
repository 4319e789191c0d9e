"""The composition root: the one place that wires settings, storage, content and routers."""

from __future__ import annotations

import asyncio
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
from bot.curation.reload import Prepared, prepare_reload
from bot.locales import DOMAIN, compile_catalogs
from bot.reminders.delivery import DeliveryConfig
from bot.reminders.service import ReminderService
from bot.telegram.sender import AiogramSender
from handlers import get_routers
from handlers.broadcast import BroadcastReporter
from handlers.group_quiz import GroupQuizRunner
from handlers.middlewares import LocaleMiddleware, UserMiddleware
from handlers.remind import create_translate
from handlers.throttle import ThrottleMiddleware

if TYPE_CHECKING:
    from collections.abc import Iterable

    from bot.content.catalog import Catalog
    from bot.content.models import Event
    from bot.search.engine import SearchEngine
    from bot.storage import Repo

logger = logging.getLogger(__name__)

COMMANDS = (
    ("start", "cmd-start"),
    ("help", "cmd-help"),
    ("article", "cmd-article"),
    ("quiz", "cmd-quiz"),
    ("myscore", "cmd-myscore"),
    ("daily", "cmd-daily"),
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
    dp.workflow_data.setdefault(
        "group_quizzes", GroupQuizRunner(repo, lambda: dp["catalog"], i18n)
    )
    dp["reloader"] = ContentReloader(dp, settings, i18n)

    def live_events() -> Iterable[Event]:
        """Events of the current catalog, so /reload takes effect on the next reminder tick."""
        return dp["catalog"].events.values()  # type: ignore[no-any-return]

    dp.workflow_data.setdefault(
        "reminders",
        ReminderService(
            repo.campaigns,
            events=live_events,
            translate=create_translate(i18n),
            zone=settings.zone,
            default_language=settings.default_language,
            config=DeliveryConfig.for_rate(settings.broadcast_rate),
        ),
    )
    # The throttle runs first, so a flood is dropped before any database work.
    dp["throttle"] = ThrottleMiddleware()
    dp.update.outer_middleware(dp["throttle"])
    dp.update.outer_middleware(UserMiddleware())
    LocaleMiddleware(i18n=i18n, default=settings.default_language).setup(dp)
    dp.include_routers(*get_routers())

    async def on_startup(bot: Bot) -> None:
        await register_commands(bot, i18n)
        await dp["group_quizzes"].resume(bot)
        if dp["reminders"] is not None:  # None in the console: campaigns wait for the bot
            await dp["reminders"].start(
                AiogramSender(bot), observer=BroadcastReporter(bot, repo, i18n, settings)
            )

    async def on_shutdown() -> None:
        if dp["reminders"] is not None:
            await dp["reminders"].stop()
        await dp["group_quizzes"].close()

    dp.startup.register(on_startup)
    dp.shutdown.register(on_shutdown)
    return dp


class ContentReloader:
    """/reload: swap in new content, search index and translations, or keep the old ones.

    Handlers receive ``catalog`` and ``engine`` from the Dispatcher's workflow data, copied for
    each update when it starts; both keys are replaced by one dict update with no ``await`` in
    between, so every update sees either the old pair or the new pair, never a mix.
    """

    def __init__(
        self, dp: Dispatcher, settings: Settings, i18n: I18n, locales_source: Path | None = None
    ) -> None:
        self.dp = dp
        self.settings = settings
        self.i18n = i18n
        self.locales_source = locales_source
        self._lock = asyncio.Lock()

    async def reload(self) -> Prepared:
        """Build everything aside (in a thread), then swap it in only when all of it is valid."""
        async with self._lock:
            prepared = await asyncio.to_thread(
                prepare_reload,
                self.settings.content_dir,
                self.locales_source,
                current_locales=self.i18n.path,
            )
            if not prepared.ok:
                logger.warning("reload refused: %d problems", len(prepared.problems))
                return prepared
            self.dp.workflow_data.update(catalog=prepared.catalog, engine=prepared.engine)
            if prepared.locales_path is not None:
                self.i18n.path = prepared.locales_path
                self.i18n.reload()
            logger.info("content and translations reloaded")
            return prepared


class Assembly:
    """Everything long-lived the bot needs, opened once and closed on shutdown."""

    def __init__(
        self, settings: Settings, repo: Repo, catalog: Catalog, engine: SearchEngine, i18n: I18n
    ) -> None:
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
