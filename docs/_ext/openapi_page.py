"""Render the JSON API page from the web app's own OpenAPI document at build time.

The document is the one ``GET /api/v1/openapi.json`` serves, taken from the app itself
(``create_app`` with a test configuration), so the page cannot drift from the API.
Directive: ``.. openapi-endpoints::``.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

METHODS = ("get", "post", "put", "patch", "delete")


def openapi_document() -> dict[str, Any]:
    """Return the OpenAPI document served by a test instance of the web app."""
    from tourlink_web import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "docs-build-only"})
    with app.test_client() as client:
        response = client.get("/api/v1/openapi.json")
    if response.status_code != 200:
        raise RuntimeError(f"/api/v1/openapi.json answered {response.status_code}")
    document: dict[str, Any] = response.get_json()
    return document


def _text(*parts: str | nodes.Node) -> nodes.paragraph:
    para = nodes.paragraph()
    for part in parts:
        para += nodes.Text(part) if isinstance(part, str) else part
    return para


def _operation(method: str, path: str, op: dict[str, Any], shared: list[Any]) -> list[nodes.Node]:
    out: list[nodes.Node] = [nodes.rubric("", "", nodes.literal(text=f"{method.upper()} {path}"))]
    summary = op.get("summary") or op.get("description") or ""
    if summary:
        out.append(_text(summary))
    params = op.get("parameters", []) + shared
    if params:
        items = nodes.bullet_list()
        for p in params:
            need = "required" if p.get("required") else "optional"
            item = nodes.list_item()
            item += _text(
                nodes.literal(text=p["name"]),
                f" ({p.get('in', '')}, {need}) ",
                p.get("description", ""),
            )
            items += item
        out += [_text("Parameters:"), items]
    responses = op.get("responses", {})
    if responses:
        parts: list[str | nodes.Node] = ["Responses: "]
        for code, answer in responses.items():
            parts += [nodes.literal(text=str(code)), f" {answer.get('description', '')} "]
        out.append(_text(*parts))
    return out


class OpenAPIEndpoints(SphinxDirective):
    """List every endpoint of the OpenAPI document with its parameters and responses."""

    def run(self) -> list[nodes.Node]:
        """Return the nodes of the endpoint list."""
        document = openapi_document()
        info = document.get("info", {})
        out: list[nodes.Node] = [
            _text(
                f"OpenAPI {document.get('openapi', '')}: {info.get('title', '')} "
                f"{info.get('version', '')}."
            )
        ]
        for path, item in document.get("paths", {}).items():
            for method in METHODS:
                if method in item:
                    out += _operation(method, path, item[method], item.get("parameters", []))
        return out


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive."""
    app.add_directive("openapi-endpoints", OpenAPIEndpoints)
    return {"parallel_read_safe": True, "version": "1"}
