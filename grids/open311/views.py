"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) for the city hub (12345 hotline).

How the portal maps onto the spec:

- service            = an active RequestCategory; service_code is its `code`. No category needs
                       extra attributes, so metadata is false and every definition's attribute
                       list is empty. Requests are filed synchronously: type is "realtime".
- service request    = a ServiceRequest. service_request_id is its tracking code, never the
                       database key; a token is the same code (tokens/{code} answers at once).
- status             = "open" for new, accepted, escalated and deferred; "closed" for resolved
                       and rejected. status_notes is the portal's own label of the status.
- address_id         = an Area code. A POST must name a grid or a building (the portal routes
                       by area); address is the area's name, agency_responsible the community
                       and grid that answer for it ("东风社区 第一网格").
- requested_datetime = created_at; updated_datetime = the latest event (a rating left after
                       closing does not count, so a closed request shows when it was closed);
                       expected_datetime = the acceptance deadline (2 hours) while the request
                       waits for a worker, the resolve deadline after that. All are given in
                       Asia/Shanghai with their offset: 2026-11-26T18:00:00+08:00.

Every resource is served as .json or .xml. discovery, services and services/{code} are
public. A resident's request is theirs to read, on the portal with its tracking code, so
every resource about requests wants an api_key, an active and not revoked Open311Client's:
GET (and HEAD) requests, requests/{id} and tokens/{token} take it as the query argument
api_key (the spec allows api_key on any call), POST requests in the form body only; that view
is exempt from CSRF for this reason. The key is checked before any id or other argument, so
without a valid one even an unknown id is a 403: nothing tells which ids exist. Even a partner
system gets no resident's name or phone, and phone and ID numbers typed into a description
are masked. GET requests lists at most 1000, newest first, filed within at most 90 days (the
last 90 by default). Errors are the spec's list, [{"code": 400, "description": "..."}] or
<errors><error>…</error></errors>, with HTTP 400, 403 or 404 (405 for a wrong method).
"""

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from grids.actions.requests import submit_request
from grids.choices import (
    AWAITING_ACCEPTANCE,
    OPEN_STATUSES,
    EventKind,
    RequestSource,
    RequestStatus,
)
from grids.masking import redact
from grids.models import Area, Open311Client, RequestCategory, RequestEvent, ServiceRequest
from grids.models.requests import normalise_tracking_code

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-26"  # bump when the service list or the definitions change shape
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
MIME_TYPES = ["text/xml", "application/json"]
WINDOW = timedelta(days=90)  # the spec's default and largest date range
MAX_REQUESTS = 1000  # the spec's "first 1000 requests"
MAX_DESCRIPTION = 2000  # ServiceRequest.description's max_length
STATUS_GROUPS = {
    "open": OPEN_STATUSES,
    "closed": frozenset(RequestStatus.values) - OPEN_STATUSES,
}
# ServiceRequest fields named by a ValidationError → the Open311 argument the client sent.
ARGUMENT_OF_FIELD = {
    "area": "address_id",
    "grid": "address_id",
    "category": "service_code",
    "description": "description",
    "resident_name": "first_name/last_name",
    "resident_phone": "phone",
}
# XML: the element each item of a list becomes (JSON keeps the list, per the Spark convention).
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
}
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# An unencoded "+" in a query string arrives as a space: 2026-01-01T00:00:00 08:00.
_OFFSET_AS_SPACE = re.compile(r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$")


# ---- documents, errors and rendering ---------------------------------------------------


@dataclass(frozen=True)
class Document:
    """What a view answers: the XML root element's name, the body, the HTTP status."""

    root: str
    body: dict[str, Any] | list[Any]
    status: int = 200


class Open311Error(Exception):
    """Ends a view with the spec's error list; one description per problem."""

    def __init__(self, status: int, *descriptions: str) -> None:
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = descriptions

    def document(self) -> Document:
        errors = [{"code": self.status, "description": text} for text in self.descriptions]
        return Document("errors", errors, self.status)


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, dict):
        for tag, child in value.items():
            _fill(ET.SubElement(element, tag), child)
    elif isinstance(value, list):
        for child in value:
            _fill(ET.SubElement(element, ITEM_TAGS[element.tag]), child)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:  # None stays an empty element, JSON's null
        element.text = _XML_ILLEGAL.sub("", str(value))


def render_xml(document: Document) -> bytes:
    root = ET.Element(document.root)
    _fill(root, document.body)
    return XML_DECLARATION + ET.tostring(root, encoding="unicode").encode()


