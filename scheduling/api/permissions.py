"""Who may do what through the API.

Productions use ownership: a user sees only the productions they direct (superusers see all); anyone else's
production is a 404, so production codes do not leak. Writing to an owned production also needs the Django
model permission the view names (the "directors" group has them), so a director who lost their group reads
but cannot change. Station data uses Django model permissions, viewing included: the "directors" group can
view it, the "station operations" group can change it.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission, DjangoModelPermissions


class ProductionWrites(BasePermission):
    """Unsafe methods need every permission in the view's `write_permissions[method]`.

    Checked before the production is looked up, so the answer (403) never depends on whether a code exists.
    """

    message = "You may read this production but not change it (your account lacks the permission)."

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        needed = getattr(view, "write_permissions", {}).get(request.method, ())
        return request.user.has_perms(needed)


class StationDataPermissions(DjangoModelPermissions):
    """Django model permissions, with `view_*` required to read."""

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }


class ManagesCalendarFeeds(BasePermission):
    """Calendar feeds hand out a crew member's schedule, so only those who may change crew members manage them."""

    message = "Only station operations manage calendar feeds."

    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("crew.change_crewmember")


class ImportsTimelines(BasePermission):
    message = "Only station operations import crew timelines (your account lacks crew.change_crewmember)."

    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("crew.change_crewmember")
