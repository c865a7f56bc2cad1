"""Fixtures shared by the solver tests; builders live in `factories`."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

# The ISS elements near the start of the Challenge shoot (MISSION.md).
ISS_TLE = (
    "1 25544U 98067A   21278.52661806  .00000800  00000-0  20684-4 0  9995",
    "2 25544  51.6442  13.1247 0008036  23.6079 336.5377 15.48861704303602",
)


@pytest.fixture
def iss_tle() -> tuple[str, str]:
    return ISS_TLE


@pytest.fixture
def challenge_window() -> tuple[datetime, datetime]:
    """The Challenge filming window, 2021-10-05 16:00 to 2021-10-16 22:00 UTC."""
    return datetime(2021, 10, 5, 16, 0, tzinfo=timezone.utc), datetime(2021, 10, 16, 22, 0, tzinfo=timezone.utc)


_REFERENCE_REPORT: list[str] = []


@pytest.fixture
def reference_report() -> list[str]:
    """Lines a test adds to the summary at the end of the run (the geometry's worst errors, for instance)."""
    return _REFERENCE_REPORT


def pytest_terminal_summary(terminalreporter) -> None:
    if _REFERENCE_REPORT:
        terminalreporter.section("orbit geometry against Skyfield with JPL DE421")
        for line in sorted(_REFERENCE_REPORT):
            terminalreporter.write_line(line)
