"""QR codes of grids and buildings: images, a printable poster, a community's print run."""

import io

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from grids.choices import (
    AreaKind,
)
from grids.models import Area


def _public_url(request: HttpRequest, area: Area) -> str:
    path = reverse("grids:resident_form", kwargs={"token": area.qr_token})
    return (
        f"{settings.PUBLIC_BASE_URL}{path}"
        if settings.PUBLIC_BASE_URL
        else request.build_absolute_uri(path)
    )


def _qr_area(request: HttpRequest, code: str) -> Area:
    area = get_object_or_404(Area.objects.visible_to(request.user), code=code)
    if not area.has_qr:
        raise Http404
    return area


@login_required
def qr_image(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    area = _qr_area(request, code)
    qr = segno.make(_public_url(request, area), error="m")
    buffer = io.BytesIO()
    if kind == "svg":
        qr.save(buffer, kind="svg", scale=8, border=2, xmldecl=False)
        content_type = "image/svg+xml"
    else:
        qr.save(buffer, kind="png", scale=12, border=2)
        content_type = "image/png"
    response = HttpResponse(buffer.getvalue(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="qr-{area.code}.{kind}"'
    return response


def _poster(request: HttpRequest, area: Area) -> dict:
    url = _public_url(request, area)
    return {
        "area": area,
        "url": url,
        "svg": segno.make(url, error="m").svg_inline(border=2, omitsize=True),
    }


@login_required
def qr_poster(request: HttpRequest, code: str) -> HttpResponse:
    area = _qr_area(request, code)
    return render(
        request,
        "grids/qr/qr_posters.html",
        {"posters": [_poster(request, area)], "title": area.name},
    )


@login_required
def qr_print_run(request: HttpRequest, code: str) -> HttpResponse:
    """One poster per page for every grid and building under an area (a community's print run)."""
    root = get_object_or_404(Area.objects.visible_to(request.user), code=code)
    areas = (
        Area.objects.visible_to(request.user)
        .within(root)
        .filter(kind__in=[AreaKind.GRID, AreaKind.BUILDING])
        .select_related("parent")
        .order_by("lft")
    )
    return render(
        request,
        "grids/qr/qr_posters.html",
        {"posters": [_poster(request, area) for area in areas], "title": root.name},
    )
