"""Errors a user can act on, as values.

Every error of the product's own (a production file that breaks the format, a calendar that cannot be
expanded, a solve that cannot start) is a `DomainError`: one or more `Fault`s, each saying where (`path`,
as production files name places: `scenes[3].people[1]`; empty for the thing as a whole) and what
(`message`). Callers read those fields; nobody parses `str(error)` back apart. `DomainError` is not a
`ValueError`, so a broad `except ValueError` around library code never swallows one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Fault:
    """One problem: where it is and what is wrong there."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def relative_to(self, prefix: str) -> Fault:
        """The fault with `prefix` (e.g. `scenes[4]`) cut off its path, for a caller that edits only that part."""
        if self.path == prefix:
            return Fault("", self.message)
        for separator in (".", "["):
            if self.path.startswith(prefix + separator):
                return Fault(self.path[len(prefix) + (separator == "."):], self.message)
        return self


class DomainError(Exception):
    """Base of the product's own errors: every fault found, at least one."""

    def __init__(self, message: str | None = None, *, path: str = "", faults: Iterable[Fault] = ()):
        faults = tuple(faults)
        if message is not None:
            faults = (Fault(path, message), *faults)
        if not faults:
            raise TypeError("a DomainError needs a message or at least one fault")
        self.faults = faults
        super().__init__(str(self))

    @property
    def path(self) -> str:
        return self.faults[0].path

    @property
    def message(self) -> str:
        return self.faults[0].message

    def lines(self) -> list[str]:
        """Every fault as `path: message`, for logs, command output and API bodies."""
        return [str(fault) for fault in self.faults]

    def relative_to(self, prefix: str) -> DomainError:
        """The same error with paths relative to `prefix` (see `Fault.relative_to`)."""
        error = type(self).__new__(type(self))
        DomainError.__init__(error, faults=[fault.relative_to(prefix) for fault in self.faults])
        return error

    def __str__(self) -> str:
        return "\n".join(self.lines())


class InUse(DomainError):
    """The thing cannot go (or change that way): other data still refers to it, and the message says which."""
