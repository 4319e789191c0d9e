"""Glossary concepts: every name of a thing, in any language or spelling, is one index term."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from bot.content.models import LANGS, GlossaryGroup, Text, TextList
from bot.search.analysis import analyse_plain
from bot.search.synonyms import ConceptMap, concept_token

if TYPE_CHECKING:
    from bot.content.catalog import Catalog


def group(ident: str, names: dict[str, list[str]], latin: list[str]) -> GlossaryGroup:
    canonical = Text(**{lang: values[0] for lang, values in names.items()})
    synonyms = TextList(**{lang: values[1:] for lang, values in names.items()})
    return GlossaryGroup(id=ident, canonical=canonical, synonyms=synonyms, latin=latin)


@pytest.fixture(scope="module")
def concepts() -> ConceptMap:
    """A small glossary: a one-word and a multi-word concept that share a word."""
    groups = [
        group(
            "kurultai",
            {
                "kk": ["Құрылтай", "парламент"],
                "ru": ["Курултай", "парламент", "однопалатный парламент"],
                "en": ["Kurultai", "parliament"],
            },
            ["Qurultai", "Qūryltai"],
        ),
        group(
            "peoples_council",
            {
                "kk": ["Қазақстан Халық Кеңесі", "Халық Кеңесі"],
                "ru": ["Народный совет Казахстана", "Народный совет"],
                "en": ["People's Council", "Halyk Kenesi"],
            },
            ["Halyq Kenesi"],
        ),
    ]
    return ConceptMap.from_glossary(groups, analyse_plain)


@pytest.mark.parametrize(
    ("lang", "text", "concept"),
    [
        ("ru", "Курултай", "kurultai"),
        ("ru", "курултае", "kurultai"),
        ("ru", "парламента", "kurultai"),
        ("ru", "однопалатного парламента", "kurultai"),
        ("kk", "Құрылтайдың", "kurultai"),
        ("kk", "курылтайга", "kurultai"),
        ("en", "Qurultai", "kurultai"),
        ("ru", "qurultai", "kurultai"),  # a Latin spelling counts in every reading
        ("en", "the parliament", "kurultai"),
        ("ru", "Народного совета", "peoples_council"),
        ("kk", "Халық Кеңесінің", "peoples_council"),
        ("en", "halyq kenesi", "peoples_council"),
        ("ru", "Халык кенеси", "peoples_council"),  # Latin names transliterated for ru and kk
    ],
)
def test_every_name_becomes_the_concept(
    concepts: ConceptMap, lang: str, text: str, concept: str
) -> None:
    assert concepts.apply(lang, analyse_plain(lang, text)) == [concept_token(concept)]


def test_phrases_are_replaced_longest_first_and_other_words_kept(concepts: ConceptMap) -> None:
    terms = analyse_plain("ru", "сколько членов в Народном совете Казахстана")
    replaced = concepts.apply("ru", terms)
    assert replaced[-1] == concept_token("peoples_council")
    assert replaced[:-1] == terms[:2]


def test_a_word_alone_is_not_a_multi_word_concept(concepts: ConceptMap) -> None:
    assert concept_token("peoples_council") not in concepts.apply(
        "ru", analyse_plain("ru", "совет")
    )
    assert concepts.owner("ru", "совет") == concept_token("peoples_council")


def test_real_glossary_names_map_to_their_concepts(catalog: Catalog) -> None:
    concepts = ConceptMap.from_glossary(catalog.glossary, analyse_plain)
    total = mapped = 0
    for item in catalog.glossary:
        token = concept_token(item.id)
        for lang in LANGS:
            for name in (item.canonical.get(lang), *item.synonyms.get(lang)):
                terms = analyse_plain(lang, name)
                if not terms or all(term.isdigit() for term in terms):
                    continue
                total += 1
                mapped += concepts.apply(lang, terms) == [token]
    # a few names are shared by two groups (the first one keeps them) or contain another name
    assert mapped / total >= 0.9
