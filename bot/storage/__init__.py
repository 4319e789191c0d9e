"""Storage layer: every SQL statement of the project lives in this package."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from bot.storage.campaigns import CampaignRepo
from bot.storage.db import connect
from bot.storage.feedback import FeedbackRepo
from bot.storage.official import OfficialRepo
from bot.storage.questions import QuestionRepo
from bot.storage.quiz import GroupQuizRepo, QuizRepo
from bot.storage.stats import StatsRepo
from bot.storage.subscriptions import SubscriptionRepo
from bot.storage.users import UserRepo


@dataclass(frozen=True)
class Repo:
    """All repositories over one shared connection, handed to handlers as ``repo``."""

    conn: aiosqlite.Connection
    users: UserRepo
    questions: QuestionRepo
    quiz: QuizRepo
    group_quiz: GroupQuizRepo
    official: OfficialRepo
    subscriptions: SubscriptionRepo
    campaigns: CampaignRepo
    feedback: FeedbackRepo
    stats: StatsRepo

    @classmethod
    def over(cls, conn: aiosqlite.Connection) -> Repo:
        """Build every repository on ``conn``."""
        return cls(
            conn=conn,
            users=UserRepo(conn),
            questions=QuestionRepo(conn),
            quiz=QuizRepo(conn),
            group_quiz=GroupQuizRepo(conn),
            official=OfficialRepo(conn),
            subscriptions=SubscriptionRepo(conn),
            campaigns=CampaignRepo(conn),
            feedback=FeedbackRepo(conn),
            stats=StatsRepo(conn),
        )

    async def close(self) -> None:
        """Close the shared connection."""
        await self.conn.close()


async def open_repo(path: str) -> Repo:
    """Open (and migrate) the database and return the repositories."""
    return Repo.over(await connect(path))


__all__ = ["Repo", "open_repo"]
