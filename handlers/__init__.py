"""aiogram routers, one per feature; ``get_routers`` gives them in priority order."""

from __future__ import annotations

from aiogram import Router


def detach(router: Router) -> Router:
    """Free a module-level router from a previous Dispatcher so a new one can include it.

    A router may have only one parent; tests, the console and a restart build a fresh Dispatcher
    in the same process, and the newest one takes the routers over.
    """
    parent = router.parent_router
    if parent is not None:
        parent.sub_routers.remove(router)
        router._parent_router = None
    return router


def get_routers() -> list[Router]:
    """All routers, most specific first and the fallback last."""
    from handlers import (
        articles,
        ask,
        broadcast,
        content_views,
        curator,
        discover,
        errors,
        fallback,
        feedback,
        forget,
        group_quiz,
        info,
        inline,
        quiz,
        remind,
        start,
    )

    routers = [
        errors.router,
        feedback.router,  # before start: any command leaves the comment step
        start.router,
        info.router,
        forget.router,
        broadcast.router,
        remind.router,
        articles.router,
        content_views.router,
        quiz.router,
        group_quiz.router,
        curator.router,
        discover.router,
        inline.router,
        ask.router,
        fallback.router,
    ]
    return [detach(router) for router in routers]
