"""Shapes of stay: how the generator draws an instance beyond its size (days, scenes, people, modules).

A shape changes one thing a real stay may have more or less of, so a benchmark over every shape and many seeds
shows how the engine holds up on stays it was never tuned on:

- `plain`: the generator as it always was (slack of 0 to 60 min around the planted shoots, a quarter of the
  crew's empty free windows kept), the shape the earlier figures were measured on;
- `tight`: 10 min of slack at each end of a free window's planted shoots, and one decoy free window a day per
  person (free time nothing was planted in);
- `loose`: 30 min of slack and three decoy windows a day: more room, and many more places to go wrong;
- `crowd`: 20 people and 14 modules, whatever the size says;
- `lean`: 8 people and 6 modules;
- `dark`: no orbital light (no day or night scenes, no TLE);
- `equipment`: limited elements, a single camera most scenes need (`generator.EQUIPMENT`), over
  `EQUIPMENT_SCENE_SHARE` of the size's scenes;
- `orbit`: about one orbit-aware shot a day (Earth views by day and by night, live links, sunrises and
  sunsets over `bench.geometry_bench.PLACES`), planted in the crew's own free time between the other shoots;
- `overfull`: the planted stay plus 20% more scenes, each with the cast of a planted one and fitting where it
  fits, so they compete for the same people: not everything can be shot and the optimum is unknown (the
  planted schedule is a lower bound, the engine's bound an upper one).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

PLAIN_SLACK = (0, 0, 15, 30, 60)  # minutes of spare free time kept at each end, drawn per window
PLAIN_EMPTY_WINDOWS = 0.25  # share of the crew's free windows without a planted shoot that are kept
# One camera films one scene at a time while a crew shoots several at once: the equipment shape plants this
# share of the size's scenes, so that most of them can need the camera in the crew's free time.
EQUIPMENT_SCENE_SHARE = 0.6
OVERFULL_SHARE = 0.2  # extra competing scenes, as a share of the planted ones


@dataclass(frozen=True)
class Shape:
    name: str
    slack: tuple[int, ...] = PLAIN_SLACK
    empty_windows: float = PLAIN_EMPTY_WINDOWS
    decoy_windows: int = 0  # extra free windows a day per person, with nothing planted in them
    people: int | None = None  # instead of the size's
    modules: int | None = None
    light: bool | None = None
    equipment: bool = False
    orbit: bool = False
    overfull: float = 0.0

    def resize(self, size):
        """The size as this shape draws it."""
        return replace(
            size,
            people=self.people or size.people,
            modules=self.modules or size.modules,
            light=size.light if self.light is None else self.light,
            scenes=round(size.scenes * EQUIPMENT_SCENE_SHARE) if self.equipment else size.scenes,
        )


SHAPES = {shape.name: shape for shape in (
    Shape("plain"),
    Shape("tight", slack=(10,), decoy_windows=1),
    Shape("loose", slack=(30,), decoy_windows=3),
    Shape("crowd", people=20, modules=14),
    Shape("lean", people=8, modules=6),
    Shape("dark", light=False),
    Shape("equipment", equipment=True),
    Shape("orbit", orbit=True),
    Shape("overfull", overfull=OVERFULL_SHARE),
)}


def shape_named(name: str) -> Shape:
    if name not in SHAPES:
        raise ValueError(f'unknown shape "{name}"; choose one of {", ".join(SHAPES)}')
    return SHAPES[name]
