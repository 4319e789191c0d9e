"""Direct article requests: "статья 42", "ст42", "42-бап", "art. 42", "преамбула".

These are answered without fuzzy matching: a citizen naming an article wants that article.
Patterns run over normalised text (punctuation already turned into spaces, "№" into "no").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from bot.search.normalize import normalize

PREAMBLE: Final = 0

_NUMBER: Final = r"(?:no\s*)?(\d{1,4})"
# Word forms of "article" in the three languages, and their Latin spellings.
# Only singular forms: "96 статей", "96 баптан", "96 articles" count articles, they name none.
_RU_WORD: Final = r"(?:стат(?:ья|ьи|ью|ье|ьей|ия|и|я)|ст|statya|statia|stat|st)"
_KK_WORD: Final = r"(?:бап|бабы|бабында|бабын|бапты|бапқа|баптың|бапта|bap|baby|babynda|bapty)"
_EN_WORD: Final = r"(?:article|art)"
_WORD_FIRST: Final = rf"(?:{_RU_WORD}|{_KK_WORD}|{_EN_WORD})"
_NUMBER_FIRST: Final = (
    r"(?:статья|статью|ст|statya|бап|бапта|бапты|бапқа|баптың|бабы|бабында|bap|bapty|article|art)"
)

_PATTERNS: Final = (
    # word then number: "статья 42", "ст42", "art 42", "бап 42", "article no 42"
    re.compile(rf"(?:^|\s){_WORD_FIRST}\s*{_NUMBER}(?:\s|$)"),
    # number then word: "42 бап", "42-бап" (hyphen is a space by now), "42 статья", "42nd article"
    re.compile(rf"(?:^|\s)(\d{{1,4}})\s*(?:ая|я|ши|шы|nd|st|rd|th)?\s*{_NUMBER_FIRST}(?:\s|$)"),
)
_PREAMBLE_RE: Final = re.compile(
    r"(?:^|\s)(?:преамбул\w*|preamble|preambula|преамбуласы|кіріспе\w*|kirispe)(?:\s|$)"
)


# Words that only ask to see the article ("покажи", "open", "көрсетші", "full text"): they are
# no topic, so "show me article 21" opens the card like "article 21" does.
_FRAMING_RE: Final = re.compile(
    r"(?:^|\s)(?:show|open|give|display|read|see|view|text|full|wording|please|me|"
    r"покажи|покажите|показать|открой|откройте|открыть|дай|дайте|текст|полностью|"
    r"пожалуйста|мне|прочитать|почитать|"
    r"көрсет|көрсетші|көрсетіңіз|көрсетсең|аш|ашып|ашшы|ашыңыз|бер|беріңіз|берші|мәтін|"
    r"мәтіні|мәтінін|толық|оқу|оқып|korset|korsetshi|ashyp|ashshy|berši|bershi)(?=\s|$)"
)


@dataclass(frozen=True)
class ArticleRequest:
    """An explicit mention of an article number (range not checked)."""

    number: int
    rest: str  # the normalised text without the mention, to tell "статья 2" from a question


def find_article_request(text: str) -> ArticleRequest | None:
    """Return the article the text names explicitly, or None if it names none."""
    normal = normalize(text)
    number: int | None = PREAMBLE if _PREAMBLE_RE.search(normal) else None
    if number is None:
        for pattern in _PATTERNS:
            match = pattern.search(normal)
            if match:
                number = int(match.group(1))
                break
    if number is None:
        return None
    rest = normal
    for pattern in (_PREAMBLE_RE, *_PATTERNS, _FRAMING_RE):
        rest = pattern.sub(" ", rest)
    return ArticleRequest(number, " ".join(rest.split()))
