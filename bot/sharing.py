"""Plain share texts and deep links: what a shared answer says outside the bot.

A shared answer may be forwarded again or pasted into WhatsApp, so it is plain text that reads on
its own: the question, the short answer, the articles it rests on and a link back to the bot.
Labels come translated from the caller (gettext lives in ``handlers/``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from bot.search.normalize import normalize

if TYPE_CHECKING:
    from bot.content.catalog import Catalog

SHARE_MAX: Final = 4096
DESCRIPTION_MAX: Final = 120
START_PAYLOAD_MAX: Final = 64


@dataclass(frozen=True)
class ShareLabels:
    """Translated pieces of a share text, in one language."""

    articles: str  # "Articles: {numbers}"
    article_title: str  # "Article {number}. {title}"
    preamble: str
    myth: str
    fact: str
    why: str
    changed: str  # "What changed compared with 1995"
    open_link: str  # "More in the AtaZan bot: {link}"


@dataclass(frozen=True)
class SharedItem:
    """A content item ready to share: a title, a one-line preview and the full plain text."""

    key: str
    lang: str
    title: str
    description: str
    text: str
    link: str


def start_payload(key: str) -> str | None:
    """The ``/start`` payload opening ``key``: ``a42``, ``q_<id>``, ``m_<id>``, ``c_<id>``."""
    kind, _sep, ref = key.partition(":")
    if kind == "a" and ref.isdigit():
        payload = f"a{int(ref)}"
    elif kind in {"q", "m", "c"} and ref:
        payload = f"{kind}_{ref}"
    else:
        return None
    return payload if len(payload) <= START_PAYLOAD_MAX else None


def deep_link(bot_username: str, key: str) -> str:
    """``https://t.me/<bot>?start=<payload>``, or the bot's plain link for an unknown key."""
    base = f"https://t.me/{bot_username.lstrip('@')}"
    payload = start_payload(key)
    return f"{base}?start={payload}" if payload else base


def shorten(text: str, limit: int = DESCRIPTION_MAX) -> str:
    """One line of at most ``limit`` characters, cut at a word boundary."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:—-")
    return cut + "…"


def _numbers(numbers: list[int], labels: ShareLabels) -> str:
    if not numbers:
        return ""
    listed = ", ".join(labels.preamble if n == 0 else str(n) for n in numbers)
    return "📖 " + labels.articles.format(numbers=listed)


def _compose(blocks: list[str], link_line: str) -> str:
    body = "\n\n".join(block for block in blocks if block)
    room = SHARE_MAX - len(link_line) - 2
    if len(body) > room:
        body = body[: room - 1].rstrip() + "…"
    return f"{body}\n\n{link_line}"


def share_item(
    catalog: Catalog, key: str, lang: str, labels: ShareLabels, bot_username: str
) -> SharedItem | None:
    """The share text of ``key`` in ``lang``, or None when the key names nothing."""
    kind, _sep, ref = key.partition(":")
    link = deep_link(bot_username, key)
    link_line = "🔗 " + labels.open_link.format(link=link)
    if kind == "q" and ref in catalog.qa:
        entry = catalog.qa[ref]
        title, answer = entry.questions.get(lang)[0], entry.answer.get(lang)
        blocks = [f"❓ {title}", answer, _numbers(entry.articles, labels)]
        return SharedItem(key, lang, title, shorten(answer), _compose(blocks, link_line), link)
    if kind == "m" and ref in catalog.myths:
        myth = catalog.myths[ref]
        title = myth.claim.get(lang)
        blocks = [
            f"❌ {labels.myth}: {title}",
            f"✅ {labels.fact}: {myth.fact.get(lang)}",
            f"🔎 {labels.why}: {myth.why.get(lang)}",
            _numbers(myth.articles, labels),
        ]
        description = shorten(myth.fact.get(lang))
        return SharedItem(key, lang, title, description, _compose(blocks, link_line), link)
    if kind == "c":
        change = next((c for c in catalog.meta.key_changes if c.id == ref), None)
        if change is None:
            return None
        title, text = change.title.get(lang), change.text.get(lang)
        blocks = [f"✨ {title}", text, _numbers(change.articles, labels)]
        return SharedItem(key, lang, title, shorten(text), _compose(blocks, link_line), link)
    if kind == "a" and ref.isdigit() and int(ref) in catalog.articles:
        article = catalog.articles[int(ref)]
        if article.number == 0:
            title = labels.preamble
        else:
            name = article.title.get(lang)
            title = labels.article_title.format(number=article.number, title=name)
        summary = article.summary.get(lang)
        changed = f"{labels.changed}: {article.changes.get(lang)}" if article.changes else ""
        blocks = [f"📜 {title}", summary, changed]
        return SharedItem(key, lang, title, shorten(summary), _compose(blocks, link_line), link)
    return None


def share_query(catalog: Catalog, key: str, lang: str) -> str | None:
    """The text a "share" button types after ``@bot``; it finds ``key`` again (see exact_match)."""
    kind, _sep, ref = key.partition(":")
    if kind == "q" and ref in catalog.qa:
        return catalog.qa[ref].questions.get(lang)[0]
    if kind == "m" and ref in catalog.myths:
        return catalog.myths[ref].claim.get(lang)
    if kind == "c":
        change = next((c for c in catalog.meta.key_changes if c.id == ref), None)
        return change.title.get(lang) if change else None
    return None


_index_cache: list[tuple[Catalog, dict[str, tuple[str, str]]]] = []


def _title_index(catalog: Catalog) -> dict[str, tuple[str, str]]:
    """Normalised titles -> (key, lang), built once per catalog (the last one is kept)."""
    if _index_cache and _index_cache[0][0] is catalog:
        return _index_cache[0][1]
    index: dict[str, tuple[str, str]] = {}
    for lang in ("kk", "ru", "en"):
        for entry in catalog.qa.values():
            index.setdefault(normalize(entry.questions.get(lang)[0]), (f"q:{entry.id}", lang))
        for myth in catalog.myths.values():
            index.setdefault(normalize(myth.claim.get(lang)), (f"m:{myth.id}", lang))
        for change in catalog.meta.key_changes:
            index.setdefault(normalize(change.title.get(lang)), (f"c:{change.id}", lang))
    _index_cache[:] = [(catalog, index)]
    return index


def exact_match(catalog: Catalog, query: str) -> tuple[str, str] | None:
    """(key, lang) of the item whose title is exactly ``query``, as typed by a share button.

    Titles of Q&A entries, myths and key changes are compared after normalisation, so the shared
    item comes first even where the search engine would rank another wording higher.
    """
    wanted = normalize(query)
    return _title_index(catalog).get(wanted) if wanted else None