def render(document: Document, fmt: str) -> HttpResponse:
    if fmt == "xml":
        content = render_xml(document)
    else:
        content = json.dumps(document.body, ensure_ascii=False).encode()
    return HttpResponse(content, status=document.status, content_type=CONTENT_TYPES[fmt])


View = Callable[..., Document]


def open311_endpoint(*methods: str) -> Callable[[View], Callable[..., HttpResponse]]:
    """Turn a view returning a Document into one answering .json or .xml, errors included."""

    def decorate(view: View) -> Callable[..., HttpResponse]:
        @wraps(view)
        def endpoint(request: HttpRequest, fmt: str, **kwargs: str) -> HttpResponse:
            fmt = fmt.lower()
            if fmt not in CONTENT_TYPES:
                message = _("Unknown format “%(fmt)s”: use .json or .xml.") % {"fmt": fmt[:20]}
                return render(Open311Error(400, message).document(), "json")
            if request.method not in methods:
                error = Open311Error(405, _("Use %(methods)s.") % {"methods": ", ".join(methods)})
                response = render(error.document(), fmt)
                response["Allow"] = ", ".join(methods)
                return response
            try:
                document = view(request, **kwargs)
            except Open311Error as error:
                document = error.document()
            except (SuspiciousOperation, MultiPartParserError):
                # Too large, too many fields, a forged Host: Django's own 400, as a list.
                document = Open311Error(400, _("The request could not be read.")).document()
            return render(document, fmt)

        return endpoint

    return decorate


def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    """Any other address under the prefix: the spec's 404 rather than an HTML page."""
    fmt = "xml" if request.path.lower().endswith(".xml") else "json"
    return render(Open311Error(404, _("There is no such Open311 resource.")).document(), fmt)


# ---- arguments -------------------------------------------------------------------------


def _authenticate(params: QueryDict) -> Open311Client:
    """The Open311Client whose api_key is in params: the query string for GET, the form for POST.

    Read before any other argument, so a caller without a valid key learns nothing, not even
    whether an id exists. A NUL in the key is simply a wrong key (it is only hashed).
    """
    raw_key = params.get("api_key", "").strip()
    if not raw_key:
        raise Open311Error(403, _("api_key is missing."))
    client = Open311Client.authenticate(raw_key)  # active and not revoked
    if client is None:
        raise Open311Error(403, _("Invalid api_key received."))
    return client


def _param(params: QueryDict, name: str) -> str:
    """One argument, stripped; empty counts as absent, as the spec's optional arguments do."""
    value = params.get(name, "")
    if "\x00" in value:  # PostgreSQL refuses NUL in text
        raise Open311Error(400, _("%(name)s contains a NUL character.") % {"name": name})
    return value.strip()


def _list_param(params: QueryDict, name: str) -> list[str]:
    """A comma-separated argument, which may also be given several times; no duplicates."""
    values: list[str] = []
    for raw in params.getlist(name):
        if "\x00" in raw:
            raise Open311Error(400, _("%(name)s contains a NUL character.") % {"name": name})
        values.extend(part.strip() for part in raw.split(","))
    return list(dict.fromkeys(value for value in values if value))


def _date_param(params: QueryDict, name: str) -> datetime | None:
    raw = _OFFSET_AS_SPACE.sub(r"\1+\2", _param(params, name))
    if not raw:
        return None
    try:
        value = parse_datetime(raw)
    except ValueError:  # well-formed but impossible: month 13, offset +25:00
        value = None
    if value is None:
        raise Open311Error(
            400,
            _("%(name)s must be an ISO 8601 date and time, e.g. 2026-11-01T00:00:00+08:00.")
            % {"name": name},
        )
    if timezone.is_naive(value):
        value = timezone.make_aware(value)  # no offset given: Asia/Shanghai
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise Open311Error(400, _("%(name)s is out of range.") % {"name": name}) from None


def _date_window(start: datetime | None, end: datetime | None) -> tuple[datetime, datetime]:
    """The spec's range: at most 90 days; the most recent 90 when neither end is given."""
    try:
        if start is None and end is None:
            end = timezone.now()
        if start is None:
            start = end - WINDOW
        if end is None:
            end = start + WINDOW
    except OverflowError:
        raise Open311Error(400, _("start_date or end_date is out of range.")) from None
    if end < start:
        raise Open311Error(400, _("end_date is before start_date."))
    if end - start > WINDOW:
        raise Open311Error(400, _("start_date and end_date may not span more than 90 days."))
    return start, end


