from django.urls import path

from .api import TimelineImportView

app_name = "crew_api"

urlpatterns = [
    path("<slug:station>/<slug:person>/ics/", TimelineImportView.as_view(), name="timeline_import"),
]
