"""Group declined questions that say the same thing, so curators see what is missing most."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

from rapidfuzz import fuzz, process

from bot.search.normalize import normalize

SIMILARITY: Final = 82.0  # token_sort_ratio cut-off: word order and typos, not different topics
MAX_FORMS: Final = 3000  # distinct texts compared; enough for months of declined questions
MAX_VARIANTS: Final = 5


@dataclass(frozen=True)
class AskedText:
    """One asked question as curators see it."""

    text: str
    lang: str
    asked_at: str


@dataclass
class QuestionGroup:
    """Similar questions with how often they were asked."""

    text: str  # the most frequent wording
    count: int = 0
    variants: list[str] = field(default_factory=list)  # other wordings, most frequent first
    langs: Counter[str] = field(default_factory=Counter)
    last_asked: str = ""

    @property
    def similar(self) -> int:
        """How many other wordings were merged into this group."""
        return len(self.variants)


@dataclass
class _Form:
    originals: Counter[str] = field(default_factory=Counter)
    count: int = 0
    langs: Counter[str] = field(default_factory=Counter)
    last_asked: str = ""

    @property
    def original(self) -> str:
        """The most frequent wording; among equals the fullest (capitals, punctuation)."""
        return max(self.originals.items(), key=lambda pair: (pair[1], len(pair[0]), pair[0]))[0]


def group_similar(
    asked: Iterable[AskedText], *, threshold: float = SIMILARITY, limit: int | None = None
) -> list[QuestionGroup]:
    """Merge questions whose normalised words are alike; biggest groups first.

    Exact repeats (after normalisation) are counted first; then each distinct wording joins the
    group of the most similar, more frequent wording, or starts its own group.
    """
    forms: dict[str, _Form] = {}
    for item in asked:
        key = normalize(item.text)
        if not key:
            continue
        form = forms.setdefault(key, _Form())
        form.originals[" ".join(item.text.split())] += 1
        form.count += 1
        form.langs[item.lang] += 1
        form.last_asked = max(form.last_asked, item.asked_at)
    ordered = sorted(forms.items(), key=lambda pair: (-pair[1].count, pair[0]))[:MAX_FORMS]

    groups: list[QuestionGroup] = []
    heads: list[str] = []
    for key, form in ordered:
        match = process.extractOne(
            key, heads, scorer=fuzz.token_sort_ratio, processor=None, score_cutoff=threshold
        )
        if match is None:
            group = QuestionGroup(text=form.original)
            groups.append(group)
            heads.append(key)
        else:
            group = groups[match[2]]
            if len(group.variants) < MAX_VARIANTS:
                group.variants.append(form.original)
        group.count += form.count
        group.langs.update(form.langs)
        group.last_asked = max(group.last_asked, form.last_asked)
    groups.sort(key=lambda group: (-group.count, -group.similar, group.text))
    return groups[:limit] if limit is not None else groups
