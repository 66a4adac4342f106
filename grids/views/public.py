"""The resident's pages (no account): the QR form, the tracking page and its lookup."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from grids import ratelimit
from grids.actions.requests import rate_request, submit_request
from grids.choices import (
    PUBLIC_EVENT_TEXT,
    QR_KINDS,
    AreaKind,
    EventKind,
)
from grids.forms.public import RatingForm, ResidentRequestForm, TrackingLookupForm
from grids.models import Area, Matter, ServiceRequest
from grids.models.requests import normalise_tracking_code

# ---- public pages (no account) ---------------------------------------------------------


def _public_area(token: str) -> Area | None:
    return (
        Area.objects.filter(qr_token=token, kind__in=QR_KINDS)
        .select_related("parent__parent")
        .first()
    )


def community_code(area: Area) -> str:
    """The code of the community a grid or building lies in (its projects' list)."""
    return area.parent.code if area.kind == AreaKind.GRID else area.parent.parent.code


def resident_submission(
    request: HttpRequest,
    token: str,
    *,
    form_class,
    submit,
    session_key: str,
    template: str,
) -> HttpResponse:
    """A resident's form behind a QR code: the code's area (404 for an unknown code), the
    rate limit on posting (429), the form, `submit(area, cleaned_data)` (a ValidationError
    is the form's error), the new tracking code kept in the session (the 20 newest) and its
    tracking page. Bad input shows the form again with its errors and status 400."""
    area = _public_area(token)
    if area is None:
        return render(request, "grids/public/invalid_code.html", status=404)
    if request.method == "POST":
        if not ratelimit.allow_submission(request, token):
            return render(request, "grids/public/too_many.html", status=429)
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            try:
                made = submit(area, form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                mine = request.session.get(session_key, [])
                request.session[session_key] = [made.tracking_code, *mine][:20]
                return redirect(f"{made.get_tracking_url()}?new=1")
    else:
        form = form_class()
    return render(
        request,
        template,
        {"area": area, "form": form, "community_code": community_code(area)},
        status=400 if form.errors else 200,
    )


@csrf_protect
def resident_form(request: HttpRequest, token: str) -> HttpResponse:
    """What a resident sees after scanning the code on their building or grid board."""
    return resident_submission(
        request,
        token,
        form_class=ResidentRequestForm,
        submit=lambda area, data: submit_request(
            area=area,
            category=data["category"],
            description=data["description"],
            photo=data["photo"],
            resident_name=data["resident_name"],
            resident_phone=data["resident_phone"],
            anonymous=data["anonymous"],
        ),
        session_key="my_requests",
        template="grids/public/request_form.html",
    )


def _public_request(code: str) -> ServiceRequest:
    normalised = normalise_tracking_code(code)
    request_obj = (
        ServiceRequest.objects.filter(tracking_code=normalised)
        .select_related("category", "area", "grid")
        .first()
    )
    if request_obj is None:
        raise Http404
    return request_obj


def _public_event(event) -> dict:
    """A step as the resident reads it: a reply or the result in the worker's words, other
    steps in plain language; staff-only notes say only that there was progress."""
    if event.kind == EventKind.NOTE and event.public:
        return {"at": event.at, "text": _("Your grid worker replied:"), "reply": event.note}
    if event.kind == EventKind.RESOLVED and event.note:
        return {"at": event.at, "text": PUBLIC_EVENT_TEXT[event.kind], "reply": event.note}
    return {"at": event.at, "text": PUBLIC_EVENT_TEXT[event.kind], "reply": ""}


@csrf_protect
def track(request: HttpRequest, code: str) -> HttpResponse:
    """The resident's view: plain-language progress, the result, and 评单 once resolved."""
    request_obj = _public_request(code)
    rating_form = RatingForm()
    if request.method == "POST":
        if not ratelimit.allow_submission(request, f"rate:{request_obj.tracking_code}"):
            return render(request, "grids/public/too_many.html", status=429)
        rating_form = RatingForm(request.POST)
        if rating_form.is_valid():
            try:
                rate_request(
                    request_obj,
                    stars=rating_form.cleaned_data["rating"],
                    comment=rating_form.cleaned_data["comment"],
                )
            except ValidationError as exc:
                rating_form.add_error(None, exc)
            else:
                messages.success(request, _("Thank you for your rating."))
                return redirect(request_obj.get_tracking_url())
    events = [
        _public_event(event)
        for event in request_obj.events.exclude(kind=EventKind.OVERDUE).order_by("at", "pk")
    ]
    return render(
        request,
        "grids/public/track.html",
        {
            "req": request_obj,
            "events": events,
            "rating_form": rating_form,
            "just_filed": request.GET.get("new") == "1",
        },
        status=400 if rating_form.errors else 200,
    )


def track_lookup(request: HttpRequest) -> HttpResponse:
    form = TrackingLookupForm(request.GET or None)
    if form.is_valid():
        code = normalise_tracking_code(form.cleaned_data["code"])
        if ServiceRequest.objects.filter(tracking_code=code).exists():
            return redirect("grids:request_track", code=code)
        # A proposal for the deliberation hall has a tracking code of the same kind.
        if Matter.objects.filter(tracking_code=code).exists():
            return redirect("grids:matter_track", code=code)
        form.add_error("code", _("No request has this tracking code. Check it and try again."))
    return render(
        request,
        "grids/public/lookup.html",
        {"form": form, "mine": request.session.get("my_requests", [])},
    )


# ---- staff pages ------------------------------------------------------------------------