def _status_filter(values: list[str]) -> set[str]:
    unknown = [value for value in values if value not in STATUS_GROUPS]
    if unknown:
        raise Open311Error(400, _("status must be open or closed."))
    return {status for value in values for status in STATUS_GROUPS[value]}


# ---- representations -------------------------------------------------------------------


def w3_datetime(value: datetime) -> str:
    """ISO 8601 with the offset, in the portal's time zone: 2026-11-26T18:00:00+08:00."""
    return timezone.localtime(value).isoformat(timespec="seconds")


def _keywords(category: RequestCategory) -> str:
    words = [category.name, *re.split(r"[、，,；;\s]+", category.description)]
    return ", ".join(dict.fromkeys(word for word in words if word))


def _service_notice(category: RequestCategory) -> str:
    return _(
        "A grid worker accepts the request within %(minutes)s minutes; "
        "it is to be resolved within %(hours)s hours."
    ) % {"minutes": category.response_minutes, "hours": category.resolve_hours}


def _service(category: RequestCategory) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": False,
        "type": "realtime",
        "keywords": _keywords(category),
        "group": _("Resident requests"),
    }


def _agency(grid: Area) -> str:
    return f"{grid.parent.name} {grid.name}" if grid.parent_id else grid.name


def _expected(request: ServiceRequest) -> datetime:
    if request.status in AWAITING_ACCEPTANCE:
        return request.response_due_at
    return request.resolve_due_at


def _service_request(request: ServiceRequest) -> dict[str, Any]:
    """A request with the spec's field names; nothing about the resident who filed it."""
    updated = getattr(request, "last_event_at", None) or request.created_at
    return {
        "service_request_id": request.tracking_code,
        "status": "open" if request.status in OPEN_STATUSES else "closed",
        "status_notes": str(RequestStatus(request.status).label),
        "service_name": request.category.name,
        "service_code": request.category.code,
        "description": redact(request.description),
        "agency_responsible": _agency(request.grid),
        "service_notice": _service_notice(request.category),
        "requested_datetime": w3_datetime(request.created_at),
        "updated_datetime": w3_datetime(updated),
        "expected_datetime": w3_datetime(_expected(request)),
        "address": request.area.name,
        "address_id": request.area.code,
        "zipcode": "",
        "lat": None,
        "long": None,
        "media_url": "",
    }


def _requests() -> QuerySet[ServiceRequest]:
    last_event = (
        RequestEvent.objects.filter(request=OuterRef("pk"))
        .exclude(kind=EventKind.RATED)
        .order_by("-at")
        .values("at")[:1]
    )
    return ServiceRequest.objects.select_related("category", "area", "grid__parent").annotate(
        last_event_at=Subquery(last_event)
    )


def _category(code: str) -> RequestCategory:
    category = RequestCategory.objects.filter(code=code[:64], is_active=True).first()
    if category is None:
        message = _("No service has the service_code %(code)s.") % {"code": code[:64]}
        raise Open311Error(404, message)
    return category


def _find_request(code: str) -> ServiceRequest:
    found = _requests().filter(tracking_code=normalise_tracking_code(code)).first()
    if found is None:
        raise Open311Error(404, _("No service request has the id %(id)s.") % {"id": code[:64]})
    return found


# ---- GET views (requests and tokens want an api_key) -----------------------------------


def _endpoint_url(request: HttpRequest) -> str:
    path = reverse("open311:services", kwargs={"fmt": "xml"}).rsplit("/", 1)[0]
    if settings.PUBLIC_BASE_URL:
        return settings.PUBLIC_BASE_URL + path
    return request.build_absolute_uri(path)


@open311_endpoint("GET", "HEAD")
def discovery(request: HttpRequest) -> Document:
    endpoint = {
        "specification": SPECIFICATION,
        "url": _endpoint_url(request),
        "changeset": CHANGESET,
        "type": "production" if settings.PRODUCTION else "test",
        "formats": MIME_TYPES,
    }
    return Document(
        "discovery",
        {
            "changeset": CHANGESET,
            "contact": getattr(settings, "OPEN311_CONTACT", _("Dongfeng sub-district grid office")),
            "key_service": getattr(
                settings, "OPEN311_KEY_SERVICE", _("Ask the sub-district administrator for a key.")
            ),
            "endpoints": [endpoint],
        },
    )


