"""Customer proposals: an itinerary version and its quote as HTML and as an A4 PDF.

The proposal shows the operator, the trip's summary and map, the days, the price per
person per group size, the single supplement, inclusions, exclusions, validity and
terms — never a cost, a margin or an internal note. Vietnamese, English and Lao; the
PDF is made on the server by WeasyPrint (the ``pdf`` extra, with PyICU for Lao).
"""

from __future__ import annotations

from tourlink.proposal.content import BandPrice, Proposal, ProposalDay, build_proposal
from tourlink.proposal.lao import ZWSP, break_lao, lao_words
from tourlink.proposal.render import page_fill, render_document, render_html, render_pdf

__all__ = [
    "ZWSP",
    "BandPrice",
    "Proposal",
    "ProposalDay",
    "break_lao",
    "build_proposal",
    "lao_words",
    "page_fill",
    "render_document",
    "render_html",
    "render_pdf",
]
