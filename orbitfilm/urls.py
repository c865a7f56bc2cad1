from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/timelines/", include("crew.api_urls")),
    path("api/", include("scheduling.api.urls")),
    path("station/", include("crew.urls")),
    path("", include("scheduling.web.urls")),
]
