"""/broadcast for ``ADMIN_IDS``: compose → preview → audience → language → confirm → progress.

The admin's text is sent exactly as typed: without parse mode, with the message's own entities
(bold, links…), so nothing in it is ever read as HTML. Our own texts around it are escaped HTML.
/cancel leaves the composition, or stops a running broadcast after its in-flight sends.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from aiogram import F, Router
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.filters import Command, StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.content.models import LANGS
from bot.reminders.texts import broadcast_payload
from bot.storage.campaigns import ALL_USERS, UNFINISHED, topic_audience
from handlers.callbacks import BroadcastCb
from handlers.filters import IsAdmin
from handlers.middlewares import language_from_telegram
from handlers.render import esc
from handlers.start import LANGUAGE_NAMES

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.fsm.context import FSMContext
    from aiogram.utils.i18n import I18n

    from bot.config import Settings
    from bot.reminders.delivery import CampaignProgress
    from bot.reminders.service import ReminderService
    from bot.storage import Repo
    from bot.storage.campaigns import Campaign

logger = logging.getLogger(__name__)
router = Router(name=__name__)
router.message.filter(F.chat.type == "private")

NEWS_TOPIC: Final = "news"
AUDIENCES: Final = {"all": ALL_USERS, "news": topic_audience(NEWS_TOPIC)}
ALL_LANGUAGES: Final = "all"


class BroadcastStates(StatesGroup):
    """Composing a broadcast."""

    text = State()
    audience = State()
    language = State()
    confirm = State()


# -- keyboards -------------------------------------------------------------------------------


def create_audience_keyboard(counts: dict[str, int]) -> InlineKeyboardMarkup:
    """All users or subscribers of announcements, with how many each has."""
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("btn-broadcast-everyone").format(count=counts["all"]),
        callback_data=BroadcastCb(action="audience", value="all"),
    )
    builder.button(
        text=_("btn-broadcast-news").format(count=counts["news"]),
        callback_data=BroadcastCb(action="audience", value="news"),
    )
    builder.button(text=_("btn-cancel"), callback_data=BroadcastCb(action="cancel"))
    builder.adjust(1)
    return builder.as_markup()


def create_language_keyboard() -> InlineKeyboardMarkup:
    """Every language, or one of kk / ru / en."""
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("btn-broadcast-all-languages"),
        callback_data=BroadcastCb(action="lang", value=ALL_LANGUAGES),
    )
    for code in LANGS:
        builder.button(
            text=LANGUAGE_NAMES[code], callback_data=BroadcastCb(action="lang", value=code)
        )
    builder.button(text=_("btn-cancel"), callback_data=BroadcastCb(action="cancel"))
    builder.adjust(1, 3, 1)
    return builder.as_markup()


def create_confirm_keyboard() -> InlineKeyboardMarkup:
    """Send or cancel."""
    builder = InlineKeyboardBuilder()
    builder.button(text=_("btn-broadcast-send"), callback_data=BroadcastCb(action="send"))
    builder.button(text=_("btn-cancel"), callback_data=BroadcastCb(action="cancel"))
    builder.adjust(2)
    return builder.as_markup()


def create_stop_keyboard(
    campaign_id: int, translate: Callable[[str], str] = _
) -> InlineKeyboardMarkup:
    """The "stop" button under a running broadcast's progress message (outside an update,
    ``translate`` picks the admin's language).
    """
    builder = InlineKeyboardBuilder()
    builder.button(
        text=translate("btn-broadcast-stop"),
        callback_data=BroadcastCb(action="stop", value=str(campaign_id)),
    )
    return builder.as_markup()


# -- refusal and cancel ------------------------------------------------------------------------


async def cancel_campaign(campaign_id: int, repo: Repo, reminders: ReminderService | None) -> bool:
    """Cancel through the delivery service, or in the database where none runs (console)."""
    if reminders is not None:
        return await reminders.cancel(campaign_id)
    campaign = await repo.campaigns.get(campaign_id)
    if campaign is None or campaign.status not in UNFINISHED:
        return False
    await repo.campaigns.finish(campaign_id, "cancelled")
    return True


@router.message(Command("broadcast"), ~IsAdmin())
async def on_not_admin(message: Message) -> None:
    """Politely refuse /broadcast to anyone who is not an admin."""
    await message.answer(esc(_("broadcast-refused")))


@router.message(Command("cancel"), StateFilter(BroadcastStates), IsAdmin())
async def cmd_cancel_composition(message: Message, state: FSMContext) -> None:
    """Leave the composition; nothing is sent."""
    await state.clear()
    await message.answer(esc(_("broadcast-composition-cancelled")))


@router.message(Command("cancel"), StateFilter(None), IsAdmin())
async def cmd_cancel_running(
    message: Message, repo: Repo, reminders: ReminderService | None
) -> None:
    """Stop every running broadcast after its in-flight sends; the final report follows."""
    stopped = [
        campaign.id
        for campaign in await repo.campaigns.unfinished()
        if campaign.kind == "broadcast" and await cancel_campaign(campaign.id, repo, reminders)
    ]
    if not stopped:
        await message.answer(esc(_("broadcast-nothing-to-cancel")))
        return
    ids = ", ".join(f"#{campaign_id}" for campaign_id in stopped)
    await message.answer(esc(_("broadcast-stopping").format(ids=ids)))


@router.callback_query(BroadcastCb.filter(F.action == "stop"), IsAdmin())
async def on_stop(
    query: CallbackQuery, callback_data: BroadcastCb, repo: Repo, reminders: ReminderService | None
) -> None:
    """The progress message's stop button."""
    stopped = callback_data.value.isdigit() and await cancel_campaign(
        int(callback_data.value), repo, reminders
    )
    await query.answer(
        _("broadcast-stopping").format(ids=f"#{callback_data.value}")
        if stopped
        else _("broadcast-nothing-to-cancel")
    )


