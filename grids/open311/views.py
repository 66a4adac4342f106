"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) for the city hub (12345 hotline).

How the portal maps onto the spec:

- service            = an active RequestCategory; service_code is its `code`. A category with
                       extra questions (RequestCategory.attributes, edited in the admin) has
                       metadata=true and serves them as its definition's attributes; answers
                       come as attribute[code]=value (attribute[code][]=… for multivaluelist),
                       are checked (required, datatype, allowed values) and stored on the
                       request. Requests are filed synchronously: type is "realtime".
- service request    = a ServiceRequest. service_request_id is its public number
                       (DF-2026-000123), never the resident's tracking code, which is their
                       secret (it opens their progress and rating page) and appears nowhere
                       here. A token is the same public number (tokens/{id} answers at once).
- status             = "open" for new, accepted, escalated and deferred; "closed" for resolved
                       and rejected. status_notes is the public reply (phone and ID numbers
                       masked): the resolution once resolved, else the worker's latest note
                       marked "reply to the resident", else the portal's label of the status.
- location           = a POST gives lat+long, address_string or address_id (at least one).
                       address_id is an Area code: a grid or building routes the request to
                       its grid; a community or the sub-district, or no address_id at all, files
                       it there for triage (待分派, /requests/triage/): staff assign the grid.
                       Without address_id the sub-district is jurisdiction_id (its code), or the
                       only one there is. lat/long and address_string are stored and returned;
                       address is the area's full name, agency_responsible the community and grid
                       that answer for it ("东风社区 · 第一网格").
- requested_datetime = created_at; updated_datetime = the latest event (a rating left after
                       closing does not count, so a closed request shows when it was closed);
                       expected_datetime = the acceptance deadline (2 hours) while the request
                       waits for a worker, the resolve deadline after that. All are given in
                       Asia/Shanghai with their offset: 2026-11-26T18:00:00+08:00.

Every resource is served as .json or .xml. Reading is public, as the spec makes it:
discovery, services, services/{code}, requests, requests/{id} and tokens/{id} need no key.
Without a key a request shows no personal data: no description, no media, no name or phone
(a resident's name and phone are never shown, not even with a key). With a valid api_key (an
active, not revoked Open311Client's, in the query string or the form body) the description is
added, phone and ID numbers in it masked with grids.masking.redact. A key that is given but
wrong is a 403 before any other argument is read. Filing (POST requests) needs a key; every
resource is exempt from CSRF, since no browser session is involved, so a wrong method is the
spec's 405 rather than Django's CSRF page. GET requests lists at most 1000, newest first,
filed within at most 90 days (the last 90 by default). Errors are the spec's list,
[{"code": 400, "description": "..."}] or <errors><error>…</error></errors>, with HTTP 400,
403, 404 or 405.
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
from grids.models.requests import DESCRIPTION_MAX, normalise_public_id

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-26"  # bump when the service list or the definitions change shape
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
MIME_TYPES = ["text/xml", "application/json"]
WINDOW = timedelta(days=90)  # the spec's default and largest date range
MAX_REQUESTS = 1000  # the spec's "first 1000 requests"
MAX_DESCRIPTION = DESCRIPTION_MAX
STATUS_GROUPS = {
    "open": OPEN_STATUSES,
    "closed": frozenset(RequestStatus.values) - OPEN_STATUSES,
}
# ServiceRequest fields named by a ValidationError → the Open311 argument the client sent.
ARGUMENT_OF_FIELD = {
    "area": "address_id",
    "grid": "address_id",
    "latitude": "lat",
    "longitude": "long",
    "address_string": "address_string",
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
    "values": "value",
}
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ATTRIBUTE_ARGUMENT = re.compile(r"^attribute\[([^\[\]]{1,64})\](\[\])?$")
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

        # Keys, not sessions: no cookie is read, so CSRF cannot apply; without this a POST or
        # DELETE on a GET resource would get Django's HTML CSRF page instead of the 405.
        return csrf_exempt(endpoint)

    return decorate


@csrf_exempt
def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    """Any other address under the prefix: the spec's 404 rather than an HTML page."""
    fmt = "xml" if request.path.lower().endswith(".xml") else "json"
    return render(Open311Error(404, _("There is no such Open311 resource.")).document(), fmt)


# ---- arguments -------------------------------------------------------------------------


def _client(request: HttpRequest, *, required: bool = False) -> Open311Client | None:
    """The Open311Client whose api_key came with the request (form body or query string).

    Read before any other argument: a key that is given but wrong (or revoked) is a 403, so a
    caller learns nothing else. No key: None for a public read, a 403 where one is `required`.
    A NUL in the key is simply a wrong key (it is only hashed).
    """
    raw_key = (request.POST.get("api_key") or request.GET.get("api_key") or "").strip()
    if not raw_key:
        if required:
            raise Open311Error(403, _("api_key is missing."))
        return None
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
        "metadata": category.has_metadata,
        "type": "realtime",
        "keywords": _keywords(category),
        "group": _("Resident requests"),
    }


