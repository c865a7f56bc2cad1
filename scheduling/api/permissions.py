"""Who may do what through the API: the rule of `scheduling.access`, asked by each view's permission classes.

Productions use ownership: a user sees only the productions they direct (superusers see all); anyone else's
production is a 404, so production codes do not leak. Writing to an owned production also needs the Django
model permission the view names (the "directors" group has them), so a director who lost their group reads
but cannot change. Station data uses Django model permissions, viewing included: the "directors" group can
view it, the "station operations" group can change it.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission, DjangoModelPermissions

from ..access import NotAllowed, production_write_check, station_write_check, station_writable


class _Refusal:
    """A permission whose refusal says why (DRF answers 403 with the instance's `message`)."""

    def refused(self, error: NotAllowed) -> bool:
        self.message = error.reason
        return False


class ProductionWrites(_Refusal, BasePermission):
    """Unsafe methods need every permission in the view's `write_permissions[method]`; a method a view names
    no permissions for is refused, so a new write cannot slip through unguarded.

    Checked before the production is looked up, so the answer (403) never depends on whether a code exists;
    `ProductionScoped` asks the same rule again with the production once it is found.
    """

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        needed = getattr(view, "write_permissions", {}).get(request.method)
        if needed is None:
            return self.refused(NotAllowed(f"{request.method} declares no permission here"))
        try:
            production_write_check(user=request.user, production=None, action=needed)
        except NotAllowed as error:
            return self.refused(error)
        return True


class StationDataPermissions(_Refusal, DjangoModelPermissions):
    """Django model permissions, with `view_*` required to read; writes asked of `station_write_check`."""

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS or not request.user.is_authenticated:
            return super().has_permission(request, view)
        model = self._queryset(view).model
        try:
            station_write_check(user=request.user, action=self.get_required_permissions(request.method, model))
        except NotAllowed as error:
            return self.refused(error)
        return True


class ManagesCalendarFeeds(BasePermission):
    """Calendar feeds hand out a crew member's schedule, so only those who may change crew members manage them."""

    message = "Only station operations manage calendar feeds."

    def has_permission(self, request, view) -> bool:
        return station_writable(user=request.user, action="crew.change_crewmember")


class ImportsTimelines(BasePermission):
    message = "Only station operations import crew timelines (your account lacks crew.change_crewmember)."

    def has_permission(self, request, view) -> bool:
        return station_writable(user=request.user, action="crew.change_crewmember")