@router.callback_query(BroadcastCb.filter(F.action == "cancel"), IsAdmin())
async def on_cancel(query: CallbackQuery, state: FSMContext) -> None:
    """The composition's cancel button."""
    await state.clear()
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(esc(_("broadcast-composition-cancelled")))


# -- composition ------------------------------------------------------------------------------


@router.message(Command("broadcast"), IsAdmin())
async def cmd_broadcast(message: Message, state: FSMContext) -> None:
    """Start composing: ask for the text."""
    await state.set_state(BroadcastStates.text)
    await message.answer(esc(_("broadcast-ask-text")))


@router.message(BroadcastStates.text, F.text, ~F.text.startswith("/"), IsAdmin())
async def process_text(
    message: Message, state: FSMContext, repo: Repo, settings: Settings
) -> None:
    """Keep the text with its entities, show the preview and ask for the audience."""
    entities = [
        entity.model_dump(mode="json", exclude_none=True) for entity in message.entities or []
    ]
    await state.update_data(payload=broadcast_payload(message.text or "", entities))
    await state.set_state(BroadcastStates.audience)
    await message.answer(esc(_("broadcast-preview")))
    await message.answer(
        message.text or "",
        entities=message.entities,
        parse_mode=None,
    )
    counts = {
        key: await repo.campaigns.count_audience(
            audience, language=None, default_language=settings.default_language
        )
        for key, audience in AUDIENCES.items()
    }
    await message.answer(
        esc(_("broadcast-ask-audience")), reply_markup=create_audience_keyboard(counts)
    )


@router.message(BroadcastStates.text, ~F.text.startswith("/"), IsAdmin())
async def process_text_invalid(message: Message) -> None:
    """Anything but plain text (a photo, a sticker) is refused with a hint."""
    await message.answer(esc(_("broadcast-text-only")))


@router.callback_query(
    BroadcastStates.audience, BroadcastCb.filter(F.action == "audience"), IsAdmin()
)
async def on_audience(query: CallbackQuery, callback_data: BroadcastCb, state: FSMContext) -> None:
    """Remember the audience and ask for the language."""
    await query.answer()
    if callback_data.value not in AUDIENCES:
        return
    await state.update_data(audience=callback_data.value)
    await state.set_state(BroadcastStates.language)
    if isinstance(query.message, Message):
        await query.message.edit_text(
            esc(_("broadcast-ask-language")), reply_markup=create_language_keyboard()
        )


@router.callback_query(BroadcastStates.language, BroadcastCb.filter(F.action == "lang"), IsAdmin())
async def on_language(
    query: CallbackQuery,
    callback_data: BroadcastCb,
    state: FSMContext,
    repo: Repo,
    settings: Settings,
) -> None:
    """Remember the language, count the recipients and ask for confirmation."""
    await query.answer()
    language = callback_data.value
    if language != ALL_LANGUAGES and language not in LANGS:
        return
    data = await state.get_data()
    audience_key = str(data.get("audience"))
    count = await repo.campaigns.count_audience(
        AUDIENCES[audience_key],
        language=None if language == ALL_LANGUAGES else language,
        default_language=settings.default_language,
    )
    if not isinstance(query.message, Message):
        return
    if count == 0:
        await state.set_state(BroadcastStates.language)
        await query.message.edit_text(
            esc(_("broadcast-nobody")), reply_markup=create_language_keyboard()
        )
        return
    await state.update_data(language=language, count=count)
    await state.set_state(BroadcastStates.confirm)
    text = _("broadcast-confirm").format(
        count=count,
        audience=_(f"broadcast-audience-{audience_key}"),
        language=_("broadcast-language-all")
        if language == ALL_LANGUAGES
        else LANGUAGE_NAMES[language],
    )
    await query.message.edit_text(esc(text), reply_markup=create_confirm_keyboard())


