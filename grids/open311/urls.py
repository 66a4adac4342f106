"""Open311 GeoReport v2 under /open311/v2/: every resource ends in .json or .xml."""

from django.urls import re_path

from grids.open311 import views as open311

app_name = "open311"

FMT = r"\.(?P<fmt>[A-Za-z0-9]{1,20})$"

urlpatterns = [
    re_path(r"^discovery" + FMT, open311.discovery, name="discovery"),
    re_path(r"^services" + FMT, open311.service_list, name="services"),
    re_path(
        r"^services/(?P<code>[A-Za-z0-9_-]{1,64})" + FMT,
        open311.service_definition,
        name="service_definition",
    ),
    re_path(r"^requests" + FMT, open311.service_requests, name="requests"),
    re_path(
        r"^requests/(?P<request_id>[A-Za-z0-9-]{1,64})" + FMT,
        open311.service_request,
        name="request",
    ),
    re_path(r"^tokens/(?P<token>[A-Za-z0-9-]{1,64})" + FMT, open311.token_detail, name="token"),
    # Anything else under the prefix answers the spec's 404 error list.
    re_path(r"^(?P<path>.*)$", open311.not_found, name="not_found"),
]
