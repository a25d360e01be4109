"""Resolve references to tourlink's public objects by their defining module's path.

The API reference documents the public API under the names people import
(``tourlink.plan``, ``tourlink.Network``); docstrings inside the package refer to the same
objects by their module path (``tourlink.planner.plan.plan``). This resolves such a
reference to the public name when the object is in ``tourlink.__all__``; anything else
that does not resolve stays a warning (an error with ``-W``) — unless it names an object
that exists in the package but has no page of its own (a type in a signature, such as a
record class of the data model): that reference is shown as plain text. A reference to
something that does not exist (a typo, a renamed function) is always a warning.
"""

from __future__ import annotations

import importlib
from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

import tourlink


def _public_target(target: str) -> str | None:
    if not target.startswith("tourlink."):
        return None
    parts = target.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        head = parts[cut]
        if head in tourlink.__all__ and getattr(tourlink, head, None) is not None:
            return ".".join(["tourlink", *parts[cut:]])
    return None


def _exists(target: str) -> bool:
    """Return whether ``target`` (``tourlink.module.Name[.attr]``) names a real object."""
    parts = target.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            if not hasattr(obj, name):
                return False
            obj = getattr(obj, name)
        return True
    return False


def resolve(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.TextElement
) -> nodes.Element | None:
    """Retry an unresolved ``tourlink.<module>.<name>`` reference as ``tourlink.<name>``."""
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "")
    public = _public_target(target)
    if public is None or public == target:
        undocumented = target.startswith("tourlink.") and _exists(target)
        return contnode if undocumented else None
    domain = env.get_domain("py")
    retry = node.deepcopy()
    retry["reftarget"] = public
    resolved: nodes.Element | None = domain.resolve_xref(
        env, node.get("refdoc", ""), app.builder, node["reftype"], public, retry, contnode
    )
    return resolved


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the resolver."""
    app.connect("missing-reference", resolve)
    return {"parallel_read_safe": True, "version": "1"}
