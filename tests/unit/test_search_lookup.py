"""Direct article requests: "статья 42", "42-бап", "art. 42", "преамбула" open that article."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from bot.search.lookup import PREAMBLE, find_article_request

if TYPE_CHECKING:
    from bot.search.engine import SearchEngine


@pytest.mark.parametrize(
    "text",
    [
        "статья 42",
        "Статья №42",
        "ст. 42",
        "ст42",
        "42 статья",
        "42-я статья",
        "статьи 42 о чём",
        "42-бап",
        "42 бап",
        "бап 42",
        "Конституцияның 42-бабында не жазылған",
        "42-бапты көрсетші",
        "42 бапқа сілтеме",
        "article 42",
        "Article #42",
        "art 42",
        "art. 42",
        "42nd article",
        "statya 42",
        "42 bap",
    ],
)
def test_article_42_in_any_spelling(text: str) -> None:
    request = find_article_request(text)
    assert request is not None
    assert request.number == 42


@pytest.mark.parametrize("text", ["преамбула", "Преамбуласы", "preamble", "статья 0", "кіріспе"])
def test_preamble(text: str) -> None:
    request = find_article_request(text)
    assert request is not None
    assert request.number == PREAMBLE


@pytest.mark.parametrize(
    "text",
    [
        "Сколько статей в Конституции?",
        "в конституции 96 статей",
        "Жаңа Конституция неше баптан тұрады?",
        "145 депутатов",
        "how many articles are there",
        "",
    ],
)
def test_counting_articles_or_other_numbers_is_no_request(text: str) -> None:
    assert find_article_request(text) is None


@pytest.mark.parametrize(
    ("text", "number"),
    [("статья 42", "42"), ("42-бап", "42"), ("art. 18", "18"), ("преамбула", "0")],
)
def test_engine_answers_a_request_with_the_article(
    engine: SearchEngine, text: str, number: str
) -> None:
    result = engine.search(text, user_lang="ru")
    assert result.status == "answer"
    assert result.direct_article is True
    assert result.best is not None
    assert (result.best.kind, result.best.ref) == ("article", number)


@pytest.mark.parametrize("text", ["статья 97", "статья 145", "article 1000", "бап 200"])
def test_engine_declines_an_article_that_does_not_exist(engine: SearchEngine, text: str) -> None:
    result = engine.search(text, user_lang="ru")
    assert result.status == "none"
    assert result.candidates == ()


@pytest.mark.parametrize(
    "text",
    [
        "show me article 42",
        "open article 42 full text",
        "покажи статью 42 пожалуйста",
        "42-бапты ашып берші",
        "42 бапты көрсет",
    ],
)
def test_asking_to_see_an_article_leaves_no_topic(text: str) -> None:
    request = find_article_request(text)
    assert request is not None
    assert request.number == 42
    assert request.rest == ""
