"""The REST API, mounted at /api/ (see docs/api.md)."""

from csp.decorators import csp_update
from django.urls import path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from . import breakdown_views, check_views, move_views, place_views, schedule_views, script_views, station_views, timeline_views, uss_views, views


class Segment:
    """A path segment without NUL characters, which PostgreSQL cannot compare (so no lookup ever sees one)."""

    regex = "[^/\x00]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(Segment, "segment")

app_name = "api"

# The documentation pages are third-party (Swagger UI, Redoc): they put styles in <style> elements, and Redoc
# searches in a blob: worker. Those two pages alone get that much more than the site's policy allows.
third_party_docs = csp_update({"style-src-elem": ["'unsafe-inline'"], "worker-src": ["blob:"]})

production = "productions/<segment:code>/"
scene = production + "scenes/<segment:scene>/"
station = "stations/<segment:station>/"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file (`?script`): no inline script, as the CSP asks.
    path("docs/", third_party_docs(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    path("redoc/", third_party_docs(SpectacularRedocView.as_view(url_name="api:schema", template_name="scheduling/api/redoc.html")), name="redoc"),
    # productions
    path("productions/", views.ProductionListView.as_view(), name="production-list"),
    path("productions/import/", views.ProductionImportView.as_view(), name="production-import"),
    path(production, views.ProductionDetailView.as_view(), name="production-detail"),
    path(production + "file/", views.ProductionFileView.as_view(), name="production-file"),
    path(production + "script/", script_views.ScriptImportView.as_view(), name="script-import"),
    path(production + "scenes/", views.SceneListView.as_view(), name="scene-list"),
    path(scene, views.SceneDetailView.as_view(), name="scene-detail"),
    path(scene + "pin/", views.ScenePinView.as_view(), name="scene-pin"),
    path(scene + "shot/", views.SceneShotView.as_view(), name="scene-shot"),
    path(production + "elements/", breakdown_views.ElementListView.as_view(), name="element-list"),
    path(production + "elements/<segment:element>/", breakdown_views.ElementDetailView.as_view(), name="element-detail"),
    path(production + "casting/", breakdown_views.CastingView.as_view(), name="casting"),
    path(production + "places/", place_views.PlaceListView.as_view(), name="place-list"),
    path(production + "places/<segment:place>/", place_views.PlaceDetailView.as_view(), name="place-detail"),
    path(production + "solve-runs/", schedule_views.SolveRunListView.as_view(), name="solve-run-list"),
    path("solve-runs/<int:run_id>/", schedule_views.SolveRunDetailView.as_view(), name="solve-run-detail"),
    path("solve-runs/<int:run_id>/cancel/", schedule_views.SolveRunCancelView.as_view(), name="solve-run-cancel"),
    path(production + "versions/", schedule_views.ScheduleVersionListView.as_view(), name="version-list"),
    path(production + "versions/compare/", schedule_views.ScheduleCompareView.as_view(), name="version-compare"),
    path(production + "versions/<int:number>/", schedule_views.ScheduleVersionView.as_view(), name="version-detail"),
    path(production + "schedule/", schedule_views.ScheduleExportView.as_view(), name="schedule"),
    path(production + "conflicts/", check_views.ConflictsView.as_view(), name="conflicts"),
    path(production + "moves/", move_views.MovesView.as_view(), name="moves"),
    path(production + "versions/<int:number>/restore/", move_views.VersionRestoreView.as_view(), name="version-restore"),
    path(production + "uss/", uss_views.UssView.as_view(), name="uss"),
    # station data
    path("stations/", station_views.StationListView.as_view(), name="station-list"),
    path(station, station_views.StationDetailView.as_view(), name="station-detail"),
    path(station + "modules/", station_views.ModuleListView.as_view(), name="module-list"),
    path(station + "modules/<segment:module>/", station_views.ModuleDetailView.as_view(), name="module-detail"),
    path(station + "closures/", station_views.ClosureListView.as_view(), name="closure-list"),
    path(station + "closures/<int:closure>/", station_views.ClosureDetailView.as_view(), name="closure-detail"),
    path(station + "crew/", station_views.CrewListView.as_view(), name="crew-list"),
    path(station + "crew/<segment:person>/", station_views.CrewDetailView.as_view(), name="crew-detail"),
    path(station + "events/", station_views.StationEventListView.as_view(), name="event-list"),
    path(station + "events/<segment:event>/", station_views.StationEventDetailView.as_view(), name="event-detail"),
    # calendar feeds
    path(station + "crew/<segment:person>/feeds/", station_views.CalendarFeedListView.as_view(), name="calendar-feed-list"),
    path("feeds/<int:feed_id>/", station_views.CalendarFeedRevokeView.as_view(), name="calendar-feed-revoke"),
    path("calendar/<segment:token>.ics", station_views.CalendarView.as_view(), name="calendar-feed"),
    # crew timelines (.ics) as free windows
    path("timelines/<slug:station>/<slug:person>/ics/", timeline_views.TimelineImportView.as_view(), name="timeline-import"),
    path(station + "crew/<segment:person>/subscription/", timeline_views.TimelineSubscriptionView.as_view(),
         name="timeline-subscription"),
    path(station + "crew/<segment:person>/subscription/fetch/", timeline_views.TimelineSubscriptionFetchView.as_view(),
         name="timeline-subscription-fetch"),
]
