"""The people search behind the dispute parties' picker: people the user may see, by name."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from disputes.forms.base import person_label
from grids.models import Person

SHOWN = 20


@require_GET
@login_required
def person_search(request: HttpRequest) -> JsonResponse:
    """?q=张 → {"results": [{"id": 7, "label": "张三 · 东风社区 · 第一网格 · 1号楼 301"}]}.

    Only people visible to the user (their subtree), at most SHOWN, by name or room."""
    query = request.GET.get("q", "").strip()[:50]
    if not query:
        return JsonResponse({"results": []})
    people = (
        Person.objects.visible_to(request.user)
        .filter(name__icontains=query)
        .select_related("area")
        .order_by("name", "pk")[:SHOWN]
    )
    response = JsonResponse({"results": [{"id": p.pk, "label": person_label(p)} for p in people]})
    response["Cache-Control"] = "private, no-store"
    return response
