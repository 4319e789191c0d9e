"""Prepare fresh content, search index and compiled translations for /reload, without swapping.

Everything is built aside first; the caller swaps it in only when every part is valid, so a
broken file never replaces content that works.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bot.content.loader import load_catalog
from bot.errors import BotError, ContentError
from bot.locales import compile_catalogs

if TYPE_CHECKING:
    from bot.content.catalog import Catalog
    from bot.search.engine import SearchEngine

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


def prepare_reload(content_dir: Path | None, locales_source: Path | None = None) -> Prepared:
    """Load and check content, build the index and compile the catalogs (blocking; run in a thread)."""
    from bot.content.loader import default_content_dir
    from bot.search.engine import SearchEngine

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
    locales_path: Path | None = None
    try:
        locales_path = compile_catalogs(locales_source)
    except BotError as exc:
        problems.append(str(exc))
    if problems:
        return Prepared(problems=problems)
    return Prepared(catalog=catalog, engine=engine, locales_path=locales_path)
