"""The project's exception tree.

BotError
├── ConfigError      invalid settings: the variable and the fix
├── ContentError     invalid content: the file, the item and the field
├── StorageError     the database cannot be opened or migrated
└── ImportFormatError  an official text that cannot be parsed
"""

from __future__ import annotations


class BotError(Exception):
    """Root of every error the bot raises on purpose."""


class ConfigError(BotError):
    """A setting is missing or invalid."""


class ContentError(BotError):
    """One or more content files are invalid; ``problems`` lists each one."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class StorageError(BotError):
    """The database file cannot be opened, written or migrated."""


class ImportFormatError(BotError):
    """An official text file could not be parsed into articles."""
