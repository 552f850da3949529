"""Error types shared by every step, each carrying what the CLI needs to say (and its exit code).

Exit codes follow pyshacl's CLI: 0 ok, 1 findings (violations), 2 unreadable input or usage error.
"""

from __future__ import annotations


class BudgetLodError(Exception):
    """Base class: a message meant for a person, and the exit code the CLI should use."""

    exit_code = 2


class InputError(BudgetLodError):
    """The input cannot be read as a budget disclosure.

    ``source`` names the file; ``where`` narrows it down (a page, a table, a field) when known.
    """

    def __init__(self, source: str, reason: str, where: str | None = None):
        self.source = source
        self.reason = reason
        self.where = where
        loc = f"{source}, {where}" if where else source
        super().__init__(f"{loc}: {reason}")


class StoreError(BudgetLodError):
    """The store cannot be opened or written (locked by another writer, corrupt, missing)."""


class ConfigError(BudgetLodError):
    """A setting (option or environment variable) has a value that cannot be used."""
