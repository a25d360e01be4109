"""Sphinx configuration of the tourlink documentation.

Build: ``python -m pip install -e '.[docs]' && python -m sphinx -W -b html docs docs/_build/html``
(warnings are errors, so a broken reference or a missing docstring section fails the build).
The examples of the pages run with ``python -m sphinx -W -b doctest docs docs/_build/doctest``.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))

import tourlink  # noqa: E402

project = "tourlink"
author = "the tourlink developers"
copyright = "2026, the tourlink developers"
release = tourlink.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
    "numpydoc",
    "myst_parser",
    "sphinxarg.ext",
    "openapi_page",
    "public_names",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "README.md"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
html_theme = "alabaster"
html_title = f"tourlink {release}"
language = "en"

# Every reference into tourlink must resolve; references to other libraries (no network at
# build time, so no intersphinx) are not checked.
nitpicky = True
nitpick_ignore_regex = [(r"py:.*", r"(?!tourlink\b).*")]

autodoc_typehints = "signature"
autodoc_member_order = "bysource"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
# For the documented API, a parameter documented but not in the signature, a missing
# Returns section, example or docstring fails the build (methods are checked by the tests).
numpydoc_validation_checks = {"PR02", "RT01", "EX01", "SS03", "GL08"}
numpydoc_validation_exclude = {r"\.__init__$", r"\.[A-Z]\w*\.\w+$"}

# The doctest builder runs the pages' examples; docstring examples run under pytest.
doctest_test_doctest_blocks = ""
doctest_global_setup = f"""
import datetime as dt
from pathlib import Path
REPO = Path({str(DOCS.parent)!r})
"""


def _index_without_missing_pages(app: object, docname: str, source: list[str]) -> None:
    """Drop the index's toctree of the planner's rules page while docs/planner.md is absent."""
    if docname == "index" and not (DOCS / "planner.md").exists():
        start = source[0].index("```{toctree}\n:maxdepth: 2\n:caption: The planner")
        end = source[0].index("```", source[0].index("planner*", start)) + 3
        source[0] = source[0][:start] + source[0][end:]


def setup(app: object) -> None:
    """Connect the build hooks of this configuration."""
    app.connect("source-read", _index_without_missing_pages)  # type: ignore[attr-defined]
