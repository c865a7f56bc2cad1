"""Screenplay files for the reader's tests, and screenplain's own command to turn Fountain into Final Draft."""

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent / "scripts"
DEMO = Path(__file__).resolve().parents[2] / "demo"


def screenplain_fdx(fountain: Path) -> bytes:
    """What `screenplain --format fdx FILE` writes (the installed command, run as a user runs it)."""
    return subprocess.run(
        [sys.executable, "-m", "screenplain.main", "--format", "fdx", str(fountain)],
        check=True, capture_output=True, timeout=120,
    ).stdout


def fountain_scene(body: str, heading: str = "INT. NAUKA - NIGHT") -> bytes:
    """A one-scene Fountain script: `heading`, a blank line, then `body`."""
    return f"{heading}\n\n{body}".encode()


@pytest.fixture(scope="session")
def night_shift_fountain() -> bytes:
    return (SCRIPTS / "night_shift.fountain").read_bytes()


@pytest.fixture(scope="session")
def night_shift_fd12() -> bytes:
    return (SCRIPTS / "night_shift_fd12.fdx").read_bytes()
