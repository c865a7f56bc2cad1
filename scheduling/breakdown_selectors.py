"""Reads of a production's breakdown: its elements as file entries and with the scenes that use them, and its
casting as the industry's numbered cast list ("1. ZHENYA — Yulia Peresild")."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from .models import Casting, Element, Production, SceneElement


def element_entry(*, element: Element) -> dict:
    """The element as a production file's `elements` entry."""
    return {"code": element.code, "name": element.name, "category": element.category, "quantity": element.quantity}


def casting_entries(*, production: Production) -> list[dict]:
    """The production's `casting` list as a production file writes it."""
    return [
        {"character": cast.character, "person": cast.person.code}
        for cast in production.casting.select_related("person").order_by("position", "id")
    ]


def elements_listing(*, production: Production) -> QuerySet:
    """The production's elements in file order, each with `uses`: the scene links that list it (with their
    `count` and `scene`), in stripboard order."""
    uses = SceneElement.objects.select_related("scene").order_by("scene__position", "scene__id")
    return production.elements.prefetch_related(Prefetch("scene_links", queryset=uses, to_attr="uses")).order_by("position", "id")


def element_visible(*, production: Production, code: str) -> Element | None:
    return elements_listing(production=production).filter(code=code).first()


@dataclass(frozen=True)
class CastMember:
    """One line of the cast list: the cast number is the character's place in the production's casting."""

    number: int
    character: str
    person: str  # person code
    name: str  # the person's name (their code when they have none)

    def __str__(self) -> str:
        return f"{self.number}. {self.character} — {self.name}"


@dataclass(frozen=True)
class CastList:
    members: tuple[CastMember, ...]

    def playing(self, person: str) -> list[CastMember]:
        """The characters a person plays, by cast number."""
        return [member for member in self.members if member.person == person]

    def label(self, person: str, name: str) -> str:
        """How a person is listed: "1. ZHENYA — Yulia Peresild", "3. COMMANDER, 6. PILOT — Anton Shkaplerov"
        for two characters, the name alone for someone the casting does not name."""
        characters = self.playing(person)
        if not characters:
            return name
        return ", ".join(f"{member.number}. {member.character}" for member in characters) + f" — {name}"

    def labels(self, people) -> dict[str, str]:
        """`label` of each of the crew members `people`, by person code."""
        return {member.code: self.label(member.code, member.name or member.code) for member in people}

    def numbers(self, person: str) -> list[int]:
        return [member.number for member in self.playing(person)]

    def order(self, person: str) -> tuple[int, int]:
        """A sort key that puts people in cast-number order, and those not cast after them."""
        numbers = self.numbers(person)
        return (0, numbers[0]) if numbers else (1, 0)


def cast_list(*, production: Production) -> CastList:
    casting = Casting.objects.filter(production=production).select_related("person").order_by("position", "id")
    return CastList(tuple(
        CastMember(number, cast.character, cast.person.code, cast.person.name or cast.person.code)
        for number, cast in enumerate(casting, start=1)
    ))
