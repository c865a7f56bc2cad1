from django.urls import path

from . import views

app_name = "crew"

urlpatterns = [
    path("<slug:code>/timeline/", views.station_timeline_page, name="station_timeline"),
]
