from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "地域ケアネットワーク 管理画面"
admin.site.site_title = "ケアネット管理"
admin.site.index_title = "データの管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("salons/", include("salons.urls")),
    path("coordinators/", include("coordinators.urls")),
    path("events/", include("carenet.events.urls")),
    path("consult/", include("consultations.urls")),
    path("staff/", include("carenet.community.staff_urls")),
    path("staff/", include("consultations.staff_urls")),
    path("staff/", include("carenet.privacy.staff_urls")),
    path("", include("carenet.community.urls")),
    path("", include("salons.map_urls")),  # /map/, /salons.geojson: before front's <slug:slug>/
    path("", include("carenet.front.urls")),
]

# The database down (a session read in a middleware) gives the 503 page; anything else the 500 one.
handler500 = "carenet.front.unavailable.server_error"
