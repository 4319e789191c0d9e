"""Settings read from the environment or ``.env``; names are a public contract."""

from __future__ import annotations

import os
import zoneinfo
from pathlib import Path
from typing import Annotated, Final, Literal

from pydantic import (
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.errors import ConfigError

DEFAULT_API_BASE: Final = "https://api.telegram.org"

FIXES: Final[dict[str, str]] = {
    "BOT_TOKEN": "set BOT_TOKEN to the token from @BotFather (or run `python -m bot console`)",
    "ADMIN_IDS": "use comma-separated numeric Telegram user ids, e.g. ADMIN_IDS=123,456",
    "DEFAULT_LANGUAGE": "use one of kk, ru, en",
    "TIMEZONE": "use an IANA zone name such as Asia/Almaty",
    "BROADCAST_RATE": "use a number of messages per second between 1 and 1000",
    "TELEGRAM_API_BASE": "use an http(s) URL such as http://127.0.0.1:8081",
    "WEBHOOK_URL": "use the public https URL Telegram should call",
    "WEBHOOK_PORT": "use a port number between 1 and 65535",
    "LOG_LEVEL": "use DEBUG, INFO, WARNING or ERROR",
    "DATABASE_PATH": "point it at a file in a folder the bot can create and write",
    "CONTENT_DIR": "point it at a folder with meta.yaml",
    "WEBHOOK_SECRET": "set WEBHOOK_SECRET to a random string of letters, digits, _ and -",
}


class Settings(BaseSettings):
    """All runtime configuration of the bot."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    bot_token: SecretStr | None = None
    telegram_api_base: str = DEFAULT_API_BASE
    database_path: Path = Path("data/atazan.sqlite3")
    content_dir: Path | None = None
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    default_language: Literal["kk", "ru", "en"] = "ru"
    timezone: str = "Asia/Almaty"
    broadcast_rate: float = Field(default=25.0, gt=0, le=1000)
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "0.0.0.0"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    bot_username: str = "AtaZanBot"

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _parse_admins(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            if not all(part.lstrip("-").isdigit() for part in parts):
                raise ValueError("must be comma-separated numeric user ids")
            return frozenset(int(part) for part in parts)
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("default_language", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("telegram_api_base", "webhook_url")
    @classmethod
    def _url(cls, value: str | None, info: ValidationInfo) -> str | None:
        if not value:
            return DEFAULT_API_BASE if info.field_name == "telegram_api_base" else None
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _webhook_secret(self) -> Settings:
        if self.webhook_url and not (
            self.webhook_secret and self.webhook_secret.get_secret_value()
        ):
            raise ValueError("WEBHOOK_SECRET is required when WEBHOOK_URL is set")
        return self

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The configured time zone object."""
        return zoneinfo.ZoneInfo(self.timezone)

    def is_admin(self, user_id: int | None) -> bool:
        """True when ``user_id`` is listed in ``ADMIN_IDS``."""
        return user_id is not None and user_id in self.admin_ids


def load_settings(**overrides: object) -> Settings:
    """Build settings; turn validation failures into one readable :class:`ConfigError` line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]).upper() if err["loc"] else "WEBHOOK_SECRET"
        fix = FIXES.get(name, "check the value")
        raw = os.environ.get(name)
        shown = "" if raw is None or name in {"BOT_TOKEN", "WEBHOOK_SECRET"} else f" (got {raw!r})"
        raise ConfigError(f"{name}: {err['msg']}{shown}; {fix}") from None


def require_token(settings: Settings) -> str:
    """Return the bot token or raise a :class:`ConfigError` that says how to get one."""
    token = settings.bot_token.get_secret_value().strip() if settings.bot_token else ""
    if not token:
        raise ConfigError(f"BOT_TOKEN: missing; {FIXES['BOT_TOKEN']}")
    if ":" not in token:
        raise ConfigError("BOT_TOKEN: does not look like a bot token (expected 123456:ABC...)")
    return token
