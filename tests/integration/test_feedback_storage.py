"""Ratings storage: one vote per user and item, comments on 👎 only, gone with /forget."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from bot.storage.db import iso, utcnow

if TYPE_CHECKING:
    from bot.storage import Repo

LONG_AGO = "2000-01-01T00:00:00+00:00"


async def test_a_second_vote_replaces_the_first_and_its_comment(repo: Repo) -> None:
    await repo.users.touch(1, "ru")
    await repo.feedback.vote(1, "q:vp_appointment", vote=-1, lang="ru")
    assert await repo.feedback.comment(1, "q:vp_appointment", "  Нет сроков\n")
    rating = await repo.feedback.get(1, "q:vp_appointment")
    assert rating is not None
    assert (rating.vote, rating.comment, rating.lang) == (-1, "Нет сроков", "ru")

    await repo.feedback.vote(1, "q:vp_appointment", vote=1, lang="kk")
    rating = await repo.feedback.get(1, "q:vp_appointment")
    assert rating is not None
    assert (rating.vote, rating.comment, rating.lang) == (1, None, "kk")
    assert await repo.feedback.count() == 1


async def test_comments_attach_only_to_a_dislike(repo: Repo) -> None:
    await repo.users.touch(1, "ru")
    await repo.feedback.vote(1, "a:42", vote=1, lang="ru")
    assert not await repo.feedback.comment(1, "a:42", "text")
    assert not await repo.feedback.comment(1, "q:other", "text")
    await repo.feedback.vote(1, "a:42", vote=-1, lang="ru")
    assert await repo.feedback.comment(1, "a:42", "x" * 2000)
    rating = await repo.feedback.get(1, "a:42")
    assert rating is not None
    assert rating.comment == "x" * 500


async def test_votes_need_a_known_user_and_a_valid_value(repo: Repo) -> None:
    with pytest.raises(ValueError, match="vote"):
        await repo.feedback.vote(1, "a:1", vote=0, lang="ru")
    with pytest.raises(Exception, match="FOREIGN KEY"):
        await repo.feedback.vote(404, "a:1", vote=1, lang="ru")


async def test_forget_deletes_the_users_ratings_only(repo: Repo) -> None:
    for user in (1, 2):
        await repo.users.touch(user, "ru")
        await repo.feedback.vote(user, "q:vp_appointment", vote=-1, lang="ru")
        await repo.feedback.comment(user, "q:vp_appointment", f"comment {user}")
    await repo.users.delete(1)
    assert await repo.feedback.count(user_id=1) == 0
    assert await repo.feedback.count(user_id=2) == 1


async def test_totals_dislikes_and_recent_comments(repo: Repo) -> None:
    for user in range(1, 6):
        await repo.users.touch(user, "ru")
    await repo.feedback.vote(1, "q:a", vote=-1, lang="ru")
    await repo.feedback.vote(2, "q:a", vote=-1, lang="kk")
    await repo.feedback.vote(3, "q:a", vote=1, lang="ru")
    await repo.feedback.vote(4, "q:b", vote=-1, lang="en")
    await repo.feedback.vote(5, "q:c", vote=1, lang="ru")
    await repo.feedback.comment(2, "q:a", "устарело")
    since = iso(utcnow() - dt.timedelta(days=1))
    assert await repo.feedback.totals(since=since) == (2, 3)
    worst = await repo.feedback.most_disliked(since=since)
    assert [(row.entry_key, row.up, row.down) for row in worst] == [("q:a", 1, 2), ("q:b", 0, 1)]
    comments = await repo.feedback.recent_comments()
    assert [(c.entry_key, c.lang, c.comment) for c in comments] == [("q:a", "kk", "устарело")]
    assert await repo.feedback.totals(since=iso(utcnow() + dt.timedelta(days=1))) == (0, 0)
    assert await repo.feedback.most_disliked(since=LONG_AGO, limit=1) == worst[:1]