def _agency(grid: Area) -> str:
    return grid.full_name


def _expected(request: ServiceRequest) -> datetime:
    if request.status in AWAITING_ACCEPTANCE:
        return request.response_due_at
    return request.resolve_due_at


def _status_notes(request: ServiceRequest) -> str:
    """The public reply, numbers masked: how the request was resolved; else the worker's
    latest reply to the resident; else its status."""
    if request.status == RequestStatus.RESOLVED and request.resolution:
        return redact(request.resolution)
    if getattr(request, "last_reply", None):
        return redact(request.last_reply)
    return str(RequestStatus(request.status).label)


def _service_request(request: ServiceRequest, *, keyed: bool) -> dict[str, Any]:
    """A request with the spec's field names. Nothing about the resident who filed it; the
    description only for a caller with a key, and masked even then."""
    updated = getattr(request, "last_event_at", None) or request.created_at
    return {
        "service_request_id": request.public_id,
        "status": "open" if request.status in OPEN_STATUSES else "closed",
        "status_notes": _status_notes(request),
        "service_name": request.category.name,
        "service_code": request.category.code,
        "description": redact(request.description) if keyed else "",
        "agency_responsible": _agency(request.grid),
        "service_notice": _service_notice(request.category),
        "requested_datetime": w3_datetime(request.created_at),
        "updated_datetime": w3_datetime(updated),
        "expected_datetime": w3_datetime(_expected(request)),
        "address": request.area.full_name,
        "address_id": request.area.code,
        "zipcode": "",
        "lat": request.latitude,
        "long": request.longitude,
        "media_url": "",
    }


def _requests() -> QuerySet[ServiceRequest]:
    last_event = (
        RequestEvent.objects.filter(request=OuterRef("pk"))
        .exclude(kind=EventKind.RATED)
        .order_by("-at")
        .values("at")[:1]
    )
    last_reply = (
        RequestEvent.objects.filter(request=OuterRef("pk"), kind=EventKind.NOTE, public=True)
        .order_by("-at", "-pk")
        .values("note")[:1]
    )
    return ServiceRequest.objects.select_related("category", "area", "grid__parent").annotate(
        last_event_at=Subquery(last_event), last_reply=Subquery(last_reply)
    )


def _category(code: str, status: int = 404) -> RequestCategory:
    """The active category of `code`: a 404 for services/{code}, a 400 for a POST's argument."""
    category = RequestCategory.objects.filter(code=code[:64], is_active=True).first()
    if category is None:
        message = _("service_code: no service has the code %(code)s.") % {"code": code[:64]}
        raise Open311Error(status, message)
    return category


def _find_request(public_id: str) -> ServiceRequest:
    found = _requests().filter(public_id=normalise_public_id(public_id)).first()
    if found is None:
        message = _("No service request has the id %(id)s.") % {"id": public_id[:64]}
        raise Open311Error(404, message)
    return found


# ---- GET views (public; a key adds the description) ------------------------------------


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
    return Document(
        "service_definition",
        {"service_code": category.code, "attributes": category.attribute_definitions()},
    )


def list_requests(request: HttpRequest) -> Document:
    keyed = _client(request) is not None
    params = request.GET
    ids = _list_param(params, "service_request_id")
    if ids:  # the spec: this overrides all other arguments
        public_ids = [normalise_public_id(value) for value in ids[:MAX_REQUESTS]]
        found = _requests().filter(public_id__in=public_ids)
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
    return Document("service_requests", [_service_request(item, keyed=keyed) for item in found])


