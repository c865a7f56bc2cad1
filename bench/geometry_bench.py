"""Cost of the orbit's geometry: the light and every place's passes and ground light over a stay.

The demo's ISS elements from 2021-10-05 16:00 UTC; ten places from Moscow to Sydney. Each stay is computed
`--runs` times; the table gives the median wall time of each part, the median CPU time of the whole (less
sensitive to other work on the machine), and the peak of the memory the computation allocates (tracemalloc,
which sees numpy's arrays), measured on a run of its own.

    .venv/bin/python -m bench.geometry_bench                       # 12 and 180 days, 10 places, 5 runs
    .venv/bin/python -m bench.geometry_bench --days 30,365 --runs 9 --markdown
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from datetime import datetime, timezone

from scheduling.solver.ephemeris import Track
from scheduling.solver.geometry import orbit_geometry, place_geometry
from scheduling.solver.problem import Place
from scheduling.solver.orbit import orbit_light

ISS_TLE = (
    "1 25544U 98067A   21278.52661806  .00000800  00000-0  20684-4 0  9995",
    "2 25544  51.6442  13.1247 0008036  23.6079 336.5377 15.48861704303602",
)
ORIGIN = datetime(2021, 10, 5, 16, 0, tzinfo=timezone.utc)
PLACES = (
    Place("moscow", 55.7558, 37.6173, 10),
    Place("tsup", 55.9125, 37.8103, 5),
    Place("baikonur", 45.9650, 63.3050, 10),
    Place("houston", 29.5593, -95.0900, 10),
    Place("canaveral", 28.3922, -80.6077, 10),
    Place("paris", 48.8566, 2.3522, 10),
    Place("tokyo", 35.6762, 139.6503, 10),
    Place("nairobi", -1.2921, 36.8219, 10),
    Place("buenos-aires", -34.6037, -58.3816, 10),
    Place("sydney", -33.8688, 151.2093, 10),
)


def measure(days: int, places: tuple[Place, ...], runs: int) -> dict:
    """Median seconds of each part over `runs`, the passes found, and the peak memory allocated."""
    horizon = days * 1440
    parts: dict[str, list[float]] = {"track": [], "light": [], "geometry": [], "total": [], "cpu": []}
    for _ in range(runs):
        cpu_started = time.process_time()
        started = time.perf_counter()
        track = Track(ISS_TLE, ORIGIN, horizon)
        tracked = time.perf_counter()
        orbit_light(track)
        lit = time.perf_counter()
        geometries = [place_geometry(track, place) for place in places]
        ended = time.perf_counter()
        cpu = time.process_time() - cpu_started
        for part, seconds in (("track", tracked - started), ("light", lit - tracked), ("geometry", ended - lit),
                              ("total", ended - started), ("cpu", cpu)):
            parts[part].append(seconds)
    tracemalloc.start()
    orbit_geometry(ISS_TLE, ORIGIN, horizon, places)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "days": days,
        "places": len(places),
        **{part: statistics.median(values) for part, values in parts.items()},
        "passes": sum(len(geometry.in_view) for geometry in geometries),
        "peak_mb": peak / 2**20,
    }


def table(rows: list[dict], markdown: bool) -> str:
    header = [
        "stay", "places", "SGP4 + Sun (ms)", "light (ms)", "places (ms)", "total (ms)", "total CPU (ms)", "passes",
        "peak MB",
    ]
    lines = [
        [f"{row['days']} days", str(row["places"]), f"{row['track'] * 1000:.0f}", f"{row['light'] * 1000:.0f}",
         f"{row['geometry'] * 1000:.0f}", f"{row['total'] * 1000:.0f}", f"{row['cpu'] * 1000:.0f}",
         str(row["passes"]), f"{row['peak_mb']:.0f}"]
        for row in rows
    ]
    if markdown:
        return "\n".join("| " + " | ".join(cells) + " |" for cells in [header, ["---"] * len(header), *lines])
    widths = [max(len(cells[i]) for cells in [header, *lines]) for i in range(len(header))]
    return "\n".join("  ".join(cell.rjust(width) for cell, width in zip(cells, widths)) for cells in [header, *lines])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", default="12,180", help="comma-separated stay lengths (default 12,180)")
    parser.add_argument("--places", type=int, default=len(PLACES), help=f"how many places, at most {len(PLACES)}")
    parser.add_argument("--runs", type=int, default=5, help="runs per stay; the median is shown (default 5)")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    options = parser.parse_args()
    places = PLACES[: options.places]
    rows = [measure(int(days), places, options.runs) for days in options.days.split(",")]
    print(table(rows, options.markdown))


if __name__ == "__main__":
    main()
