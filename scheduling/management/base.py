"""What the production commands share: finding the production a code names, reading the file they are given,
reporting a file refused whole, and a `--version` of their own."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, OutputWrapper

from core.errors import DomainError
from scheduling.models import Production


def production_named(code: str, *related: str) -> Production:
    """The production with code `code` (with `related` selected), or the command's error saying there is none."""
    productions = Production.objects.select_related(*related) if related else Production.objects  # () means all
    production = productions.filter(code=code).first()
    if production is None:
        raise CommandError(f'no production "{code}"')
    return production


def file_read(file: str) -> tuple[bytes, str]:
    """The bytes of `file` (standard input for `-`) and its name ("" for standard input), or the command's
    error saying why it cannot be read."""
    if file == "-":
        return sys.stdin.buffer.read(), ""
    path = Path(file)
    try:
        return path.read_bytes(), path.name
    except OSError as error:
        raise CommandError(f"{file}: cannot read: {error.strerror}") from None


def file_refused(stderr: OutputWrapper, file: str, error: DomainError, *, verb: str = "rejected") -> CommandError:
    """Each of the error's faults on standard error, after the file's name; the command's error to raise."""
    for line in error.lines():
        stderr.write(f"{file}: {line}")
    return CommandError(f"{file}: {verb} ({len(error.faults)} error(s)); nothing was written")


class VersionedCommand(BaseCommand):
    """A command whose `--version N` picks a schedule version, so Django's own --version flag steps aside."""

    def add_base_argument(self, parser, *args, **kwargs):
        if "--version" not in args:
            super().add_base_argument(parser, *args, **kwargs)
