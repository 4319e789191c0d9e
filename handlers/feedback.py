"""👍/👎 under answers; after 👎 the next text message is an optional "what was wrong"."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Final

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.content.models import LANGS
from handlers.callbacks import FeedbackCb
from handlers.render import esc

if TYPE_CHECKING:
    from aiogram.fsm.context import FSMContext
    from aiogram.utils.i18n import I18n

    from bot.storage import Repo

logger = logging.getLogger(__name__)
router = Router(name=__name__)

COMMENT_WAIT: Final = 15 * 60  # seconds; a later message is a new question, not the comment
KINDS: Final = frozenset({"q", "m", "a", "c"})


class FeedbackStates(StatesGroup):
    """Waiting for the optional comment after a 👎."""

    comment = State()


@router.callback_query(FeedbackCb.filter(F.kind.in_(KINDS) & F.vote.in_({1, -1})))
async def on_vote(
    query: CallbackQuery,
    callback_data: FeedbackCb,
    repo: Repo,
    state: FSMContext,
    i18n: I18n,
) -> None:
    """Store the vote (replacing an earlier one); after 👎 ask what was wrong."""
    key = f"{callback_data.kind}:{callback_data.ref}"
    lang = callback_data.lang if callback_data.lang in LANGS else i18n.current_locale
    await repo.feedback.vote(query.from_user.id, key, vote=callback_data.vote, lang=lang)
    if callback_data.vote > 0:
        if await state.get_state() == FeedbackStates.comment.state:
            await state.clear()
        await query.answer(_("feedback-thanks"))
        return
    await query.answer()
    await state.set_state(FeedbackStates.comment)
    await state.set_data({"key": key, "since": time.time()})
    if isinstance(query.message, Message):
        await query.message.answer(esc(_("feedback-ask-comment")))


@router.message(FeedbackStates.comment, F.text.startswith("/"))
async def process_comment_command(message: Message, state: FSMContext) -> None:
    """Any command leaves the comment step; /cancel just confirms, others run as usual."""
    await state.clear()
    command = (message.text or "").split(maxsplit=1)[0].split("@", 1)[0].lower()
    if command == "/cancel":
        await message.answer(esc(_("feedback-comment-skipped")))
        return
    raise SkipHandler


@router.message(FeedbackStates.comment, F.text)
async def process_comment(message: Message, state: FSMContext, repo: Repo) -> None:
    """Store the first line of the message as the comment on the 👎."""
    data = await state.get_data()
    await state.clear()
    key = data.get("key")
    since = float(data.get("since") or 0)
    if not isinstance(key, str) or time.time() - since > COMMENT_WAIT or message.from_user is None:
        raise SkipHandler
    line = (message.text or "").strip().splitlines()[0] if (message.text or "").strip() else ""
    if not line:
        raise SkipHandler
    saved = await repo.feedback.comment(message.from_user.id, key, line)
    if not saved:
        logger.info("comment dropped: the 👎 on %s is gone", key)
    await message.answer(esc(_("feedback-comment-saved")))


@router.callback_query(FeedbackStates.comment)
async def on_other_button(query: CallbackQuery, state: FSMContext) -> None:
    """Pressing another button means the user moved on: leave the comment step."""
    await state.clear()
    raise SkipHandler
