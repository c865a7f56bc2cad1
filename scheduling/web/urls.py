from django.urls import path

from . import views, views_board, views_places, views_reports, views_runs, views_scenes, views_station, views_uss

app_name = "web"

urlpatterns = [
    path("", views.production_list, name="productions"),
    path("p/<slug:code>/", views.production_detail, name="production"),
    path("p/<slug:code>/stripboard/", views_scenes.stripboard, name="stripboard"),
    path("p/<slug:code>/scenes/new/", views_scenes.scene_add, name="scene_add"),
    path("p/<slug:code>/scenes/<int:pk>/edit/", views_scenes.scene_edit, name="scene_edit"),
    path("p/<slug:code>/scenes/<int:pk>/pin/", views_scenes.scene_pin, name="scene_pin"),
    path("p/<slug:code>/scenes/<int:pk>/unpin/", views_scenes.scene_unpin, name="scene_unpin"),
    path("p/<slug:code>/scenes/<int:pk>/shot/", views_scenes.scene_shot, name="scene_shot"),
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
    # the board: hand moves, the draft, undo and redo, restoring a version, deleting a scene
    path("p/<slug:code>/board/check/", views_board.board_check, name="board_check"),
    path("p/<slug:code>/board/move/", views_board.board_move, name="board_move"),
    path("p/<slug:code>/board/publish/", views_board.board_publish, name="board_publish"),
    path("p/<slug:code>/board/discard/", views_board.board_discard, name="board_discard"),
    path("p/<slug:code>/board/undo/", views_board.board_undo, name="board_undo"),
    path("p/<slug:code>/board/redo/", views_board.board_redo, name="board_redo"),
    path("p/<slug:code>/scenes/<int:pk>/delete/", views_board.scene_delete_view, name="scene_delete"),
    path("p/<slug:code>/versions/<int:number>/restore/", views_board.version_restore_view, name="version_restore"),
]
