"""Whether the current API request follows the published OpenAPI document.

The library refuses some requests whose every parameter is as documented, because the
values do not fit together: ``day_end`` before ``day_start``, a trip running past the
last planned date, a calendar export without a departure, a connection search with
neither ``to`` nor ``zones``. Such a refusal is ``422 Unprocessable Content``, not ``400``
(RFC 9110 §15.5.21): the client sent what the document allows. :func:`follows_document`
decides it for any endpoint, from the document itself, so endpoints other parts add are
covered without a line of their own.
"""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema  # type: ignore[import-untyped,unused-ignore]
from flask import current_app, request

from tourlink_web import openapi
from tourlink_web.state import current

__all__ = ["follows_document"]

_FORMATS = jsonschema.Draft202012Validator.FORMAT_CHECKER


def follows_document() -> bool:
    """Return whether the current request's path, query and body follow the document."""
    rule = request.url_rule
    if rule is None or not request.path.startswith("/api/"):
        return False
    document = openapi.document(current(), current_app.config)
    path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)  # <int:x> → {x}
    operation = document["paths"].get(path, {}).get(request.method.lower())
    if operation is None:
        return False
    parameters = operation.get("parameters", [])
    documented = {p["name"] for p in parameters if p["in"] == "query"}
    if set(request.args) - documented:
        return False
    if not all(_parameter_ok(document, p) for p in parameters):
        return False
    body = operation.get("requestBody")
    if body is None:
        return True
    schema = body["content"].get("application/json", {}).get("schema", {})
    try:
        value = json.loads(request.get_data(cache=True) or b"null")
    except (ValueError, RecursionError):  # not JSON, or deeper than the parser goes
        return False
    return _valid(document, schema, value)


def _parameter_ok(document: dict[str, Any], parameter: dict[str, Any]) -> bool:
    where, name = parameter["in"], parameter["name"]
    if where == "header":  # e.g. If-Match
        raw = request.headers.get(name)
    else:
        raw = (request.view_args or {}).get(name) if where == "path" else request.args.get(name)
    if raw is None:
        return not parameter.get("required", False)
    schema = parameter.get("schema", {})
    return _valid(document, schema, _coerced(str(raw), schema))


def _coerced(raw: str, schema: dict[str, Any]) -> Any:
    """Return a query string value as the JSON type its schema names, when it reads as one."""
    kinds = schema.get("type", [])
    kinds = [kinds] if isinstance(kinds, str) else kinds
    for kind, parse in (("integer", int), ("number", float)):
        if kind in kinds:
            try:
                return parse(raw)
            except ValueError:
                return raw
    if "boolean" in kinds and raw in ("true", "false"):
        return raw == "true"
    return raw


def _valid(document: dict[str, Any], schema: dict[str, Any], value: Any) -> bool:
    root = {**schema, "components": document.get("components", {})}
    validator = jsonschema.Draft202012Validator(root, format_checker=_FORMATS)
    return bool(validator.is_valid(value))
