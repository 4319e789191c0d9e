"""Open content items by key (``a:42``, ``q:<id>``, ``m:<id>``, ``c:<id>``) from any handler."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.content.models import LANGS
from handlers.callbacks import ArticleCb, EntryCb, MenuCb, SectionCb
from handlers.render import (
    Reply,
    article_reply,
    change_reply,
    esc,
    myth_reply,
    qa_reply,
    section_reply,
    sections_reply,
)

if TYPE_CHECKING:
    from aiogram.utils.i18n import I18n

    from bot.content.catalog import Catalog
    from bot.storage import Repo

router = Router(name=__name__)


def resolve(catalog: Catalog, key: str, lang: str, official: str | None = None) -> Reply | None:
    """Build the card for an entry key, or None when the key names nothing."""
    kind, _sep, ref = key.partition(":")
    if kind == "a" and ref.isdigit():
        article = catalog.articles.get(int(ref))
        return article_reply(catalog, article, lang, official) if article else None
    if kind == "q" and ref in catalog.qa:
        return qa_reply(catalog.qa[ref], lang)
    if kind == "m" and ref in catalog.myths:
        return myth_reply(catalog.myths[ref], lang)
    if kind == "c":
        change = next((c for c in catalog.meta.key_changes if c.id == ref), None)
        return change_reply(change, lang) if change else None
    return None


async def resolve_card(catalog: Catalog, repo: Repo, key: str, lang: str) -> Reply | None:
    """Like :func:`resolve`, adding the imported official wording to article cards."""
    official = None
    kind, _sep, ref = key.partition(":")
    if kind == "a" and ref.isdigit() and len(ref) <= 3:
        official = await repo.official.get(lang, int(ref))
    return resolve(catalog, key, lang, official)


def pick_lang(requested: str, fallback: str) -> str:
    """Use the language carried by a button when it is valid, else the user's."""
    return requested if requested in LANGS else fallback


async def send_entry(
    message: Message, catalog: Catalog, repo: Repo, i18n: I18n, key: str, lang: str
) -> bool:
    """Send the card for ``key`` in ``lang``; False when there is no such item."""
    with i18n.use_locale(lang):
        reply = await resolve_card(catalog, repo, key, lang)
        if reply is None:
            return False
        await message.answer(reply.text, reply_markup=reply.keyboard)
    return True


async def _show(query: CallbackQuery, reply: Reply | None) -> None:
    if reply is None:
        await query.answer(_("stale-button"), show_alert=False)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(reply.text, reply_markup=reply.keyboard)


@router.callback_query(ArticleCb.filter())
async def on_article(
    query: CallbackQuery, callback_data: ArticleCb, catalog: Catalog, repo: Repo, i18n: I18n
) -> None:
    """Open an article card from a button."""
    lang = pick_lang(callback_data.lang, i18n.current_locale)
    with i18n.use_locale(lang):
        await _show(query, await resolve_card(catalog, repo, f"a:{callback_data.number}", lang))


@router.callback_query(EntryCb.filter())
async def on_entry(
    query: CallbackQuery, callback_data: EntryCb, catalog: Catalog, repo: Repo, i18n: I18n
) -> None:
    """Open a suggested answer, myth or key-change card."""
    lang = pick_lang(callback_data.lang, i18n.current_locale)
    with i18n.use_locale(lang):
        await _show(query, await resolve_card(catalog, repo, callback_data.key, lang))


@router.callback_query(SectionCb.filter())
async def on_section(
    query: CallbackQuery, callback_data: SectionCb, catalog: Catalog, i18n: I18n
) -> None:
    """List the articles of a section."""
    await _show(query, section_reply(catalog, callback_data.number, i18n.current_locale))


@router.callback_query(MenuCb.filter(F.item == "articles"))
async def on_articles_menu(query: CallbackQuery, catalog: Catalog, i18n: I18n) -> None:
    """List the sections."""
    await _show(query, sections_reply(catalog, i18n.current_locale))


@router.callback_query(MenuCb.filter(F.item == "ask"))
async def on_ask_menu(query: CallbackQuery) -> None:
    """Explain how to ask."""
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(esc(_("ask-prompt")))
