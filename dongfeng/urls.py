from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from dongfeng import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page links; the icon is a static file.
    path("favicon.ico", views.favicon, name="favicon"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("dongfeng.overview.urls")),
    path("api/v1/", include("grids.api.urls")),
    path("api/v1/", include("disputes.api.urls")),
    path("api/v1/", include("publicity.api.urls")),
    path("api/v1/", include("patrols.api.urls")),
    path("api/v1/", include("dongfeng.report.api_urls")),
    path("open311/v2/", include("grids.open311.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/swagger_ui.html"
        ),
        name="api-docs",
    ),
    path("disputes/", include("disputes.urls")),
    path("publicity/", include("publicity.urls")),
    path("patrols/", include("patrols.urls")),
    path("report/", include("dongfeng.report.urls")),
    path("", include("grids.urls")),
]

handler404 = "dongfeng.views.page_not_found"
