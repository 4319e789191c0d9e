"""The question of the day for subscribers of the "daily" topic: when it is due, what is sent.

The reminders service sends :func:`daily_invite` once a day to the topic's audience; the
``/daily`` command in it is tappable, and the quiz handler then shows the user's own question
(:func:`bot.quiz.selection.pick_daily`) as a one-question quiz.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Final

from bot.reminders.sending import Outgoing

DAILY_TOPIC: Final = "daily"
DAILY_HOUR: Final = 10  # local time in TIMEZONE
DAILY_INVITE: Final = "quiz-daily-invite"  # gettext key; the text names the /daily command

Translate = Callable[[str, str], str]  # (msgid, locale) -> text, e.g. ``I18n.gettext``


def daily_due(now: dt.datetime, zone: dt.tzinfo, hour: int = DAILY_HOUR) -> dt.date | None:
    """The local date whose question is due at ``now``; None before ``hour`` o'clock there."""
    local = now.astimezone(zone)
    return local.date() if local.hour >= hour else None


def daily_invite(lang: str, translate: Translate) -> Outgoing:
    """The invitation in ``lang``, as plain text (Telegram makes the command tappable)."""
    return Outgoing(text=translate(DAILY_INVITE, lang))
