"""Turn content into Telegram messages: escaped HTML text plus inline keyboards.

Callers choose the language with ``i18n.use_locale(lang)`` around these functions, so a question
asked in Kazakh is answered in Kazakh even when the user's interface language is Russian.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.callbacks import ArticleCb, EntryCb, FeedbackCb, MenuCb, SectionCb

if TYPE_CHECKING:
    from bot.content.catalog import Catalog
    from bot.content.models import Article, KeyChange, Myth, QAEntry
    from bot.search.result import Candidate

BUTTON_MAX = 60
MESSAGE_MAX = 4096


@dataclass(frozen=True)
class Reply:
    """A message ready to send: HTML text and an optional keyboard."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None


def esc(text: str) -> str:
    """Escape text for Telegram's HTML parse mode."""
    return html.escape(text, quote=False)


def clip(text: str, limit: int = BUTTON_MAX) -> str:
    """Shorten a label so it fits a button."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def article_label(number: int) -> str:
    """Short label of an article ("Art. 9", "9-бап", "Preamble")."""
    return _("preamble-title") if number == 0 else _("short-article").format(number=number)


def cited_line(numbers: list[int]) -> str:
    """The "Articles: 9, 13" line."""
    labels = ", ".join(article_label(n) if n == 0 else str(n) for n in numbers)
    return "📖 " + esc(_("articles-cited").format(numbers=labels))


def add_article_buttons(builder: InlineKeyboardBuilder, numbers: list[int], lang: str) -> None:
    """One button per cited article, three to a row."""
    buttons = 0
    for number in numbers[:9]:
        text = _("btn-preamble") if number == 0 else _("btn-article").format(number=number)
        builder.button(text=text, callback_data=ArticleCb(number=number, lang=lang))
        buttons += 1
    if buttons:
        builder.adjust(3)


def menu_keyboard() -> InlineKeyboardMarkup:
    """The main menu."""
    builder = InlineKeyboardBuilder()
    for item, label in (
        ("ask", "btn-ask"),
        ("articles", "btn-articles"),
        ("quiz", "btn-quiz"),
        ("remind", "btn-reminders"),
        ("popular", "btn-popular"),
        ("changes", "btn-key-changes"),
        ("myths", "btn-myths"),
        ("about", "btn-about"),
    ):
        builder.button(text=_(label), callback_data=MenuCb(item=item))
    builder.adjust(2)
    return builder.as_markup()


def menu_row(builder: InlineKeyboardBuilder) -> None:
    """Append a "Menu" button on its own row."""
    builder.row(InlineKeyboardButton(text=_("btn-menu"), callback_data=MenuCb(item="home").pack()))


SHARE_QUERY_MAX = 200


def reach_row(
    builder: InlineKeyboardBuilder, key: str, lang: str, query: str, *, rate: bool
) -> None:
    """A row with 👍/👎 (answers only) and "share", which opens inline mode with ``query``."""
    kind, _sep, ref = key.partition(":")
    buttons = []
    if rate:
        for vote, label in ((1, "btn-helpful"), (-1, "btn-not-helpful")):
            data = FeedbackCb(kind=kind, ref=ref, vote=vote, lang=lang).pack()
            buttons.append(InlineKeyboardButton(text=_(label), callback_data=data))
    share = clip(query, SHARE_QUERY_MAX)
    buttons.append(InlineKeyboardButton(text=_("btn-share"), switch_inline_query=share))
    builder.row(*buttons)


def qa_reply(entry: QAEntry, lang: str) -> Reply:
    """An answer card for a Q&A entry."""
    question = entry.questions.get(lang)[0]
    parts = [f"<b>{esc(question)}</b>", "", esc(entry.answer.get(lang))]
    if entry.articles:
        parts += ["", cited_line(entry.articles)]
    builder = InlineKeyboardBuilder()
    add_article_buttons(builder, entry.articles, lang)
    reach_row(builder, f"q:{entry.id}", lang, question, rate=True)
    return Reply("\n".join(parts), _finish(builder))


def myth_reply(myth: Myth, lang: str) -> Reply:
    """A myth-and-fact card."""
    parts = [
        f"❌ <b>{esc(_('myth-claim'))}:</b> {esc(myth.claim.get(lang))}",
        "",
        f"✅ <b>{esc(_('myth-fact'))}:</b> {esc(myth.fact.get(lang))}",
        "",
        f"🔎 <b>{esc(_('myth-why'))}:</b> {esc(myth.why.get(lang))}",
    ]
    if myth.articles:
        parts += ["", cited_line(myth.articles)]
    builder = InlineKeyboardBuilder()
    add_article_buttons(builder, myth.articles, lang)
    reach_row(builder, f"m:{myth.id}", lang, myth.claim.get(lang), rate=True)
    return Reply("\n".join(parts), _finish(builder))


def change_reply(change: KeyChange, lang: str) -> Reply:
    """A key-change card."""
    parts = [f"✨ <b>{esc(change.title.get(lang))}</b>", "", esc(change.text.get(lang))]
    if change.articles:
        parts += ["", cited_line(change.articles)]
    builder = InlineKeyboardBuilder()
    add_article_buttons(builder, change.articles, lang)
    reach_row(builder, f"c:{change.id}", lang, change.title.get(lang), rate=False)
    return Reply("\n".join(parts), _finish(builder))


def article_heading(article: Article, lang: str) -> str:
    """ "Article 9. Languages" or "Preamble"."""
    if article.number == 0:
        return _("preamble-title")
    return _("article-title").format(number=article.number, title=article.title.get(lang))


def article_reply(
    catalog: Catalog, article: Article, lang: str, official: str | None = None
) -> Reply:
    """An article card with the summary, what changed, and previous/next navigation."""
    parts = [f"<b>{esc(article_heading(article, lang))}</b>"]
    section = catalog.section_of(article)
    if section is not None:
        line = _("section-line").format(roman=section.roman, title=section.title.get(lang))
        parts.append(f"<i>{esc(line)}</i>")
    parts += ["", esc(article.summary.get(lang))]
    if article.changes is not None:
        parts += ["", f"<b>{esc(_('what-changed'))}:</b> {esc(article.changes.get(lang))}"]
    if article.counterpart_1995:
        parts += ["", esc(_("counterpart-1995").format(ref=article.counterpart_1995))]
    if article.confidence == "low":
        parts += ["", esc(_("limited-note"))]
    if official:
        room = MESSAGE_MAX - len("\n".join(parts)) - 200
        if room > 200:
            body = official if len(official) <= room else official[: room - 1] + "…"
            parts += [
                "",
                f"<b>{esc(_('official-wording'))}:</b>",
                f"<blockquote>{esc(body)}</blockquote>",
            ]
    builder = InlineKeyboardBuilder()
    prev_number, next_number = catalog.neighbours(article.number)
    row = []
    if prev_number is not None:
        row.append(("btn-prev-article", prev_number))
    if next_number is not None:
        row.append(("btn-next-article", next_number))
    for label_key, number in row:
        builder.button(
            text=_(label_key).format(label=article_label(number)),
            callback_data=ArticleCb(number=number, lang=lang),
        )
    if section is not None:
        builder.button(
            text=_("section-button").format(
                roman=section.roman, title=clip(section.title.get(lang), 40)
            ),
            callback_data=SectionCb(number=section.number),
        )
    builder.button(text=_("btn-sections"), callback_data=MenuCb(item="articles"))
    builder.adjust(len(row) or 1, 1, 1)
    reach_row(builder, f"a:{article.number}", lang, article_heading(article, lang), rate=False)
    return Reply("\n".join(parts), builder.as_markup())


def sections_reply(catalog: Catalog, lang: str) -> Reply:
    """The list of sections (and the preamble)."""
    builder = InlineKeyboardBuilder()
    if 0 in catalog.articles:
        builder.button(text=_("btn-preamble"), callback_data=ArticleCb(number=0, lang=lang))
    for section in catalog.meta.sections:
        builder.button(
            text=clip(
                _("section-button").format(roman=section.roman, title=section.title.get(lang))
            ),
            callback_data=SectionCb(number=section.number),
        )
    builder.adjust(1)
    menu_row(builder)
    return Reply(esc(_("sections-title")), builder.as_markup())


def section_reply(catalog: Catalog, section_number: int, lang: str) -> Reply | None:
    """The article buttons of one section."""
    section = next((s for s in catalog.meta.sections if s.number == section_number), None)
    if section is None:
        return None
    text = _("section-articles").format(
        roman=section.roman,
        title=section.title.get(lang),
        first=section.first_article,
        last=section.last_article,
    )
    builder = InlineKeyboardBuilder()
    for number in range(section.first_article, section.last_article + 1):
        article = catalog.articles.get(number)
        if article is None:
            continue
        label = f"{number}. {article.title.get(lang)}"
        builder.button(text=clip(label, 32), callback_data=ArticleCb(number=number, lang=lang))
    builder.adjust(2)
    builder.row()
    builder.button(text=_("btn-sections"), callback_data=MenuCb(item="articles"))
    return Reply(esc(text), builder.as_markup())


def entry_title(catalog: Catalog, key: str, lang: str) -> str:
    """The question, claim or title of a content key (the key itself when it no longer exists)."""
    kind, _sep, ref = key.partition(":")
    if kind == "q" and ref in catalog.qa:
        return catalog.qa[ref].questions.get(lang)[0]
    if kind == "m" and ref in catalog.myths:
        return catalog.myths[ref].claim.get(lang)
    if kind == "a" and ref.isdigit() and int(ref) in catalog.articles:
        return article_heading(catalog.articles[int(ref)], lang)
    if kind == "c":
        change = next((c for c in catalog.meta.key_changes if c.id == ref), None)
        if change is not None:
            return change.title.get(lang)
    return key


def suggest_reply(catalog: Catalog, candidates: tuple[Candidate, ...], lang: str) -> Reply:
    """ "Did you mean" with up to three buttons."""
    builder = InlineKeyboardBuilder()
    for candidate in candidates[:3]:
        builder.button(
            text=clip(entry_title(catalog, candidate.key, lang)),
            callback_data=EntryCb.for_key(candidate.key, lang),
        )
    builder.adjust(1)
    menu_row(builder)
    return Reply(esc(_("suggest-title")), builder.as_markup())


def none_reply() -> Reply:
    """The honest "I don't know" with the menu."""
    return Reply(esc(_("none-answer")), menu_keyboard())


def _finish(builder: InlineKeyboardBuilder) -> InlineKeyboardMarkup:
    menu_row(builder)
    return builder.as_markup()
