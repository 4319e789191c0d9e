"""Read ``content/`` into a :class:`Catalog`, collecting every problem with its place."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.content.catalog import Catalog
from bot.content.models import (
    LANGS,
    Article,
    Event,
    GlossaryGroup,
    Meta,
    Myth,
    QAEntry,
    QuizItem,
)
from bot.errors import ContentError
from bot.resources import content_dir

M = TypeVar("M", bound=BaseModel)

logger = logging.getLogger(__name__)


def default_content_dir() -> Path:
    """The content bundled with the package."""
    return content_dir()


def _read_yaml(path: Path, problems: list[str]) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError:
        problems.append(f"{path}: file is missing")
    except yaml.YAMLError as exc:
        problems.append(f"{path}: not valid YAML: {exc}".replace("\n", " "))
    except UnicodeDecodeError:
        problems.append(f"{path}: not UTF-8 text")
    return None


def _item_label(raw: Any, index: int) -> str:
    if isinstance(raw, dict):
        for key in ("id", "number"):
            if key in raw:
                return f"{key}={raw[key]}"
    return f"item #{index + 1}"


def _format_error(path: Path, label: str, exc: ValidationError) -> list[str]:
    lines = []
    for err in exc.errors():
        where = ".".join(str(part) for part in err["loc"]) or "(item)"
        lines.append(f"{path}: {label}: field {where}: {err['msg']}")
    return lines


def _parse_items(
    path: Path, data: Any, key: str, model: type[M], problems: list[str]
) -> list[tuple[M, Path]]:
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        problems.append(f"{path}: expected a top-level '{key}:' list")
        return []
    items: list[tuple[M, Path]] = []
    for index, raw in enumerate(data[key]):
        try:
            items.append((model.model_validate(raw), path))
        except ValidationError as exc:
            problems.extend(_format_error(path, _item_label(raw, index), exc))
    return items


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def load_catalog(content_dir: Path | None = None, *, strict: bool = True) -> Catalog:
    """Load and cross-check every content file; raise :class:`ContentError` listing all faults.

    ``strict=False`` is for tools working on content still being written: faults are logged,
    broken items are left out and the rest is returned (an unreadable ``meta.yaml`` still raises).
    """
    root = Path(content_dir) if content_dir else default_content_dir()
    problems: list[str] = []
    if not root.is_dir():
        raise ContentError([f"{root}: content folder not found (set CONTENT_DIR to the folder)"])

    meta_path = root / "meta.yaml"
    meta_raw = _read_yaml(meta_path, problems)
    meta: Meta | None = None
    if meta_raw is not None:
        try:
            meta = Meta.model_validate(meta_raw)
        except ValidationError as exc:
            problems.extend(_format_error(meta_path, "meta", exc))

    sources: dict[str, str] = {}

    def unique(kind: str, pairs: list[tuple[Any, Path]], key: str) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for item, path in pairs:
            ident = getattr(item, key)
            if ident in out:
                first = sources[f"{kind}:{ident}"]
                problems.append(f"{path}: {kind} {key}={ident}: duplicate (also in {first})")
                continue
            out[ident] = item
            sources[f"{kind}:{ident}"] = str(path)
        return out

    article_pairs: list[tuple[Article, Path]] = []
    for path in _files(root / "articles"):
        article_pairs += _parse_items(
            path, _read_yaml(path, problems), "articles", Article, problems
        )
    qa_pairs: list[tuple[QAEntry, Path]] = []
    for path in _files(root / "qa"):
        qa_pairs += _parse_items(path, _read_yaml(path, problems), "entries", QAEntry, problems)
    quiz_pairs: list[tuple[QuizItem, Path]] = []
    for path in _files(root / "quiz"):
        quiz_pairs += _parse_items(path, _read_yaml(path, problems), "items", QuizItem, problems)
    events_path = root / "events.yaml"
    event_pairs = _parse_items(
        events_path, _read_yaml(events_path, problems), "events", Event, problems
    )
    glossary_path = root / "glossary.yaml"
    glossary_pairs = _parse_items(
        glossary_path, _read_yaml(glossary_path, problems), "groups", GlossaryGroup, problems
    )
    myths_path = root / "myths.yaml"
    myth_pairs = _parse_items(
        myths_path, _read_yaml(myths_path, problems), "myths", Myth, problems
    )

    articles = unique("article", article_pairs, "number")
    qa = unique("qa", qa_pairs, "id")
    quiz = unique("quiz", quiz_pairs, "id")
    events = unique("event", event_pairs, "id")
    glossary = unique("glossary", glossary_pairs, "id")
    myths = unique("myth", myth_pairs, "id")

    if meta is None:
        raise ContentError(problems or [f"{meta_path}: could not be read"])

    topic_ids = {topic.id for topic in meta.topics}
    section_numbers = {section.number for section in meta.sections}

    def check_related(path: str, label: str, ids: list[str]) -> None:
        for ident in ids:
            if ident not in qa:
                problems.append(f"{path}: {label}: field related: unknown entry {ident!r}")

    def check_articles(path: str, label: str, numbers: list[int]) -> None:
        for number in numbers:
            if number not in articles:
                problems.append(
                    f"{path}: {label}: field articles: article {number} does not exist"
                )

    for number in range(1, meta.article_count + 1):
        if number not in articles:
            problems.append(f"{root / 'articles'}: article {number} is missing")
    for article in articles.values():
        path = sources[f"article:{article.number}"]
        if article.number and article.section not in section_numbers:
            problems.append(f"{path}: number={article.number}: field section: unknown section")
        for section in meta.sections:
            inside = section.first_article <= article.number <= section.last_article
            if inside and section.number != article.section:
                problems.append(
                    f"{path}: number={article.number}: field section: should be {section.number}"
                )
    for entry in qa.values():
        path = sources[f"qa:{entry.id}"]
        if entry.topic not in topic_ids:
            problems.append(f"{path}: id={entry.id}: field topic: unknown topic {entry.topic!r}")
        check_articles(path, f"id={entry.id}", entry.articles)
        check_related(path, f"id={entry.id}", entry.related)
    for item in quiz.values():
        path = sources[f"quiz:{item.id}"]
        if item.topic not in topic_ids:
            problems.append(f"{path}: id={item.id}: field topic: unknown topic {item.topic!r}")
        check_articles(path, f"id={item.id}", item.articles)
    for event in events.values():
        check_articles(str(events_path), f"id={event.id}", event.articles)
    for group in glossary.values():
        check_articles(str(glossary_path), f"id={group.id}", group.articles)
    for myth in myths.values():
        check_articles(str(myths_path), f"id={myth.id}", myth.articles)
        check_related(str(myths_path), f"id={myth.id}", myth.related)
    for change in meta.key_changes:
        check_articles(str(meta_path), f"key_changes id={change.id}", change.articles)
    for ident in meta.popular:
        if ident not in qa:
            problems.append(f"{meta_path}: field popular: unknown entry {ident!r}")

    if problems and strict:
        raise ContentError(problems)
    if problems:
        logger.warning("content loaded leniently despite %d problems", len(problems))
    return Catalog(
        meta=meta,
        articles=dict(sorted(articles.items())),
        qa=qa,
        quiz=quiz,
        events=events,
        glossary=tuple(glossary.values()),
        myths=myths,
        sources=sources,
    )


__all__ = ["LANGS", "default_content_dir", "load_catalog"]
