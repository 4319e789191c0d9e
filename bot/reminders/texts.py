"""Reminder and broadcast messages, built from content and gettext templates per language."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any, Final
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time

from bot.content.models import LANGS, Event
from bot.reminders.sending import Outgoing

# gettext(msgid, locale) -> translated text; the app passes aiogram's ``I18n.gettext``.
Translate = Callable[[str, str], str]

REMINDER_MESSAGE: Final = "reminder-message"  # {title} {description} {when}
REMINDER_WHEN: Final = "reminder-when"  # {date} {time}
REMINDER_LINK: Final = "reminder-link"  # {link}


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def format_when(moment: dt.datetime, lang: str, zone: ZoneInfo, translate: Translate) -> str:
    """The local date and time of ``moment`` in ``zone``, written the way ``lang`` writes it."""
    local = moment.astimezone(zone)
    return translate(REMINDER_WHEN, lang).format(
        date=format_date(local, format="long", locale=lang),
        time=format_time(local, format="HH:mm", locale=lang),
    )


def reminder_message(event: Event, lang: str, zone: ZoneInfo, translate: Translate) -> Outgoing:
    """The reminder of ``event`` in ``lang``: title, description, local time and link (HTML)."""
    description = _esc(event.description.get(lang))
    if event.link:
        link = translate(REMINDER_LINK, lang).format(link=html.escape(event.link))
        description += "\n" + link
    text = translate(REMINDER_MESSAGE, lang).format(
        title=_esc(event.title.get(lang)),
        description=description,
        when=_esc(format_when(event.starts_at, lang, zone, translate)),
    )
    return Outgoing(text=text, html=True)


def reminder_messages(event: Event, zone: ZoneInfo, translate: Translate) -> dict[str, Outgoing]:
    """The reminder of ``event`` in every language."""
    return {lang: reminder_message(event, lang, zone, translate) for lang in LANGS}


def broadcast_payload(text: str, entities: list[dict[str, Any]] | None) -> dict[str, Any]:
    """What a broadcast campaign stores: the admin's text and its formatting entities."""
    return {"text": text, "entities": entities or []}


def broadcast_message(payload: dict[str, Any]) -> Outgoing:
    """The broadcast exactly as the admin typed it: no parse mode, their entities kept."""
    return Outgoing(
        text=str(payload["text"]),
        entities=tuple(payload.get("entities") or ()),
        link_preview=True,
    )
