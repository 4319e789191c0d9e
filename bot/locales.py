"""Compile the gettext catalogs (``.po`` → ``.mo``) at start-up; ``.mo`` is never committed."""

from __future__ import annotations

import hashlib
import logging
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.content.models import LANGS
from bot.errors import ConfigError
from bot.resources import locales_dir

logger = logging.getLogger(__name__)

DOMAIN = "messages"


def _digest(source: Path) -> str:
    digest = hashlib.sha256()
    for lang in LANGS:
        po = source / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po.exists():
            digest.update(po.read_bytes())
    return digest.hexdigest()[:16]


def compile_catalogs(source: Path | None = None, target: Path | None = None) -> Path:
    """Compile every language's ``messages.po`` and return the folder holding the ``.mo`` files.

    The target defaults to a cache folder keyed by the catalogs' content, so a read-only install
    still works and unchanged catalogs are not recompiled.
    """
    source = source or locales_dir()
    target = target or Path(tempfile.gettempdir()) / f"atazan-locales-{_digest(source)}"
    for lang in LANGS:
        po_path = source / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        mo_path = target / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if not po_path.exists():
            raise ConfigError(f"{po_path}: catalog missing; every language needs messages.po")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        try:
            with po_path.open("rb") as handle:
                catalog = read_po(handle, locale=lang)
        except Exception as exc:  # Babel raises several types on a broken catalog
            raise ConfigError(
                f"{po_path}: cannot be read: {exc}; fix the catalog syntax"
            ) from None
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = mo_path.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            write_mo(handle, catalog)
        tmp.replace(mo_path)
        logger.debug("compiled %s", mo_path)
    return target
