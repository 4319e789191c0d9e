"""Command line: ``python -m bot run|console|ask|bench|content``."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.config import Settings, load_settings
from bot.errors import BotError, ContentError

logger = logging.getLogger("bot")


class SecretFilter(logging.Filter):
    """Replace secrets (the bot token, the webhook secret) in every log record."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the formatted message; always keep the record."""
        if not self.secrets:
            return True
        message = record.getMessage()
        redacted = message
        for secret in self.secrets:
            redacted = redacted.replace(secret, "***")
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def setup_logging(settings: Settings, *, quiet: bool = False) -> None:
    """Configure logging once; chatty libraries are turned down."""
    level = logging.WARNING if quiet else getattr(logging, settings.log_level)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    secrets = [
        settings.bot_token.get_secret_value() if settings.bot_token else "",
        settings.webhook_secret.get_secret_value() if settings.webhook_secret else "",
    ]
    handler.addFilter(SecretFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)


def build_parser() -> argparse.ArgumentParser:
    """All subcommands and their options."""
    parser = argparse.ArgumentParser(prog="python -m bot", description="AtaZan bot")
    sub = parser.add_subparsers(dest="command")

    sub.add_parser("run", help="run the bot (long polling, or webhook when WEBHOOK_URL is set)")
    sub.add_parser("health", help="exit 0 when the running bot is healthy (Docker HEALTHCHECK)")

    console = sub.add_parser("console", help="chat with the bot in the terminal, no token needed")
    console.add_argument("--lang", choices=["kk", "ru", "en"], default=None)

    ask = sub.add_parser(
        "ask", help="answer questions from the command line or stdin (JSON lines)"
    )
    ask.add_argument("question", nargs="?", default=None)
    ask.add_argument("--lang", choices=["kk", "ru", "en"], default=None)
    ask.add_argument("--json", action="store_true", help="print one JSON object")

    bench = sub.add_parser("bench", help="benchmarks")
    bench_sub = bench.add_subparsers(dest="bench", required=True)
    search = bench_sub.add_parser("search", help="answer engine accuracy and speed vs a baseline")
    search.add_argument("--dev", type=Path, default=Path("tests/data/questions_dev.yaml"))
    broadcast = bench_sub.add_parser("broadcast", help="delivery rate against a limited fake API")
    broadcast.add_argument("--subscribers", type=int, default=10_000)
    broadcast.add_argument("--only", choices=["30", "1000"], default=None)

    content = sub.add_parser("content", help="content tools")
    content_sub = content.add_subparsers(dest="content", required=True)
    check = content_sub.add_parser("check", help="validate content/ and print coverage")
    check.add_argument("directory", nargs="?", type=Path, default=None)
    imp = content_sub.add_parser("import-official", help="import an official text file")
    imp.add_argument("file", type=Path)
    imp.add_argument("--lang", choices=["kk", "ru", "en"], required=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m bot`` and the ``atazan`` script."""
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        return _dispatch(args, settings)
    except ContentError as exc:
        print("Content is invalid:", file=sys.stderr)
        for problem in exc.problems[:50]:
            print(f"  {problem}", file=sys.stderr)
        if len(exc.problems) > 50:
            print(f"  … and {len(exc.problems) - 50} more", file=sys.stderr)
        return 2
    except BotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    if args.command is None:
        # No subcommand: run the bot when it has a token, otherwise open the console.
        has_token = settings.bot_token is not None and settings.bot_token.get_secret_value()
        args.command, args.lang = ("run", None) if has_token else ("console", None)
        if not has_token:
            print(
                "BOT_TOKEN is not set: starting the terminal console "
                "(type a question; a number presses a button; Ctrl-D quits).\n"
            )
    if args.command == "health":
        from bot.health import check_health

        return check_health(settings)
    if args.command == "run":
        setup_logging(settings)
        return asyncio.run(_run(settings))
    if args.command == "console":
        setup_logging(settings, quiet=True)
        return asyncio.run(_console(settings, args.lang))
    if args.command == "ask":
        setup_logging(settings, quiet=True)
        return _ask(settings, args)
    if args.command == "bench":
        setup_logging(settings, quiet=True)
        return _bench(settings, args)
    if args.command == "content":
        setup_logging(settings, quiet=True)
        return _content(settings, args)
    return 2


async def _run(settings: Settings) -> int:
    from bot.app import assemble, create_bot
    from bot.config import require_token
    from bot.health import beat
    from bot.storage.db import check_database_path

    token = require_token(settings)
    check_database_path(settings.database_path)
    parts = await assemble(settings)
    bot = create_bot(settings, token)
    dp = parts.dispatcher()
    heartbeat = asyncio.create_task(beat(settings))
    try:
        if settings.webhook_url:
            from bot.webhook import serve_webhook

            await serve_webhook(dp, bot, settings)
        else:
            loop = asyncio.get_running_loop()
            stop = asyncio.Event()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, stop.set)
            polling = asyncio.create_task(
                dp.start_polling(bot, handle_signals=False, close_bot_session=False)
            )
            stopper = asyncio.create_task(stop.wait())
            await asyncio.wait({polling, stopper}, return_when=asyncio.FIRST_COMPLETED)
            if stop.is_set():
                logger.info("stopping on signal")
                await dp.stop_polling()
            await polling
    finally:
        heartbeat.cancel()
        await bot.session.close()
        await parts.close()
    return 0


async def _console(settings: Settings, lang: str | None) -> int:
    from bot.app import assemble
    from bot.console import USER_ID, run_console

    parts = await assemble(settings)
    try:
        if lang is not None:
            await parts.repo.users.set_language(USER_ID, lang)
        # No delivery service: the console's local session must not "send" real campaigns.
        dp = parts.dispatcher(reminders=None)
        # One person at a keyboard (or a pasted script) is not a flood.
        dp["throttle"].enabled = False
        await run_console(dp, lang=lang or settings.default_language)
    finally:
        await parts.close()
    return 0


def _ask(settings: Settings, args: argparse.Namespace) -> int:
    from bot.answers import plain_answer
    from bot.app import load_content

    catalog, engine = load_content(settings)
    user_lang = args.lang or settings.default_language

    def answer(question: str) -> dict[str, Any]:
        result = engine.search(question, user_lang=user_lang)
        record: dict[str, Any] = {
            "question": question,
            "lang": result.lang,
            "status": result.status,
            "answer": None,
            "entry_id": None,
            "score": round(result.score, 2),
            "articles": [],
        }
        if result.status == "answer" and result.best is not None:
            found = plain_answer(catalog, result.best, result.lang)
            if found is not None:
                record.update(answer=found.text, entry_id=found.entry_id, articles=found.articles)
        elif result.status == "suggest":
            record["suggestions"] = [c.key for c in result.candidates[:3]]
        return record

    if args.question is not None:
        record = answer(args.question)
        if args.json:
            print(json.dumps(record, ensure_ascii=False))
        else:
            _print_answer(record)
        return 0
    for line in sys.stdin:
        question = line.rstrip("\n")
        if not question.strip():
            continue
        print(json.dumps(answer(question), ensure_ascii=False), flush=True)
    return 0


def _print_answer(record: dict[str, Any]) -> None:
    if record["status"] == "answer":
        print(record["answer"])
        if record["articles"]:
            print("Articles:", ", ".join(str(n) for n in record["articles"]))
    elif record["status"] == "suggest":
        print("Did you mean:", ", ".join(record.get("suggestions", [])))
    else:
        print("No answer.")
    print(f"[{record['status']} {record['entry_id'] or ''} score={record['score']}]")


def _bench(settings: Settings, args: argparse.Namespace) -> int:
    if args.bench == "search":
        from bot.bench import search

        return search.run(args.dev, settings.content_dir)
    from bot.bench import broadcast

    return broadcast.run(subscribers=args.subscribers, only=args.only)


def _content(settings: Settings, args: argparse.Namespace) -> int:
    if args.content == "check":
        from bot.content import check

        return check.run(args.directory or settings.content_dir)
    from bot.content import official

    return asyncio.run(official.run(args.file, args.lang, settings))


if __name__ == "__main__":
    sys.exit(main())
