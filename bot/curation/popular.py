"""Which entries to offer as "popular": real traffic first, then the curated list."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.content.catalog import Catalog


def entry_exists(catalog: Catalog, key: str) -> bool:
    """True when ``key`` (``q:<id>``, ``m:<id>``, ``a:<n>``, ``c:<id>``) names a catalog item."""
    kind, _sep, ref = key.partition(":")
    if kind == "q":
        return ref in catalog.qa
    if kind == "m":
        return ref in catalog.myths
    if kind == "a":
        return ref.isdigit() and int(ref) in catalog.articles
    if kind == "c":
        return any(change.id == ref for change in catalog.meta.key_changes)
    return False


def curated_keys(catalog: Catalog) -> list[str]:
    """``meta.popular``, or else the first question of every topic (in the topics' order)."""
    if catalog.meta.popular:
        return [f"q:{ident}" for ident in catalog.meta.popular if ident in catalog.qa]
    first_of_topic: dict[str, str] = {}
    for entry in catalog.qa.values():
        first_of_topic.setdefault(entry.topic, entry.id)
    return [f"q:{first_of_topic[t.id]}" for t in catalog.meta.topics if t.id in first_of_topic]


def popular_keys(
    catalog: Catalog,
    traffic: Iterable[str],
    *,
    limit: int = 8,
    kinds: frozenset[str] = frozenset({"q", "m"}),
) -> list[str]:
    """Entries most often answered (``traffic``, best first), topped up with curated ones.

    Keys that no longer exist (content was edited) or are of other kinds are skipped.
    """
    chosen: list[str] = []
    for key in [*traffic, *curated_keys(catalog)]:
        if len(chosen) >= limit:
            break
        if key in chosen or key.partition(":")[0] not in kinds or not entry_exists(catalog, key):
            continue
        chosen.append(key)
    return chosen
