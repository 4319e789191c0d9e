"""Prepare fresh content, search index and compiled translations for /reload, without swapping.

Everything is built aside first; the caller swaps it in only when every part is valid, so a
broken file never replaces content that works.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.catalog import Catalog as Messages
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from bot.content.loader import default_content_dir, load_catalog
from bot.content.models import LANGS
from bot.errors import BotError, ContentError
from bot.locales import DOMAIN, compile_catalogs
from bot.resources import locales_dir
from bot.search.engine import SearchEngine

if TYPE_CHECKING:
    from bot.content.catalog import Catalog

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Prepared:
    """What a reload produced: all parts when ``ok``, else only the problems found."""

    catalog: Catalog | None = None
    engine: SearchEngine | None = None
    locales_path: Path | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every part was built and nothing was wrong."""
        return not self.problems and self.catalog is not None and self.engine is not None


def relative_problem(problem: str, root: Path | None) -> str:
    """Show paths relative to the content folder, so the admin sees ``qa/x.yaml: id=…``."""
    if root is None:
        return problem
    prefix = str(root.resolve()) + "/"
    problem = problem.replace(prefix, "")
    return problem.replace(str(root) + "/", "")


def _message_keys(catalog: Messages) -> tuple[set[str], list[str]]:
    """Message ids of a Babel catalog, and those whose translation is empty."""
    keys: set[str] = set()
    empty: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        keys.add(key)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(text and text.strip() for text in strings):
            empty.append(key)
    return keys, empty


def compiled_keys(compiled: Path) -> dict[str, set[str]]:
    """Message ids of the catalogs the bot runs with now (the compiled ``.mo`` files)."""
    found: dict[str, set[str]] = {}
    for lang in LANGS:
        path = compiled / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if path.exists():
            with path.open("rb") as handle:
                found[lang] = _message_keys(read_mo(handle))[0]
    return found


def translation_problems(source: Path, required: Mapping[str, set[str]]) -> list[str]:
    """Problems of the ``.po`` files: syntax, empty translations, messages missing in a language.

    ``required`` holds, per language, the messages the running bot has; a new catalog must keep
    them all, or every screen using a lost message would show its bare key.
    """
    problems: list[str] = []
    keys_by_lang: dict[str, set[str]] = {}
    for lang in LANGS:
        path = source / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        try:
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=lang, abort_invalid=True)
        except FileNotFoundError:
            problems.append(f"{path}: file is missing")
            continue
        except Exception as exc:  # Babel raises several types on a broken catalog
            problems.append(f"{path}: cannot be read: {exc}")
            continue
        keys, empty = _message_keys(catalog)
        if empty:
            problems.append(f"{path}: not translated: {', '.join(sorted(empty)[:10])}")
        missing = sorted(set(required.get(lang, set())) - keys)
        if missing:
            problems.append(f"{path}: messages missing: {', '.join(missing[:10])}")
        keys_by_lang[lang] = keys
    every = set().union(*keys_by_lang.values()) if keys_by_lang else set()
    for lang, keys in keys_by_lang.items():
        absent = sorted(every - keys)
        if absent:
            path = source / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
            problems.append(f"{path}: only other languages have: {', '.join(absent[:10])}")
    return problems


def prepare_reload(
    content_dir: Path | None,
    locales_source: Path | None = None,
    *,
    current_locales: Path | None = None,
) -> Prepared:
    """Load and check content, build the index, compile the catalogs (blocking: use a thread).

    ``current_locales`` is the folder of the compiled catalogs in use: no message they have may
    go missing from the new ones.
    """
    root = Path(content_dir) if content_dir else default_content_dir()
    problems: list[str] = []
    catalog: Catalog | None = None
    engine: SearchEngine | None = None
    try:
        catalog = load_catalog(root)
    except ContentError as exc:
        problems += [relative_problem(p, root) for p in exc.problems]
    if catalog is not None:
        try:
            engine = SearchEngine.build(catalog)
        except Exception as exc:  # a bad index must not take the running bot down
            logger.exception("search index could not be built from new content")
            problems.append(f"search index: {exc}")
    source = locales_source or locales_dir()
    required = compiled_keys(current_locales) if current_locales is not None else {}
    translation = translation_problems(source, required)
    problems += translation
    locales_path: Path | None = None
    if not translation:
        try:
            locales_path = compile_catalogs(source)
        except BotError as exc:
            problems.append(str(exc))
    if problems:
        return Prepared(problems=problems)
    return Prepared(catalog=catalog, engine=engine, locales_path=locales_path)