@open311_endpoint("GET", "HEAD")
def service_list(request: HttpRequest) -> Document:
    categories = RequestCategory.objects.filter(is_active=True)
    return Document("services", [_service(category) for category in categories])


@open311_endpoint("GET", "HEAD")
def service_definition(request: HttpRequest, code: str) -> Document:
    category = _category(code)
    return Document("service_definition", {"service_code": category.code, "attributes": []})


def list_requests(request: HttpRequest) -> Document:
    params = request.GET
    _authenticate(params)
    ids = _list_param(params, "service_request_id")
    if ids:  # the spec: this overrides all other arguments
        codes = [normalise_tracking_code(value) for value in ids[:MAX_REQUESTS]]
        found = _requests().filter(tracking_code__in=codes)
    else:
        start, end = _date_window(
            _date_param(params, "start_date"), _date_param(params, "end_date")
        )
        found = _requests().filter(created_at__gte=start, created_at__lte=end)
        if service_codes := _list_param(params, "service_code"):
            found = found.filter(category__code__in=service_codes)
        if statuses := _list_param(params, "status"):
            found = found.filter(status__in=_status_filter(statuses))
    found = found.order_by("-created_at", "-pk")[:MAX_REQUESTS]
    return Document("service_requests", [_service_request(item) for item in found])


@open311_endpoint("GET", "HEAD")
def service_request(request: HttpRequest, request_id: str) -> Document:
    _authenticate(request.GET)
    return Document("service_requests", [_service_request(_find_request(request_id))])


@open311_endpoint("GET", "HEAD")
def token_detail(request: HttpRequest, token: str) -> Document:
    """Requests are created at once, so a token is simply the tracking code."""
    _authenticate(request.GET)
    found = _find_request(token)
    return Document(
        "service_requests",
        [{"service_request_id": found.tracking_code, "token": found.tracking_code}],
    )


# ---- POST requests ---------------------------------------------------------------------


def _require(params: QueryDict, *names: str) -> dict[str, str]:
    values = {name: _param(params, name) for name in names}
    missing = [name for name, value in values.items() if not value]
    if missing:
        raise Open311Error(
            400, *(_("%(name)s: this argument is required.") % {"name": name} for name in missing)
        )
    return values


def _area(code: str) -> Area:
    area = Area.objects.filter(code=code[:64]).first()
    if area is None:
        raise Open311Error(400, _("address_id: no grid or building has this code."))
    return area


def _resident_name(params: QueryDict) -> str:
    first, last = _param(params, "first_name"), _param(params, "last_name")
    if (first + last).isascii():
        return " ".join(part for part in (first, last) if part)
    return last + first  # a Chinese name: family name first, no space


def _phone(params: QueryDict) -> str:
    phone = re.sub(r"[\s()]", "", _param(params, "phone"))
    return re.sub(r"^(?:\+|00)?86(?=1\d{10}$)", "", phone)  # +86 138… → 138…


def _field_errors(error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return [f"request: {message}" for message in error.messages]
    return [
        f"{ARGUMENT_OF_FIELD.get(field, field)}: {message}"
        for field, messages in error.message_dict.items()
        for message in messages
    ]


def create_request(request: HttpRequest) -> Document:
    """File a request for the hub; it is routed to the grid of address_id."""
    params = request.POST
    client = _authenticate(params)  # the form body only, never the query string
    values = _require(params, "service_code", "address_id", "description")
    if len(values["description"]) > MAX_DESCRIPTION:
        raise Open311Error(
            400, _("description: at most %(max)d characters.") % {"max": MAX_DESCRIPTION}
        )
    category = _category(values["service_code"])
    area = _area(values["address_id"])
    try:
        filed = submit_request(
            area=area,
            category=category,
            description=values["description"],
            source=RequestSource.OPEN311,
            resident_name=_resident_name(params),
            resident_phone=_phone(params),
            client=client,
        )
    except ValidationError as error:
        raise Open311Error(400, *_field_errors(error)) from None
    receipt = {
        "service_request_id": filed.tracking_code,
        "service_notice": _service_notice(category),
        "account_id": None,
    }
    return Document("service_requests", [receipt], status=201)


@csrf_exempt  # a key-authenticated API for other systems; no browser session is involved
@open311_endpoint("GET", "HEAD", "POST")
def service_requests(request: HttpRequest) -> Document:
    if request.method == "POST":
        return create_request(request)
    return list_requests(request)
