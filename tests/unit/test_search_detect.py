"""Language detection: answer in the language of the question, or the user's when unclear."""

from __future__ import annotations

import pytest

from bot.search.analysis import words_of
from bot.search.detect import detect_language, language_evidence


@pytest.mark.parametrize(
    ("text", "user_lang", "expected"),
    [
        ("Құрылтайда неше депутат бар?", "en", "kk"),  # Kazakh letters
        ("курылтай нешеу жылга сайланады", "ru", "kk"),  # Kazakh words, Russian letters
        ("Сколько депутатов в Курултае?", "kk", "ru"),
        ("скок депутатов будет", "en", "ru"),
        ("what is the miranda rule", "ru", "en"),
        ("skolko deputatov v kurultae", "en", "ru"),  # Russian in Latin letters
        ("vice prezident kim tagaiyndaidy", "en", "kk"),  # Kazakh in Latin letters
        ("qūryltai neşe jylğa sailanady", "ru", "kk"),  # 2021 alphabet
    ],
)
def test_detects_the_language_of_the_question(text: str, user_lang: str, expected: str) -> None:
    assert detect_language(text, user_lang=user_lang) == expected


@pytest.mark.parametrize("user_lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("text", ["145", "!!!", "", "🙂"])
def test_no_words_means_the_users_language(text: str, user_lang: str) -> None:
    assert detect_language(text, user_lang=user_lang) == user_lang


@pytest.mark.parametrize("user_lang", ["kk", "ru", "en"])
def test_a_shared_proper_name_in_latin_means_the_users_language(
    engine: object, user_lang: str
) -> None:
    result = engine.search("Qurultai", user_lang=user_lang)  # type: ignore[attr-defined]
    assert result.lang == user_lang


def test_cyrillic_without_kazakh_evidence_is_russian_for_an_english_user() -> None:
    assert detect_language("Курултай", user_lang="en") == "ru"
    assert detect_language("Курултай", user_lang="kk") == "kk"


def test_unknown_user_language_falls_back_to_russian() -> None:
    assert detect_language("145", user_lang="de") == "ru"


def test_mixed_question_is_read_in_both_languages() -> None:
    question = "Что за орган Қазақстан Халық Кеңесі и кто в него войдёт?"
    evidence = language_evidence(words_of(question))
    assert set(evidence.plausible(0.5)) == {"ru", "kk"}


def test_a_few_chance_words_do_not_make_a_long_question_bilingual(engine: object) -> None:
    question = "Если депутатов не устраивает правительство, они могут отправить его в отставку?"
    vocabulary = engine.vocabulary  # type: ignore[attr-defined]
    assert language_evidence(words_of(question), vocabulary).plausible(0.5) == ("ru",)
