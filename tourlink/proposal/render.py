"""Lay a :class:`~tourlink.proposal.content.Proposal` out as HTML, and as an A4 PDF.

The PDF is made on the server, without a browser, by WeasyPrint (HTML and CSS to PDF
through Pango). Lao text gets zero-width spaces between its words first (see
:mod:`tourlink.proposal.lao`) so that lines break between words, never inside one.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from tourlink.proposal.content import Proposal
from tourlink.proposal.lao import break_lao

__all__ = ["page_fill", "render_document", "render_html", "render_pdf", "stylesheet"]

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]), trim_blocks=True
    )


def stylesheet() -> str:
    """Return the proposal's CSS (A4 pages, fonts for Vietnamese and Lao)."""
    return (TEMPLATES / "proposal.css").read_text(encoding="utf-8")


def render_html(proposal: Proposal, *, stylesheet_url: str = "") -> str:
    """Return the proposal as an HTML page (the map as a data URI).

    Parameters
    ----------
    proposal
        What to show.
    stylesheet_url
        Link the styles from here (a web page under a strict CSP); empty: inline them,
        so the page stands alone (the PDF).
    """
    template = _environment().get_template("proposal.html")
    if stylesheet_url:
        html = template.render(p=proposal, css="", stylesheet_url=stylesheet_url)
    else:
        html = template.render(p=proposal, css=stylesheet(), stylesheet_url="")
    return break_lao(html) if proposal.lang == "lo" else html


def _weasyprint() -> Any:
    try:
        import weasyprint
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise RuntimeError(
            "PDF proposals need WeasyPrint: python -m pip install 'tourlink[pdf]'."
        ) from exc
    return weasyprint


def render_document(proposal: Proposal) -> Any:
    """Return the laid-out WeasyPrint document (its ``pages`` can be inspected)."""
    return _weasyprint().HTML(string=render_html(proposal)).render()


def render_pdf(proposal: Proposal) -> bytes:
    """Return the proposal as an A4 PDF."""
    return bytes(render_document(proposal).write_pdf())


def page_fill(document: Any) -> list[float]:
    """Return how far down each page its content reaches, from 0 (empty) to 1 (full).

    Only what prints counts: lines of text and images (a block that merely continues on
    the next page would otherwise seem to fill its page to the bottom).
    """
    fills = []
    for page in document.pages:
        box = page._page_box
        top, height = box.content_box_y(), box.height
        bottom = top
        stack = [c for c in box.children if type(c).__name__ != "MarginBox"]
        while stack:
            child = stack.pop()
            kind = type(child).__name__
            if kind == "LineBox" or "Replaced" in kind:
                bottom = max(bottom, child.position_y + child.margin_height())
            else:
                stack.extend(getattr(child, "children", []) or [])
        fills.append(min(1.0, (bottom - top) / height) if height else 0.0)
    return fills
