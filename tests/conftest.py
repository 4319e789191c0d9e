"""Shared fixtures: real content, a fresh database, the fake Bot API and the real Dispatcher."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from aiogram import Bot, Dispatcher
from aiogram.utils.i18n import I18n

from bot.app import create_bot, create_dispatcher, create_i18n
from bot.config import Settings
from bot.content.loader import load_catalog
from bot.locales import compile_catalogs
from bot.search.engine import SearchEngine
from bot.storage import Repo, open_repo
from tests.fake_api import Chat, FakeBotAPI

if TYPE_CHECKING:
    from bot.content.catalog import Catalog

ADMIN_ID = 777
TOKEN = "123456:TEST-TOKEN"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The real bundled content, loaded once (it is immutable)."""
    return load_catalog()


@pytest.fixture(scope="session")
def engine(catalog: Catalog) -> SearchEngine:
    """The search index over the real content, built once."""
    return SearchEngine.build(catalog)


@pytest.fixture(scope="session")
def locales_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Catalogs compiled once per test session."""
    return compile_catalogs(target=tmp_path_factory.mktemp("locales"))


@pytest.fixture
def i18n(locales_path: Path) -> I18n:
    """aiogram I18n over the compiled catalogs."""
    return create_i18n("ru", locales_path)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    """A fake Bot API server on 127.0.0.1."""
    async with FakeBotAPI() as server:
        yield server


@pytest.fixture
def settings(api: FakeBotAPI, tmp_path: Path) -> Settings:
    """Settings for tests, built from keywords only (the developer's .env is never read)."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        bot_token=TOKEN,
        telegram_api_base=api.base,
        database_path=tmp_path / "test.sqlite3",
        admin_ids=frozenset({ADMIN_ID}),
        default_language="ru",
    )


@pytest.fixture
async def repo(settings: Settings) -> AsyncIterator[Repo]:
    """A fresh, migrated database per test."""
    repository = await open_repo(str(settings.database_path))
    yield repository
    await repository.close()


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[Bot]:
    """A real aiogram Bot whose aiohttp session talks to the fake server."""
    instance = create_bot(settings, TOKEN)
    yield instance
    await instance.session.close()


@pytest.fixture
def dp(
    settings: Settings, repo: Repo, catalog: Catalog, engine: SearchEngine, i18n: I18n
) -> Dispatcher:
    """The production Dispatcher, built by the same function production uses."""
    return create_dispatcher(settings, repo=repo, catalog=catalog, engine=engine, i18n=i18n)


@pytest.fixture
def chat(dp: Dispatcher, bot: Bot, api: FakeBotAPI) -> Chat:
    """A private chat with a Russian-speaking user."""
    return Chat(dp, bot, api, language_code="ru")


@pytest.fixture
def admin_chat(dp: Dispatcher, bot: Bot, api: FakeBotAPI) -> Chat:
    """A private chat with the admin."""
    return Chat(dp, bot, api, user_id=ADMIN_ID, language_code="en")
