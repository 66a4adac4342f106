"""The project's URLs plus `/bench/trivial`, a view that does no query and renders nothing."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from dongfeng.urls import urlpatterns as project_urlpatterns


def trivial(request: HttpRequest) -> HttpResponse:
    """The floor: gunicorn, the middleware stack and routing, nothing else."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial", trivial, name="bench_trivial"), *project_urlpatterns]
