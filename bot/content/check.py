"""``python -m bot content check``: validate content, limits and ambiguity; print coverage."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final, TextIO

from bot.content.loader import load_catalog
from bot.content.models import LANGS
from bot.errors import ContentError

if TYPE_CHECKING:
    from bot.content.catalog import Catalog

MESSAGE_MAX: Final = 4096
CALLBACK_MAX: Final = 64
BUTTON_TEXT_MAX: Final = 120  # longer labels are clipped by the keyboards; keep titles readable
CARD_OVERHEAD: Final = 400  # headings, labels and the cited-articles line around a text
MIN_QA: Final = 150
MIN_QUIZ: Final = 80
MIN_GLOSSARY: Final = 60
MIN_MYTHS: Final = 12


@dataclass
class Report:
    """Errors fail the check; warnings are printed for curators."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def check_limits(catalog: Catalog, report: Report) -> None:
    """Every card fits one message; every callback payload fits 64 bytes."""
    src = catalog.sources
    for entry in catalog.qa.values():
        where = f"{src.get(f'qa:{entry.id}', 'qa')}: id={entry.id}"
        if len(f"qa:q:{entry.id}:kk".encode()) > CALLBACK_MAX:
            report.errors.append(f"{where}: field id: too long for callback data")
        for lang in LANGS:
            size = len(entry.answer.get(lang)) + len(entry.questions.get(lang)[0]) + CARD_OVERHEAD
            if size > MESSAGE_MAX:
                report.errors.append(f"{where}: field answer.{lang}: card over {MESSAGE_MAX}")
            if len(entry.questions.get(lang)[0]) > BUTTON_TEXT_MAX:
                report.warnings.append(
                    f"{where}: field questions.{lang}[0]: long for a button (clipped)"
                )
    for article in catalog.articles.values():
        where = f"{src.get(f'article:{article.number}', 'articles')}: number={article.number}"
        for lang in LANGS:
            size = len(article.summary.get(lang)) + CARD_OVERHEAD
            if article.changes is not None:
                size += len(article.changes.get(lang))
            if size > MESSAGE_MAX:
                report.errors.append(f"{where}: field summary.{lang}: card over {MESSAGE_MAX}")
    for myth in catalog.myths.values():
        where = f"myths.yaml: id={myth.id}"
        if len(f"qa:m:{myth.id}:kk".encode()) > CALLBACK_MAX:
            report.errors.append(f"{where}: field id: too long for callback data")
        for lang in LANGS:
            size = sum(len(t.get(lang)) for t in (myth.claim, myth.fact, myth.why))
            if size + CARD_OVERHEAD > MESSAGE_MAX:
                report.errors.append(f"{where}: field fact.{lang}: card over {MESSAGE_MAX}")


def check_amounts(catalog: Catalog, report: Report) -> None:
    """The minimum amounts the bot promises."""
    for name, have, need in (
        ("Q&A entries", len(catalog.qa), MIN_QA),
        ("quiz items", len(catalog.quiz), MIN_QUIZ),
        ("glossary groups", len(catalog.glossary), MIN_GLOSSARY),
        ("myths", len(catalog.myths), MIN_MYTHS),
    ):
        if have < need:
            report.errors.append(f"content: {name}: {have}, at least {need} are needed")
    for topic in catalog.meta.topics:
        if not any(item.topic == topic.id for item in catalog.quiz.values()):
            report.warnings.append(f"quiz: topic {topic.id}: no quiz items")
        if not any(entry.topic == topic.id for entry in catalog.qa.values()):
            report.warnings.append(f"qa: topic {topic.id}: no Q&A entries")


def check_ambiguity(catalog: Catalog, report: Report) -> None:
    """Flag question variants that the engine matches to another entry, not their own."""
    from bot.search.engine import SearchEngine
    from bot.search.normalize import normalize

    seen: dict[tuple[str, str], str] = {}
    for entry in catalog.qa.values():
        for lang in LANGS:
            for variant in entry.questions.get(lang):
                key = (lang, normalize(variant))
                other = seen.get(key)
                if other is not None and other != entry.id:
                    report.errors.append(
                        f"{catalog.sources.get(f'qa:{entry.id}')}: id={entry.id}: field "
                        f"questions.{lang}: {variant!r} repeats a variant of {other}"
                    )
                seen[key] = entry.id
    engine = SearchEngine.build(catalog)
    for entry in catalog.qa.values():
        for lang in LANGS:
            for variant in entry.questions.get(lang):
                result = engine.search(variant, user_lang=lang)
                best = result.best
                if best is None or best.key == f"q:{entry.id}":
                    continue
                if best.kind == "qa":
                    report.warnings.append(
                        f"{catalog.sources.get(f'qa:{entry.id}')}: id={entry.id}: "
                        f"questions.{lang}: {variant!r} is matched to {best.ref}"
                    )


def coverage_table(catalog: Catalog) -> str:
    """Items per language and articles covered by Q&A, per section."""
    lines = [
        "",
        "Items per language:",
        f"  {'kind':<16}" + "".join(f"{lang:>8}" for lang in LANGS),
    ]
    rows = {
        "articles": [len(catalog.articles)] * 3,
        "Q&A entries": [
            sum(1 for e in catalog.qa.values() if e.answer.get(lang)) for lang in LANGS
        ],
        "question variants": [
            sum(len(e.questions.get(lang)) for e in catalog.qa.values()) for lang in LANGS
        ],
        "quiz items": [len(catalog.quiz)] * 3,
        "glossary groups": [len(catalog.glossary)] * 3,
        "myths": [len(catalog.myths)] * 3,
        "events": [len(catalog.events)] * 3,
        "key changes": [len(catalog.meta.key_changes)] * 3,
    }
    for name, counts in rows.items():
        lines.append(f"  {name:<16}" + "".join(f"{count:>8}" for count in counts))
    cited = Counter(n for e in catalog.qa.values() for n in e.articles)
    lines += ["", "Articles cited by Q&A, per section:"]
    total_cited = 0
    for section in catalog.meta.sections:
        numbers = range(section.first_article, section.last_article + 1)
        covered = [n for n in numbers if cited[n]]
        total_cited += len(covered)
        lines.append(
            f"  {section.roman:>4} {section.title.en[:40]:<40} {len(covered):>3}/{len(numbers):<3}"
        )
    lines.append(f"  all sections: {total_cited}/{catalog.meta.article_count} articles cited")
    topics = Counter(e.topic for e in catalog.qa.values())
    lines += [
        "",
        "Q&A entries per topic: " + ", ".join(f"{k} {v}" for k, v in sorted(topics.items())),
    ]
    return "\n".join(lines)


def run(directory: Path | None, out: TextIO = sys.stdout) -> int:
    """Check the content folder; 0 when valid, 1 with every problem printed otherwise."""
    try:
        catalog = load_catalog(directory)
    except ContentError as exc:
        for problem in exc.problems:
            out.write(f"ERROR {problem}\n")
        out.write(f"\n{len(exc.problems)} error(s)\n")
        return 1
    report = Report()
    check_limits(catalog, report)
    check_amounts(catalog, report)
    check_ambiguity(catalog, report)
    for warning in report.warnings:
        out.write(f"warning {warning}\n")
    for error in report.errors:
        out.write(f"ERROR {error}\n")
    out.write(coverage_table(catalog) + "\n")
    out.write(f"\n{len(report.errors)} error(s), {len(report.warnings)} warning(s)\n")
    return 1 if report.errors else 0
