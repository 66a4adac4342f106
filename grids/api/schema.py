"""The schema tells the truth about errors: every operation documents its 4xx answers.

One postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]) adds them to every
operation of /api/v1/ with one shared `Error` schema, instead of each view declaring them:

- 400: invalid input — field errors for a body, a filter or `?page=` (grids.api.base);
- 403: not signed in (no session, no token), or a role that may not do this;
- 404: no such object in the caller's scope, or a page past the last one;
- 409: a delete refused because other rows still use the object (ProtectedError,
  grids.api.exceptions).
"""

ERROR_SCHEMA = {
    "type": "object",
    "description": "`detail` for a general error; otherwise field name → list of messages "
    "(`non_field_errors` for the whole input).",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {},
}

ERRORS = {
    "400": "Invalid input: field errors (body, filters or page).",
    "403": "Not signed in, or not allowed to do this.",
    "404": "No such object in the caller's scope, or no such page.",
    "409": "Still in use by other rows: not deleted.",
}

METHODS = ("get", "put", "patch", "post", "delete")

# Times of day are local wall-clock times ("09:00:00", Asia/Shanghai), without an offset;
# OpenAPI's `format: time` is RFC 3339's full-time, which requires one ("09:00:00+08:00"),
# so a strict client refuses every time the API answers. Say what they are instead.
LOCAL_TIME = {
    "type": "string",
    "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$",
    "example": "09:00:00",
}


def _local_times(node) -> None:
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("format") == "time":
            del node["format"]
            node.update({key: value for key, value in LOCAL_TIME.items() if key not in node})
            node.setdefault("description", "A local time of day, HH:MM[:SS].")
        for value in node.values():
            _local_times(value)
    elif isinstance(node, list):
        for value in node:
            _local_times(value)


def local_times(result, generator, request, public):
    """Every `format: time` becomes a pattern for local HH:MM[:SS] times."""
    _local_times(result)
    return result


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, item in result.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            codes = ["400", "403", "404"] + (["409"] if method == "delete" else [])
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses[code] = {"content": error, "description": ERRORS[code]}
    return result
