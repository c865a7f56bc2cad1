"""Who may write what: the one rule that the web pages, the API and the admin all ask before they write.

- A production, and everything in it (scenes, pins, solve runs, its breakdown and places), is written only by
  its director (a superuser: any), and only while they hold the Django model permission for the action: the
  "directors" group has them (scheduling/roles.py), so a director taken out of the group still reads their
  productions but changes nothing.
- Station data (crew/) is written by whoever holds its model permissions: the "station operations" group.

Callers first look the production up among those the user may see (anyone else's is a 404, exactly as for a
code that does not exist, so nobody learns that it exists), then ask `production_write_check`, which raises
`NotAllowed` saying why: the web answers 403 with that reason, the API 403 with `{"errors": [...]}`, the
admin refuses (`production_writable` is the same rule as a yes or no).

`PRODUCTION_PATHS` says how each production-owned model reaches its production, so querysets and choices of
any of them can be limited to the user's own (`owned_by`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.db.models import Model, QuerySet

from core.errors import DomainError

from . import models as scheduling
from .roles import DIRECTORS, STATION_OPERATIONS

# The lookup from each production-owned model to its production ("" for Production itself).
PRODUCTION_PATHS: dict[type[Model], str] = {
    scheduling.Production: "",
    **dict.fromkeys((
        scheduling.RosterEntry, scheduling.Scene, scheduling.Element, scheduling.Casting, scheduling.Place,
        scheduling.ScheduleVersion, scheduling.SolveRun, scheduling.ScriptImport, scheduling.ScriptUpload,
    ), "production"),
    **dict.fromkeys((
        scheduling.SceneCast, scheduling.SceneModule, scheduling.ScenePredecessor, scheduling.SceneElement, scheduling.Pin,
    ), "scene__production"),
    scheduling.Shoot: "version__production", scheduling.UnscheduledScene: "version__production",
    scheduling.SolveProgress: "solve_run__production",
}


class NotAllowed(DomainError):
    """The user may not make this change; the message says why, in words they can take to an administrator."""

    @property
    def reason(self) -> str:
        """The message as a sentence, for a 403 page or body."""
        return f"{self.message[0].upper()}{self.message[1:]}."


def production_write_check(*, user, production: scheduling.Production | None, action: str | Iterable[str]) -> None:
    """Raise `NotAllowed` unless `user` may do `action` (one or more permissions, e.g. "scheduling.add_scene")
    to `production`. With `production` None only the permission is checked: before any production is known
    (an import that creates one), or before it is looked up (the API, so that its answer never depends on
    whether a code exists)."""
    _permissions_check(user, action, group=DIRECTORS)
    if production is not None and not (user.is_superuser or production.director_id == user.pk):
        raise NotAllowed("only the production's director may change it")


def production_writable(*, user, production: scheduling.Production | None, action: str | Iterable[str]) -> bool:
    return _passes(production_write_check, user=user, production=production, action=action)


def station_write_check(*, user, action: str | Iterable[str]) -> None:
    """Raise `NotAllowed` unless `user` holds every station-data permission of `action` (e.g.
    "crew.change_crewmember")."""
    _permissions_check(user, action, group=STATION_OPERATIONS)


def station_writable(*, user, action: str | Iterable[str]) -> bool:
    return _passes(station_write_check, user=user, action=action)


def owned_by(queryset: QuerySet, user) -> QuerySet:
    """The rows of a production-owned model's queryset that belong to productions `user` directs (all of them
    for a superuser)."""
    if user.is_superuser:
        return queryset
    path = PRODUCTION_PATHS[queryset.model]
    return queryset.filter(**{f"{path}__director" if path else "director": user})


def production_of(instance: Model) -> scheduling.Production | None:
    """The production a production-owned object belongs to (None while it has none yet)."""
    path = PRODUCTION_PATHS[type(instance)]
    for step in path.split("__") if path else ():
        instance = getattr(instance, step, None)
        if instance is None:
            return None
    return instance


def _passes(check, **arguments) -> bool:
    try:
        check(**arguments)
    except NotAllowed:
        return False
    return True


def _permissions_check(user, action: str | Iterable[str], *, group: str) -> None:
    """Every permission of `action`, or NotAllowed naming the first missing and the group that has it."""
    if not user.is_authenticated:
        raise NotAllowed("log in first")
    for permission in (action,) if isinstance(action, str) else tuple(action):
        if not user.has_perm(permission):
            raise NotAllowed(
                f"your account may not {_permission_words(permission)} (it lacks {permission}); "
                f'ask an administrator to add you to the "{group}" group'
            )


def _permission_words(permission: str) -> str:
    """ "scheduling.add_scene" as "add scenes"."""
    app_label, codename = permission.split(".", 1)
    verb, _, model_name = codename.partition("_")
    try:
        noun = apps.get_model(app_label, model_name)._meta.verbose_name_plural
    except LookupError:
        noun = model_name
    return f"{verb} {noun}"
