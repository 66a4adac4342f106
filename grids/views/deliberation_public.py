"""The deliberation hall's public pages (no account): a resident's proposal from the QR code,
its progress page by tracking code, and each community's list of projects (Decidim's
accountability view). No personal data: names and phones never appear, and free text that
residents typed goes through grids.masking.redact."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import CharField, DateField, OuterRef, Subquery
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_protect

from grids import ratelimit
from grids.actions.deliberation import is_resident_of, raise_matter, rate_matter
from grids.choices import PUBLIC_MATTER_STATUSES, AreaKind, MatterEventKind, MatterStatus
from grids.forms.deliberation import ResidentMatterForm
from grids.forms.public import RatingForm
from grids.masking import redact
from grids.models import Area, Matter, MatterPhoto, Milestone
from grids.models.requests import normalise_tracking_code
from grids.views.public import resident_submission

PROJECTS_PER_PAGE = 50

# What a resident reads per step: plain language, never who did it.
PUBLIC_STEP_TEXT = {
    MatterEventKind.RAISED: gettext_lazy("We received your proposal."),
    MatterEventKind.ACCEPTED: gettext_lazy("The grid accepted it for deliberation."),
    MatterEventKind.DECLINED: gettext_lazy("The grid declined it."),
    MatterEventKind.MERGED: gettext_lazy("It was merged with a matter raised before."),
    MatterEventKind.MEETING: gettext_lazy("The deliberation meeting met."),
    MatterEventKind.DECIDED: gettext_lazy("The meeting decided; the handling began."),
    MatterEventKind.MILESTONE: gettext_lazy("Progress was recorded."),
    MatterEventKind.DONE: gettext_lazy("The work is completed."),
    MatterEventKind.RATED: gettext_lazy("A resident rated the result."),
    MatterEventKind.CLOSED: gettext_lazy("The matter is closed."),
}


@csrf_protect
def propose(request: HttpRequest, token: str) -> HttpResponse:
    """提议事项: a resident proposes a matter for the grid deliberation hall."""
    return resident_submission(
        request,
        token,
        form_class=ResidentMatterForm,
        submit=lambda area, data: raise_matter(
            area=area,
            title=data["title"],
            description=data["description"],
            photos=data["photos"],
            resident_name=data["resident_name"],
            resident_phone=data["resident_phone"],
            anonymous=data["anonymous"],
        ),
        session_key="my_matters",
        template="grids/deliberation/public/propose.html",
    )


def _loop(matter: Matter) -> dict:
    """What every public page of one matter shows: redacted text, meetings, milestones."""
    meetings = [
        {
            "held_on": meeting.held_on,
            "kinds": meeting.attendee_kind_labels(),
            "decision": redact(meeting.decision),
            "responsible_bodies": redact(meeting.responsible_bodies),
            "budget": meeting.budget,
        }
        for meeting in matter.meetings.all()
    ]
    milestones = [
        {
            "reached_on": milestone.reached_on,
            "title": redact(milestone.title),
            "progress": milestone.progress,
            "reason": redact(milestone.reason),
            "photos": [photo.pk for photo in milestone.photos.all()] if matter.is_public else [],
        }
        for milestone in matter.milestones.prefetch_related("photos")
    ]
    ratings = list(matter.ratings.all())
    return {
        "matter": matter,
        "title": redact(matter.title),
        "description": redact(matter.description),
        "meetings": meetings,
        "milestones": milestones,
        "rating_count": len(ratings),
        "rating_mean": (sum(r.stars for r in ratings) / len(ratings)) if ratings else None,
        "comments": [redact(r.comment) for r in ratings if r.comment],
    }


@csrf_protect
def matter_track(request: HttpRequest, code: str) -> HttpResponse:
    """The raiser's page: where the matter stands, and 评事 once it is completed."""
    matter = (
        Matter.objects.filter(tracking_code=normalise_tracking_code(code))
        .select_related("area", "grid__parent", "merged_into")
        .first()
    )
    if matter is None:
        raise Http404
    rating_form = RatingForm()
    if request.method == "POST":
        if not ratelimit.allow_submission(request, f"rate-matter:{matter.tracking_code}"):
            return render(request, "grids/public/too_many.html", status=429)
        rating_form = RatingForm(request.POST)
        if rating_form.is_valid():
            try:
                rate_matter(
                    matter,
                    stars=rating_form.cleaned_data["rating"],
                    comment=rating_form.cleaned_data["comment"],
                    by_tracking_code=True,
                )
            except ValidationError as exc:
                rating_form.add_error(None, exc)
            else:
                messages.success(request, _("Thank you for your rating."))
                return redirect(matter.get_tracking_url())
    rated = matter.ratings.filter(by_tracking_code=True).first()
    steps = [
        {"at": event.at, "text": PUBLIC_STEP_TEXT[event.kind]}
        for event in matter.events.order_by("at", "pk")
    ]
    return render(
        request,
        "grids/deliberation/public/track.html",
        {
            **_loop(matter),
            "steps": steps,
            "rated": rated,
            "rating_form": rating_form,
            "just_filed": request.GET.get("new") == "1",
        },
        status=400 if rating_form.errors else 200,
    )