@router.callback_query(BroadcastStates.confirm, BroadcastCb.filter(F.action == "send"), IsAdmin())
async def on_send(
    query: CallbackQuery,
    state: FSMContext,
    repo: Repo,
    reminders: ReminderService | None,
) -> None:
    """Create the campaign, post the progress message and hand it to the delivery engine."""
    data = await state.get_data()
    await state.clear()
    await query.answer()
    language = str(data.get("language"))
    campaign_id = await repo.campaigns.create_broadcast(
        data["payload"],
        audience=AUDIENCES[str(data.get("audience"))],
        language=None if language == ALL_LANGUAGES else language,
        created_by=query.from_user.id,
    )
    logger.info("admin %d started broadcast %d", query.from_user.id, campaign_id)
    if isinstance(query.message, Message):
        await query.message.edit_text(esc(_("broadcast-queued").format(id=campaign_id)))
        progress = await query.message.answer(
            esc(_("broadcast-starting").format(id=campaign_id, total=data.get("count", 0))),
            reply_markup=create_stop_keyboard(campaign_id),
        )
        await repo.campaigns.set_progress_message(
            campaign_id, progress.chat.id, progress.message_id
        )
    if reminders is not None:
        reminders.wake()


@router.callback_query(BroadcastCb.filter(), IsAdmin())
async def on_stale_step(query: CallbackQuery) -> None:
    """A button of a composition that is over (answered, cancelled, or the bot restarted)."""
    await query.answer(_("broadcast-expired"), show_alert=True)


# -- progress reports -------------------------------------------------------------------------


def format_duration(seconds: float | None) -> str:
    """``1:05:09``, ``5:09`` or ``0:09``; a dash when unknown."""
    if seconds is None:
        return "–"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class BroadcastReporter:
    """Edits a broadcast's progress message every few seconds and posts the final report."""

    def __init__(self, bot: Bot, repo: Repo, i18n: I18n, settings: Settings) -> None:
        self._bot = bot
        self._repo = repo
        self._i18n = i18n
        self._settings = settings

    async def on_progress(self, campaign: Campaign, progress: CampaignProgress) -> None:
        """Show sent / total, rate, ETA, blocked and failed."""
        if campaign.kind != "broadcast":
            return
        lang = await self._language(campaign)
        text = self._gettext("broadcast-progress", lang).format(
            id=campaign.id,
            sent=progress.sent,
            total=progress.total,
            rate=f"{progress.rate:.1f}",
            eta=format_duration(progress.eta),
            blocked=progress.blocked,
            failed=progress.failed,
        )
        await self._edit(campaign, esc(text), stop_button=True, lang=lang)

    async def on_finished(self, campaign: Campaign, progress: CampaignProgress) -> None:
        """Replace the progress with the final figures and send them as a new message."""
        if campaign.kind != "broadcast":
            return
        lang = await self._language(campaign)
        key = "broadcast-cancelled" if progress.cancelled else "broadcast-done"
        text = esc(
            self._gettext(key, lang).format(
                id=campaign.id,
                sent=progress.sent,
                total=progress.total,
                blocked=progress.blocked,
                failed=progress.failed,
                elapsed=format_duration(progress.elapsed),
            )
        )
        await self._edit(campaign, text, stop_button=False, lang=lang)
        chat_id = campaign.progress_chat_id or campaign.created_by
        if chat_id is None:
            return
        try:
            await self._bot.send_message(chat_id, text)
        except TelegramAPIError as exc:
            logger.warning("broadcast %d: final report not sent: %s", campaign.id, exc)

    def _gettext(self, key: str, lang: str) -> str:
        return str(self._i18n.gettext(key, locale=lang))

    async def _language(self, campaign: Campaign) -> str:
        record = None
        if campaign.created_by is not None:
            record = await self._repo.users.get(campaign.created_by)
        if record is None:
            return self._settings.default_language
        if record.language in LANGS:
            return str(record.language)
        return language_from_telegram(record.tg_language) or self._settings.default_language

    async def _edit(self, campaign: Campaign, text: str, *, stop_button: bool, lang: str) -> None:
        if campaign.progress_chat_id is None or campaign.progress_message_id is None:
            return
        markup = None
        if stop_button:
            markup = create_stop_keyboard(campaign.id, lambda key: self._gettext(key, lang))
        try:
            await self._bot.edit_message_text(
                text,
                chat_id=campaign.progress_chat_id,
                message_id=campaign.progress_message_id,
                reply_markup=markup,
            )
        except TelegramBadRequest as exc:
            if "not modified" not in exc.message:
                logger.warning("broadcast %d: progress not updated: %s", campaign.id, exc.message)
        except TelegramAPIError as exc:
            logger.warning("broadcast %d: progress not updated: %s", campaign.id, exc)
