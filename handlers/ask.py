"""Free text is a question: search, log, answer in the language it was asked in."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from aiogram import F, Router
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from handlers.content_views import resolve_card
from handlers.render import Reply, esc, none_reply, suggest_reply

if TYPE_CHECKING:
    from aiogram.utils.i18n import I18n

    from bot.content.catalog import Catalog
    from bot.search.engine import SearchEngine
    from bot.search.result import SearchResult
    from bot.storage import Repo

logger = logging.getLogger(__name__)
router = Router(name=__name__)


async def reply_for(catalog: Catalog, repo: Repo, result: SearchResult) -> Reply:
    """Choose the card, the suggestions or the fallback for a search result."""
    best = result.best
    if result.status == "answer" and best is not None:
        reply = await resolve_card(catalog, repo, best.key, result.lang)
        if reply is not None:
            return reply
    if result.status in {"answer", "suggest"} and result.candidates:
        return suggest_reply(catalog, result.candidates, result.lang)
    return none_reply()


@router.message(F.text.startswith("/"))
async def on_unknown_command(message: Message) -> None:
    """A command no router handled."""
    await message.answer(esc(_("unknown-command")))


@router.message(F.text)
async def on_question(
    message: Message, catalog: Catalog, engine: SearchEngine, repo: Repo, i18n: I18n
) -> None:
    """Answer a free-text question."""
    text = message.text or ""
    result = engine.search(text, user_lang=i18n.current_locale)
    best = result.best
    await repo.questions.log(
        text,
        lang=result.lang,
        status=result.status,
        entry_id=best.key if best else None,
        score=result.score,
    )
    if not text.strip() or (result.status == "none" and not any(ch.isalnum() for ch in text)):
        await message.answer(esc(_("empty-question")))
        return
    with i18n.use_locale(result.lang):
        reply = await reply_for(catalog, repo, result)
        await message.answer(reply.text, reply_markup=reply.keyboard)
