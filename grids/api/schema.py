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
