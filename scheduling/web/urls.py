from django.urls import path

from . import views, views_breakdown, views_places, views_reports, views_runs, views_scenes, views_script, views_station, views_uss

app_name = "web"

urlpatterns = [
    path("", views.production_list, name="productions"),
    path("p/<slug:code>/", views.production_detail, name="production"),
    path("p/<slug:code>/stripboard/", views_scenes.stripboard, name="stripboard"),
    path("p/<slug:code>/script/", views_script.script_import, name="script_import"),
    path("p/<slug:code>/script/apply/", views_script.script_import_apply, name="script_import_apply"),
    path("p/<slug:code>/scenes/new/", views_scenes.scene_add, name="scene_add"),
    path("p/<slug:code>/scenes/<int:pk>/edit/", views_scenes.scene_edit, name="scene_edit"),
    path("p/<slug:code>/scenes/<int:pk>/pin/", views_scenes.scene_pin, name="scene_pin"),
    path("p/<slug:code>/scenes/<int:pk>/unpin/", views_scenes.scene_unpin, name="scene_unpin"),
    path("p/<slug:code>/scenes/<int:pk>/shot/", views_scenes.scene_shot, name="scene_shot"),
    path("p/<slug:code>/breakdown/", views_breakdown.breakdown, name="breakdown"),
    path("p/<slug:code>/breakdown/elements/new/", views_breakdown.element_add, name="element_add"),
    path("p/<slug:code>/breakdown/elements/<int:pk>/edit/", views_breakdown.element_edit, name="element_edit"),
    path("p/<slug:code>/breakdown/elements/<int:pk>/delete/", views_breakdown.element_delete, name="element_delete"),
    path("p/<slug:code>/breakdown/casting/", views_breakdown.casting, name="casting"),
    path("p/<slug:code>/breakdown/sheets/", views_breakdown.sheets, name="breakdown_sheets"),
    path("p/<slug:code>/breakdown/sheets.csv", views_breakdown.sheets_csv, name="breakdown_sheets_csv"),
    path("p/<slug:code>/breakdown/sheets/<int:pk>/", views_breakdown.sheets, name="breakdown_sheet"),
    path("p/<slug:code>/breakdown/sheets/<int:pk>.csv", views_breakdown.sheets_csv, name="breakdown_sheet_csv"),
    path("p/<slug:code>/breakdown/report/", views_breakdown.report, name="element_report"),
    path("p/<slug:code>/breakdown/report.csv", views_breakdown.report_csv, name="element_report_csv"),
    path("p/<slug:code>/places/", views_places.places, name="places"),
    path("p/<slug:code>/places/find/", views_places.place_find, name="place_find"),
    path("p/<slug:code>/places/fill/", views_places.place_fill, name="place_fill"),
    path("p/<slug:code>/places/<int:pk>/edit/", views_places.place_edit, name="place_edit"),
    path("p/<slug:code>/places/<int:pk>/delete/", views_places.place_remove, name="place_delete"),
    path("p/<slug:code>/runs/", views_runs.run_start, name="run_start"),
    path("p/<slug:code>/runs/<int:pk>/", views_runs.run_detail, name="run"),
    path("p/<slug:code>/runs/<int:pk>/progress/", views_runs.run_progress, name="run_progress"),
    path("p/<slug:code>/runs/<int:pk>/cancel/", views_runs.run_cancel, name="run_cancel"),
    path("p/<slug:code>/callsheet/", views_reports.callsheet, name="callsheet"),
    path("p/<slug:code>/dood/", views_reports.dood, name="dood"),
    path("p/<slug:code>/compare/", views_reports.compare, name="compare"),
    path("p/<slug:code>/versions/<int:number>/schedule.<str:fmt>", views_reports.export, name="export"),
    path("p/<slug:code>/uss/", views_uss.uss_download, name="uss"),
    path("station/<slug:code>/timeline/", views_station.station_timeline_page, name="station_timeline"),
]
