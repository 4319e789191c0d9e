"""Share texts and deep links: plain text that reads on its own outside Telegram."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from bot.sharing import (
    ShareLabels,
    deep_link,
    exact_match,
    share_item,
    share_query,
    shorten,
    start_payload,
)

if TYPE_CHECKING:
    from bot.content.catalog import Catalog

LABELS = ShareLabels(
    articles="Articles: {numbers}",
    article_title="Article {number}. {title}",
    preamble="Preamble",
    myth="Myth",
    fact="Fact",
    why="Why it is wrong",
    changed="What changed",
    open_link="More in the AtaZan bot: {link}",
)
TAG = re.compile(r"</?[a-z]+[^>]*>")


@pytest.mark.parametrize(
    ("key", "payload"),
    [
        ("a:42", "a42"),
        ("a:0", "a0"),
        ("q:vp_appointment", "q_vp_appointment"),
        ("m:myth_vanishing_ink", "m_myth_vanishing_ink"),
        ("c:kc_kurultai", "c_kc_kurultai"),
        ("x:1", None),
        ("q:", None),
        ("a:x", None),
    ],
)
def test_start_payloads(key: str, payload: str | None) -> None:
    assert start_payload(key) == payload


def test_deep_links_use_the_bot_username() -> None:
    assert deep_link("AtaZanBot", "a:42") == "https://t.me/AtaZanBot?start=a42"
    assert deep_link("@AtaZanBot", "q:vp_appointment") == (
        "https://t.me/AtaZanBot?start=q_vp_appointment"
    )
    assert deep_link("AtaZanBot", "nonsense") == "https://t.me/AtaZanBot"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_answer_share_text_has_question_answer_articles_and_link(
    catalog: Catalog, lang: str
) -> None:
    entry = catalog.qa["vp_appointment"]
    item = share_item(catalog, "q:vp_appointment", lang, LABELS, "AtaZanBot")
    assert item is not None
    assert item.title == entry.questions.get(lang)[0]
    lines = item.text.split("\n")
    assert lines[0] == "❓ " + entry.questions.get(lang)[0]
    assert entry.answer.get(lang) in item.text
    if entry.articles:
        assert "📖 Articles: " + ", ".join(map(str, entry.articles)) in item.text
    assert lines[-1] == "🔗 More in the AtaZan bot: https://t.me/AtaZanBot?start=q_vp_appointment"
    assert TAG.search(item.text) is None
    assert len(item.description) <= 120


def test_article_myth_and_change_share_texts(catalog: Catalog) -> None:
    article = share_item(catalog, "a:42", "en", LABELS, "AtaZanBot")
    assert article is not None
    assert article.text.startswith("📜 Article 42. ")
    assert catalog.articles[42].summary.en in article.text
    assert article.text.endswith("?start=a42")

    myth_id = next(iter(catalog.myths))
    myth = share_item(catalog, f"m:{myth_id}", "ru", LABELS, "AtaZanBot")
    assert myth is not None
    assert myth.text.startswith("❌ Myth: " + catalog.myths[myth_id].claim.ru)
    assert "✅ Fact: " in myth.text
    assert "🔎 Why it is wrong: " in myth.text

    if catalog.meta.key_changes:
        change = catalog.meta.key_changes[0]
        shared = share_item(catalog, f"c:{change.id}", "kk", LABELS, "AtaZanBot")
        assert shared is not None
        assert shared.text.startswith("✨ " + change.title.kk)
        assert shared.text.endswith(f"?start=c_{change.id}")


def test_unknown_keys_share_nothing(catalog: Catalog) -> None:
    for key in ("q:nope", "m:nope", "c:nope", "a:999", "zzz"):
        assert share_item(catalog, key, "ru", LABELS, "AtaZanBot") is None


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_share_query_finds_its_item_again(catalog: Catalog, lang: str) -> None:
    keys = ["q:vp_appointment", f"m:{next(iter(catalog.myths))}"]
    keys += [f"c:{change.id}" for change in catalog.meta.key_changes[:1]]
    for key in keys:
        query = share_query(catalog, key, lang)
        assert query is not None
        found = exact_match(catalog, query)
        assert found is not None
        assert found[0] == key


def test_exact_match_ignores_case_and_punctuation(catalog: Catalog) -> None:
    question = catalog.qa["vp_appointment"].questions.ru[0]
    assert exact_match(catalog, question.upper().rstrip("?") + " !") == ("q:vp_appointment", "ru")
    assert exact_match(catalog, "") is None
    assert exact_match(catalog, "совсем не вопрос из базы") is None


def test_shorten_cuts_at_a_word() -> None:
    assert shorten("one two three", 20) == "one two three"
    assert shorten("alpha beta gamma delta", 12) == "alpha beta…"
    assert shorten("a\n b  c", 20) == "a b c"
