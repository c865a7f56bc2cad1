"""The product's two roles as Django groups: station operations keep station data, directors plan productions."""

from django.contrib.auth.models import Group, Permission

STATION_OPERATIONS = "station operations"
DIRECTORS = "directors"

STATION_MODELS = (
    "station", "module", "moduleclosure", "crewmember", "freewindow", "stationevent", "daytemplate", "daytemplateblock",
)
# A calendar URL can carry its owner's secret: station operations only, not even for directors to view.
SUBSCRIPTION_MODELS = ("timelinesubscription",)
PRODUCTION_MODELS = (
    "production", "rosterentry", "scene", "scenecast", "scenemodule", "scenepredecessor", "pin",
    "element", "sceneelement", "casting", "place",
)
PUBLISHED_MODELS = ("scheduleversion", "shoot", "unscheduledscene", "solverun")


def roles_ensure() -> None:
    """Create the two groups with their permissions (idempotent; run after every migrate).

    Station operations edit station data; directors read it, and edit productions and scenes (only their own,
    which the admin and views enforce row by row).
    """
    def perms(app: str, models: tuple[str, ...], actions: tuple[str, ...]) -> list[Permission]:
        codenames = [f"{action}_{model}" for model in models for action in actions]
        return list(Permission.objects.filter(content_type__app_label=app, codename__in=codenames))

    operations, _ = Group.objects.get_or_create(name=STATION_OPERATIONS)
    operations.permissions.set(perms("crew", STATION_MODELS + SUBSCRIPTION_MODELS, ("add", "change", "delete", "view")))
    directors, _ = Group.objects.get_or_create(name=DIRECTORS)
    directors.permissions.set(
        perms("crew", STATION_MODELS, ("view",))
        + perms("scheduling", PRODUCTION_MODELS, ("add", "change", "delete", "view"))
        + perms("scheduling", PUBLISHED_MODELS, ("view",))
    )
