"""Factories for production documents of any size (valid by construction, deterministic by seed)."""

import random
from datetime import datetime, timedelta, timezone

START = datetime(2021, 10, 5, 0, 0, tzinfo=timezone.utc)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def production_document_build(
    *, code: str = "generated", days: int = 10, scenes: int = 60, people: int = 5, modules: int = 4, seed: int = 1,
    station: str = "ISS",
) -> dict:
    """A production whose crew is free 08:00-12:00 and 14:00-20:00 each UTC day, scenes of 30-120 minutes
    with 1-3 people, and more scene minutes than fit, so solving it takes real search."""
    rng = random.Random(seed)
    person_codes = [f"p{index + 1}" for index in range(people)]
    module_codes = [f"m{index + 1}" for index in range(modules)]
    free = []
    for day in range(days):
        base = START + timedelta(days=day)
        free += [
            {"start": _stamp(base + timedelta(hours=8)), "end": _stamp(base + timedelta(hours=12))},
            {"start": _stamp(base + timedelta(hours=14)), "end": _stamp(base + timedelta(hours=20))},
        ]
    scene_list = []
    for index in range(scenes):
        cast = rng.sample(person_codes, rng.randint(1, min(3, people)))
        scene_list.append({
            "code": f"{index + 1:03d}", "title": f"Scene {index + 1}", "minutes": rng.choice([30, 45, 60, 90, 120]),
            "people": cast, "modules": rng.sample(module_codes, rng.randint(1, min(2, modules))),
            "priority": rng.randint(1, 10), "required": False, "earliest": None, "latest": None,
            "after": [], "light": "any", "window": False,
        })
    return {
        "format": "orbitfilm/production@1",
        "production": {
            "code": code, "title": f"Generated {code}", "station": station,
            "start": _stamp(START), "end": _stamp(START + timedelta(days=days)), "tle": None,
        },
        "modules": [
            {"code": module, "name": module.upper(), "segment": "ROS", "capacity": 3, "window": False, "closed": []}
            for module in module_codes
        ],
        "people": [
            {"code": person, "name": person.upper(), "role": "cosmonaut", "max_minutes_per_day": 240, "free": free}
            for person in person_codes
        ],
        "events": [],
        "scenes": scene_list,
        "pinned": [],
    }
