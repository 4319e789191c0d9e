"""The answer engine on the real content: finds entries, declines off-topic, stays consistent."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from bot.content.models import LANGS
from bot.search.index import doubled_letter_slip

if TYPE_CHECKING:
    from bot.content.catalog import Catalog
    from bot.search.engine import SearchEngine

SELF_RETRIEVAL_MIN = 0.95
"""Share of an entry's own question variants that must rank it first (some name an article and
open the article card instead)."""


@pytest.mark.parametrize("lang", LANGS)
def test_question_variants_find_their_own_entry(
    catalog: Catalog, engine: SearchEngine, lang: str
) -> None:
    total = found = 0
    for entry in catalog.qa.values():
        for variant in entry.questions.get(lang):
            ranking = engine.rank(variant, user_lang=lang)
            total += 1
            found += ranking.article is not None or (
                bool(ranking.ranked) and ranking.ranked[0][0] == ("qa", entry.id)
            )
    assert found / total >= SELF_RETRIEVAL_MIN


@pytest.mark.parametrize("lang", LANGS)
def test_article_titles_find_their_article(
    catalog: Catalog, engine: SearchEngine, lang: str
) -> None:
    missed = []
    for article in catalog.articles.values():
        result = engine.search(article.title.get(lang), user_lang=lang)
        refs = {(candidate.kind, candidate.ref) for candidate in result.candidates}
        cited = any(
            candidate.kind == "qa" and article.number in catalog.qa[candidate.ref].articles
            for candidate in result.candidates
        )
        if ("article", str(article.number)) not in refs and not cited:
            missed.append(article.number)
    assert len(missed) <= len(catalog.articles) // 20, missed


@pytest.mark.parametrize(
    ("text", "user_lang", "expected"),
    [
        ("скок депутатов будет", "ru", "kurultai_size"),
        ("skolko deputatov v kurultae", "ru", "kurultai_size"),
        ("курылтайда неше депутат бар", "kk", "kurultai_size"),
        ("vice prezident kim tagaiyndaidy", "kk", "vp_appointment"),
        ("who apoints the vice presidnet", "en", "vp_appointment"),
        ("what is the miranda rule in the new constitution", "en", "rights_miranda"),
        ("құрылтай нешеу жылға сайланады", "kk", "kurultai_term"),
        # another state named in a question about ours
        ("Я живу в России, могу ли я голосовать на референдуме?", "ru", "referendum_abroad"),
        ("Ресей азаматтығын алсам, Қазақстан азаматтығы сақтала ма?", "kk", "citizenship_dual"),
        ("Is Russian still used in state bodies of Kazakhstan?", "en", "language_russian_status"),
        # a glossary name typed in Latin inside an English question is not "corrected"
        ("is Adiletti Qazaqstan in the constitution", "en", "foundations_just_kazakhstan"),
        ("Memlekettik Kenesshi post abolished?", "en", "state_counsellor_abolished"),
        # a missing double letter: "efect" is "effect", not "elect"
        ("when did the new consitution take efect", "en", "next_in_force"),
        # the canonical phrase of a glossary term, and English read as English for any user
        ("срок полномочий президента", "ru", "president_term"),
        ("so no more senate huh", "ru", "kurultai_mazhilis_senate"),
        # another people named in a question about our Constitution
        (
            "Under the new constitution can Chinese firms buy our farmland?",
            "en",
            "foundations_land_foreigners",
        ),
    ],
)
def test_colloquial_typo_and_latin_questions_are_understood(
    engine: SearchEngine, text: str, user_lang: str, expected: str
) -> None:
    result = engine.search(text, user_lang=user_lang)
    assert result.status in ("answer", "suggest")
    assert ("qa", expected) in {(c.kind, c.ref) for c in result.candidates}


@pytest.mark.parametrize(
    ("text", "user_lang"),
    [
        ("погода в алматы", "ru"),
        ("курс доллара на сегодня", "ru"),
        ("рецепт бешбармака", "ru"),
        ("доллар бағамы қанша", "kk"),
        ("usd to kzt rate", "en"),
        ("who won the world cup", "en"),
        # another state's institutions
        ("кто сейчас президент Франции", "ru"),
        ("сколько статей в конституции России", "ru"),
        ("how long is the president's term in the Russian constitution", "en"),
        ("What amendments were made to the US constitution?", "en"),
        ("Өзбекстан президенті неше жылға сайланады", "kk"),
        ("Russian president term length", "en"),
        # everyday matters sharing a place name with the content
        ("сколько стоит билет на самолет из Алматы в Астану", "ru"),
        ("weather forecast for Astana tomorrow", "en"),
        ("Астанаға ұшақ билеті қанша тұрады", "kk"),
    ],
)
def test_off_topic_questions_are_declined(engine: SearchEngine, text: str, user_lang: str) -> None:
    result = engine.search(text, user_lang=user_lang)
    assert result.status == "none"
    assert result.candidates == ()


@pytest.mark.parametrize(
    ("text", "user_lang", "expected"),
    [
        ("Сколько депутатов в Курултае?", "kk", "ru"),
        ("Құрылтайда неше депутат бар?", "ru", "kk"),
        ("How many deputies are in the Kurultai?", "ru", "en"),
        ("skolko deputatov v kurultae", "en", "ru"),
        ("so no more senate huh", "ru", "en"),  # "no", "so" are not Russian "но", "со"
        ("second passport ok or no", "kk", "en"),
        ("orys tili statusy ozgerdi me", "en", "kk"),  # "me" is also a Kazakh particle
    ],
)
def test_the_answer_comes_in_the_language_of_the_question(
    engine: SearchEngine, text: str, user_lang: str, expected: str
) -> None:
    assert engine.search(text, user_lang=user_lang).lang == expected


@pytest.mark.parametrize(
    "text",
    ["Курултай", "президент", "права человека", "what about the referendum", "сот"],
)
def test_candidates_are_ranked_and_the_margin_is_their_lead(
    engine: SearchEngine, text: str
) -> None:
    result = engine.search(text, user_lang="ru")
    scores = [candidate.score for candidate in result.candidates]
    assert scores == sorted(scores, reverse=True)
    assert len(result.candidates) <= 3
    assert result.margin >= 0
    if result.status == "answer":
        assert result.best is not None
        assert result.score >= 50


def test_a_tie_between_unrelated_entries_is_never_answered(engine: SearchEngine) -> None:
    ranking = engine.rank("Курултай", user_lang="ru")
    decided = engine.decide(ranking)
    if ranking.margin < 3:
        assert decided.status != "answer"


@pytest.mark.parametrize("kind", ["qa", "myth"])
def test_related_items_do_not_compete_for_the_lead(
    catalog: Catalog, engine: SearchEngine, kind: str
) -> None:
    items = catalog.qa if kind == "qa" else catalog.myths
    pairs = [(item.id, other) for item in items.values() for other in item.related]
    assert pairs
    families = engine.index.families
    for item_id, other in pairs:
        assert ("qa", other) in families[(kind, item_id)]
        assert (kind, item_id) in families[("qa", other)]


@pytest.mark.parametrize(
    ("typed", "word", "expected"),
    [
        ("efect", "effect", True),
        ("effect", "efect", True),
        ("комисия", "комиссия", True),
        ("efect", "elect", False),
        ("parlament", "parliament", False),  # a missing letter, but not a doubled one
        ("abc", "abcd", False),
    ],
)
def test_a_doubled_letter_is_recognised(typed: str, word: str, expected: bool) -> None:
    assert doubled_letter_slip(typed, word) is expected


@pytest.mark.parametrize(
    ("lang", "typed", "term"),
    [
        ("ru", "призеденты", "президент"),  # the letters kept, two of them swapped
        ("en", "efect", "effect"),  # a doubled letter missed
    ],
)
def test_spelling_fixes_prefer_the_likely_slip(
    engine: SearchEngine, lang: str, typed: str, term: str
) -> None:
    fixed = engine.index.languages[lang].correct(typed)
    assert fixed is not None
    assert fixed[0] == term