@open311_endpoint("GET", "HEAD")
def service_request(request: HttpRequest, request_id: str) -> Document:
    keyed = _client(request) is not None
    return Document("service_requests", [_service_request(_find_request(request_id), keyed=keyed)])


@open311_endpoint("GET", "HEAD")
def token_detail(request: HttpRequest, token: str) -> Document:
    """Requests are created at once, so a token is simply the public id."""
    _client(request)  # a wrong key is still a 403
    found = _find_request(token)
    return Document(
        "service_requests", [{"service_request_id": found.public_id, "token": found.public_id}]
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


def _area(params: QueryDict) -> Area:
    """Where the request is filed: address_id's area, else the sub-district for triage."""
    if address_id := _param(params, "address_id"):
        area = Area.objects.filter(code=address_id[:64]).first()
        if area is None:
            raise Open311Error(400, _("address_id: no area has this code."))
        return area
    roots = Area.objects.filter(level=0)
    if jurisdiction := _param(params, "jurisdiction_id"):
        roots = roots.filter(code__iexact=jurisdiction[:64])
    found = list(roots[:2])
    if jurisdiction and not found:
        raise Open311Error(400, _("jurisdiction_id: no sub-district has this code."))
    if len(found) != 1:
        raise Open311Error(400, _("jurisdiction_id: name the sub-district (its code)."))
    return found[0]


def _coordinate(params: QueryDict, name: str, limit: int) -> float | None:
    raw = _param(params, name)
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = None
    if value is None or not -limit <= value <= limit:  # NaN fails both comparisons
        raise Open311Error(
            400,
            _("%(name)s: a number from -%(limit)d to %(limit)d.") % {"name": name, "limit": limit},
        )
    return value


def _location(params: QueryDict) -> tuple[float | None, float | None, str]:
    """lat+long, address_string; one of them or address_id is required (the spec)."""
    lat, long = _coordinate(params, "lat", 90), _coordinate(params, "long", 180)
    if (lat is None) != (long is None):
        raise Open311Error(400, _("lat and long: give both or neither."))
    address = _param(params, "address_string")
    if lat is None and not address and not _param(params, "address_id"):
        raise Open311Error(400, _("Give a location: lat and long, address_string or address_id."))
    return lat, long, address


def _attributes(params: QueryDict) -> dict[str, Any]:
    """attribute[code]=value, and attribute[code][]=… repeated for a multivaluelist."""
    answers: dict[str, Any] = {}
    for name in params:
        match = _ATTRIBUTE_ARGUMENT.match(name)
        if match is None:
            continue
        values = params.getlist(name)
        if any("\x00" in value for value in values):
            raise Open311Error(400, _("%(name)s contains a NUL character.") % {"name": name})
        code = match.group(1)
        answers[code] = values if match.group(2) or len(values) > 1 else values[0]
    return answers


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
        # attribute errors already name their argument: attribute[floor]: …
        message if field == "attributes" else f"{ARGUMENT_OF_FIELD.get(field, field)}: {message}"
        for field, messages in error.message_dict.items()
        for message in messages
    ]


def create_request(request: HttpRequest) -> Document:
    """File a request for the hub: routed to the grid of address_id, else filed for triage."""
    client = _client(request, required=True)
    params = request.POST
    values = _require(params, "service_code", "description")
    if len(values["description"]) > MAX_DESCRIPTION:
        raise Open311Error(
            400, _("description: at most %(max)d characters.") % {"max": MAX_DESCRIPTION}
        )
    latitude, longitude, address_string = _location(params)
    category = _category(values["service_code"], status=400)
    area = _area(params)
    try:
        filed = submit_request(
            area=area,
            category=category,
            description=values["description"],
            source=RequestSource.OPEN311,
            resident_name=_resident_name(params),
            resident_phone=_phone(params),
            client=client,
            latitude=latitude,
            longitude=longitude,
            address_string=address_string,
            attributes=_attributes(params),
        )
    except ValidationError as error:
        raise Open311Error(400, *_field_errors(error)) from None
    receipt = {
        "service_request_id": filed.public_id,
        "service_notice": _service_notice(category),
        "account_id": None,
    }
    return Document("service_requests", [receipt], status=201)


@open311_endpoint("GET", "HEAD", "POST")
def service_requests(request: HttpRequest) -> Document:
    if request.method == "POST":
        return create_request(request)
    return list_requests(request)