def _latest(field: str):
    """Subquery: `field` of the outer matter's latest milestone."""
    rows = Milestone.objects.filter(matter=OuterRef("pk")).order_by("-reached_on", "-pk")
    output = DateField() if field == "reached_on" else CharField()
    return Subquery(rows.values(field)[:1], output_field=output)


def project_list(request: HttpRequest, code: str) -> HttpResponse:
    """A community's projects: status, progress, latest milestone and dates, for anyone."""
    community = get_object_or_404(Area, code=code, kind=AreaKind.COMMUNITY)
    status = request.GET.get("status", "")
    projects = (
        Matter.objects.public()
        .of_community(community)
        .select_related("area")
        .annotate(latest_title=_latest("title"), latest_on=_latest("reached_on"))
        .order_by("-raised_at", "-pk")
    )
    if status and status in PUBLIC_MATTER_STATUSES:
        projects = projects.filter(status=status)
    elif status:
        status = ""
    page = Paginator(projects, PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {
            "matter": matter,
            "title": redact(matter.title),
            "latest": redact(matter.latest_title or ""),
            "latest_on": matter.latest_on,
        }
        for matter in page.object_list
    ]
    statuses = [(s.value, s.label) for s in MatterStatus if s in PUBLIC_MATTER_STATUSES]
    return render(
        request,
        "grids/deliberation/public/project_list.html",
        {
            "community": community,
            "rows": rows,
            "page": page,
            "status": status,
            "statuses": statuses,
            "done_count": Matter.objects.of_community(community)
            .filter(status__in=[MatterStatus.DONE, MatterStatus.CLOSED])
            .count(),
        },
    )


@csrf_protect
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One project's public page; a signed-in resident of the area may rate it once."""
    matter = get_object_or_404(
        Matter.objects.public().select_related("area", "grid__parent"), pk=pk
    )
    user = request.user
    may_rate = matter.can_be_rated and is_resident_of(user, matter.area)
    rating_form = RatingForm()
    if request.method == "POST":
        if not may_rate:
            raise Http404
        rating_form = RatingForm(request.POST)
        if rating_form.is_valid():
            try:
                rate_matter(
                    matter,
                    stars=rating_form.cleaned_data["rating"],
                    comment=rating_form.cleaned_data["comment"],
                    user=user,
                )
            except ValidationError as exc:
                rating_form.add_error(None, exc)
            else:
                messages.success(request, _("Thank you for your rating."))
                return redirect(matter.get_public_url())
    already = may_rate and matter.ratings.filter(user=user).exists()
    return render(
        request,
        "grids/deliberation/public/project_detail.html",
        {
            **_loop(matter),
            "rating_form": rating_form if may_rate and not already else None,
            "already_rated": already,
        },
        status=400 if rating_form.errors else 200,
    )


def project_photo(request: HttpRequest, pk: int) -> FileResponse:
    """A milestone's photo of a public project (the residents' own photos stay with staff)."""
    photo = get_object_or_404(
        MatterPhoto.objects.filter(
            milestone__isnull=False, matter__status__in=PUBLIC_MATTER_STATUSES
        ),
        pk=pk,
    )
    response = FileResponse(photo.image.open("rb"))
    response["Cache-Control"] = "public, max-age=3600"
    return response
