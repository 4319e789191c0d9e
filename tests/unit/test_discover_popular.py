"""Popular entries: real traffic first, then the curated list, only items that exist."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.curation.popular import curated_keys, entry_exists, popular_keys

if TYPE_CHECKING:
    from bot.content.catalog import Catalog


def test_traffic_comes_first_and_unknown_or_other_kinds_are_skipped(catalog: Catalog) -> None:
    myth = next(iter(catalog.myths))
    traffic = ["q:vp_appointment", "a:42", "q:deleted_entry", f"m:{myth}", "q:vp_appointment"]
    keys = popular_keys(catalog, traffic, limit=5)
    assert keys[:2] == ["q:vp_appointment", f"m:{myth}"]
    assert len(keys) == 5
    assert len(set(keys)) == 5
    assert all(entry_exists(catalog, key) for key in keys)


def test_without_traffic_the_curated_list_is_used(catalog: Catalog) -> None:
    keys = popular_keys(catalog, [], limit=8)
    assert keys == curated_keys(catalog)[:8]
    assert keys


def test_curated_list_is_meta_popular_or_one_question_per_topic(catalog: Catalog) -> None:
    keys = curated_keys(catalog)
    if catalog.meta.popular:
        assert keys == [f"q:{ident}" for ident in catalog.meta.popular]
    else:
        topics = [catalog.qa[key[2:]].topic for key in keys]
        assert len(topics) == len(set(topics))


def test_entry_exists_for_every_kind(catalog: Catalog) -> None:
    assert entry_exists(catalog, "a:0")
    assert entry_exists(catalog, "q:vp_appointment")
    assert not entry_exists(catalog, "a:97")
    assert not entry_exists(catalog, "x:1")
    for change in catalog.meta.key_changes[:1]:
        assert entry_exists(catalog, f"c:{change.id}")
