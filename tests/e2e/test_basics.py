"""Commands, menu, articles, languages and /forget as a user sees them."""

from __future__ import annotations

from bot.storage import Repo
from tests.fake_api import Chat, buttons_of


def texts(calls: list) -> list[str]:
    return [str(c["text"]) for c in calls if c.method in {"sendMessage", "editMessageText"}]


async def test_first_start_offers_languages_then_welcome(chat: Chat, repo: Repo) -> None:
    [picker] = [c for c in await chat.send("/start") if c.method == "sendMessage"]
    assert [b.get("callback_data", "") for b in buttons_of(picker)] == [
        "lang:kk",
        "lang:ru",
        "lang:en",
    ]
    calls = await chat.click("lang:kk")
    assert any("қазақша" in t for t in texts(calls))
    user = await repo.users.get(chat.user_id)
    assert user is not None
    assert user.language == "kk"
    again = texts(await chat.send("/start"))
    assert any("Сәлеметсіз бе" in t for t in again)


async def test_language_command_switches_interface(chat: Chat) -> None:
    await chat.send("/start")
    await chat.click("lang:ru")
    await chat.send("/language")
    await chat.click("lang:en")
    help_text = texts(await chat.send("/help"))[0]
    assert "How to use AtaZan" in help_text


async def test_about_names_edition_sources_and_disclaimer(chat: Chat) -> None:
    await chat.click("lang:ru")
    about = texts(await chat.send("/about"))[0]
    assert "12 февраля 2026" in about
    assert "adilet.zan.kz" in about
    assert "не юридическая консультация" in about.lower() or "юридическ" in about


async def test_privacy_explains_storage_and_forget(chat: Chat) -> None:
    await chat.click("lang:en")
    privacy = texts(await chat.send("/privacy"))[0]
    assert "/forget" in privacy
    assert "until you delete" in privacy


async def test_forget_requires_confirmation_and_deletes(chat: Chat, repo: Repo) -> None:
    await chat.click("lang:ru")
    [confirm] = [c for c in await chat.send("/forget") if c.method == "sendMessage"]
    assert await repo.users.get(chat.user_id) is not None
    await chat.click_button(confirm, "forget:0")
    assert await repo.users.get(chat.user_id) is not None
    await chat.click_button(confirm, "forget:1")
    assert await repo.users.get(chat.user_id) is None


async def test_article_command_and_navigation(chat: Chat) -> None:
    await chat.click("lang:ru")
    [card] = [c for c in await chat.send("/article 9") if c.method == "sendMessage"]
    assert "Статья 9." in card["text"]
    data = [b.get("callback_data", "") for b in buttons_of(card)]
    assert "art:8:ru" in data
    assert "art:10:ru" in data
    [next_card] = [c for c in await chat.click_button(card, "art:10") if c.method == "sendMessage"]
    assert "Статья 10." in next_card["text"]


async def test_article_out_of_range_and_preamble(chat: Chat) -> None:
    await chat.click("lang:en")
    assert "There is no article 120" in texts(await chat.send("/article 120"))[0]
    assert "Preamble" in texts(await chat.send("/article 0"))[0]
    usage = next(c for c in await chat.send("/article") if c.method == "sendMessage")
    assert "/article 9" in usage["text"]
    assert any(b.get("callback_data", "").startswith("sec:") for b in buttons_of(usage))


async def test_low_confidence_article_says_summary_is_limited(chat: Chat, catalog) -> None:
    await chat.click("lang:en")
    low = next(a.number for a in catalog.articles.values() if a.confidence == "low")
    card = texts(await chat.send(f"/article {low}"))[0]
    assert "limited" in card


async def test_sections_menu_leads_to_articles(chat: Chat) -> None:
    await chat.click("lang:ru")
    [sections] = [c for c in await chat.click("menu:articles") if c.method == "sendMessage"]
    section_buttons = [
        b for b in buttons_of(sections) if b.get("callback_data", "").startswith("sec:")
    ]
    assert len(section_buttons) == 11
    [listing] = [c for c in await chat.click("sec:4") if c.method == "sendMessage"]
    assert any(b.get("callback_data", "") == "art:53:ru" for b in buttons_of(listing))


async def test_non_text_message_gets_polite_answer(chat: Chat) -> None:
    await chat.click("lang:en")
    sticker = {
        "file_id": "s",
        "file_unique_id": "su",
        "type": "regular",
        "width": 1,
        "height": 1,
        "is_animated": False,
        "is_video": False,
    }
    reply = texts(await chat.send(sticker=sticker))
    assert reply == ["I can only read text. Please type your question in words."]


async def test_unknown_command_and_forged_button(chat: Chat) -> None:
    await chat.click("lang:en")
    assert "/help" in texts(await chat.send("/nosuchcommand"))[0]
    calls = await chat.click("art:not-a-number:xx")
    answers = [c for c in calls if c.method == "answerCallbackQuery"]
    assert answers
    assert "out of date" in answers[0]["text"]
    calls = await chat.click("art:95000:kk")
    assert [c for c in calls if c.method == "answerCallbackQuery"]


async def test_question_in_another_language_is_answered_in_it(chat: Chat) -> None:
    await chat.click("lang:ru")
    reply = texts(await chat.send("How many deputies are in the Kurultai?"))[0]
    assert "145" in reply
    assert "deput" in reply.lower()
    reply_kk = texts(await chat.send("Құрылтайда неше депутат бар?"))[0]
    assert "145" in reply_kk
    assert "депутат" in reply_kk


async def test_off_topic_question_is_declined_with_menu(chat: Chat, repo: Repo) -> None:
    await chat.click("lang:ru")
    [reply] = [
        c for c in await chat.send("какая погода в алматы завтра") if c.method == "sendMessage"
    ]
    assert "нет ответа" in reply["text"]
    assert any(b.get("callback_data", "").startswith("menu:") for b in buttons_of(reply))
    logged = await repo.questions.recent(status="none")
    assert logged[0].text == "какая погода в алматы завтра"


async def test_imported_official_wording_is_shown_on_the_card(chat: Chat, repo: Repo) -> None:
    await chat.click("lang:ru")
    await repo.official.replace_language("ru", {9: "Синтетическая официальная формулировка."})
    card = texts(await chat.send("/article 9"))[0]
    assert "Синтетическая официальная формулировка." in card
