"""Inline mode: ``@bot question`` in any chat offers answer and article cards to send there."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Final

from aiogram import Router
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQuery,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
)
from aiogram.utils.i18n import gettext as _

from bot.curation.popular import popular_keys
from bot.sharing import SharedItem, ShareLabels, exact_match, share_item
from bot.storage.db import iso, utcnow
from handlers.render import clip

if TYPE_CHECKING:
    from aiogram.utils.i18n import I18n

    from bot.config import Settings
    from bot.content.catalog import Catalog
    from bot.search.engine import SearchEngine
    from bot.storage import Repo

logger = logging.getLogger(__name__)
router = Router(name=__name__)

RESULTS_MAX: Final = 8
CACHE_SECONDS: Final = 300
"""Answers depend only on the query text (its language is detected), so they are shared."""
POPULAR_CACHE_SECONDS: Final = 60
"""The empty query lists popular questions in the user's language: short, personal cache."""
POPULAR_DAYS: Final = 30
TITLE_MAX: Final = 100
START_PARAMETER: Final = "inline"


def share_labels() -> ShareLabels:
    """The labels of a share text in the current locale."""
    return ShareLabels(
        articles=_("articles-cited"),
        article_title=_("article-title"),
        preamble=_("preamble-title"),
        myth=_("myth-claim"),
        fact=_("myth-fact"),
        why=_("myth-why"),
        changed=_("what-changed"),
        open_link=_("share-open-link"),
    )


def inline_result(item: SharedItem) -> InlineQueryResultArticle:
    """One inline result: plain text to send, and a button opening the same card in the bot."""
    button = InlineKeyboardButton(text=_("btn-open-in-bot"), url=item.link)
    return InlineQueryResultArticle(
        id=f"{item.key}|{item.lang}"[:64],
        title=clip(item.title, TITLE_MAX),
        description=item.description,
        # No parse mode: the text is plain so it survives copying into other messengers.
        input_message_content=InputTextMessageContent(message_text=item.text, parse_mode=None),
        reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]]),
    )


def found_keys(
    catalog: Catalog, engine: SearchEngine, text: str, user_lang: str
) -> list[tuple[str, str]]:
    """(key, lang) pairs for a typed query: an exact title first, then the engine's candidates."""
    found: list[tuple[str, str]] = []
    exact = exact_match(catalog, text)
    if exact is not None:
        found.append(exact)
    result = engine.search(text, user_lang=user_lang)
    found += [(candidate.key, result.lang) for candidate in result.candidates]
    unique: dict[str, str] = {}
    for key, lang in found:
        unique.setdefault(key, lang)
    return list(unique.items())[:RESULTS_MAX]


async def popular_pairs(catalog: Catalog, repo: Repo, lang: str) -> list[tuple[str, str]]:
    """Popular entries from the question log, topped up with curated ones, in ``lang``."""
    since = iso(utcnow() - dt.timedelta(days=POPULAR_DAYS))
    traffic = [row.entry_key for row in await repo.stats.top_entries(since=since, limit=20)]
    return [(key, lang) for key in popular_keys(catalog, traffic, limit=RESULTS_MAX)]


@router.inline_query()
async def on_inline_query(
    query: InlineQuery,
    *,
    catalog: Catalog,
    engine: SearchEngine,
    repo: Repo,
    settings: Settings,
    i18n: I18n,
) -> None:
    """Offer the best matching cards for the typed text, or popular questions for none."""
    text = " ".join(query.query.split())
    if text:
        pairs = found_keys(catalog, engine, text, i18n.current_locale)
    else:
        pairs = await popular_pairs(catalog, repo, i18n.current_locale)
    results: list[InlineQueryResultArticle] = []
    for key, lang in pairs:
        with i18n.use_locale(lang):
            item = share_item(catalog, key, lang, share_labels(), settings.bot_username)
            if item is not None:
                results.append(inline_result(item))
    label = _("inline-open-bot") if results else _("inline-nothing-found")
    await query.answer(
        results,
        cache_time=CACHE_SECONDS if text else POPULAR_CACHE_SECONDS,
        is_personal=not text,
        button=InlineQueryResultsButton(text=label, start_parameter=START_PARAMETER),
    )
