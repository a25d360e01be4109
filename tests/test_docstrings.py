"""Tests that every public object of ``tourlink`` documents itself in numpydoc style.

Developers who ``import tourlink`` read these docstrings (and the API reference built from
them): each function says what it takes, what it returns, what it raises and shows a
runnable example (run as a doctest); each class lists its fields and shows an example.
"""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from numpydoc.docscrape import ClassDoc, FunctionDoc
from numpydoc.validate import validate

import tourlink

PUBLIC = [name for name in tourlink.__all__ if name != "__version__"]


def _missing_function_sections(obj: Any) -> list[str]:
    doc = FunctionDoc(obj)
    signature = inspect.signature(obj)
    missing = []
    if signature.parameters and not doc["Parameters"]:
        missing.append("Parameters")
    if signature.return_annotation not in (None, "None") and not (doc["Returns"] or doc["Yields"]):
        missing.append("Returns")
    for section in ("Raises", "Examples"):
        if not doc[section]:
            missing.append(section)
    return missing


def _missing_class_sections(obj: type) -> list[str]:
    doc = ClassDoc(obj)
    missing = []
    if not (doc["Parameters"] or doc["Attributes"]) and not issubclass(obj, Exception):
        missing.append("Parameters or Attributes")
    if not doc["Examples"]:
        missing.append("Examples")
    return missing


@pytest.mark.parametrize("name", PUBLIC)
def test_public_object_has_every_numpydoc_section(name: str) -> None:
    """Tests that a public object's docstring has the sections its kind needs."""
    obj = getattr(tourlink, name)
    assert inspect.getdoc(obj), f"tourlink.{name} has no docstring"
    summary = inspect.getdoc(obj).splitlines()[0]  # type: ignore[union-attr]
    assert summary.endswith("."), f"tourlink.{name}: the summary line ends without a full stop"
    missing = (
        _missing_class_sections(obj) if inspect.isclass(obj) else _missing_function_sections(obj)
    )
    assert missing == [], f"tourlink.{name} lacks the numpydoc section(s) {missing}"


@pytest.mark.parametrize("name", [n for n in PUBLIC if not inspect.isclass(getattr(tourlink, n))])
def test_public_function_documents_exactly_its_parameters(name: str) -> None:
    """Tests that a public function documents every parameter and no parameter it lacks."""
    obj = getattr(tourlink, name)
    report = validate(f"{obj.__module__}.{obj.__qualname__}")
    wrong = [message for code, message in report["errors"] if code in ("PR01", "PR02")]
    assert wrong == []


def test_the_check_sees_a_missing_section() -> None:
    """Tests that the section check reports what a deliberately thin docstring lacks."""

    def thin(a: int) -> int:
        """Return ``a``."""
        return a

    assert _missing_function_sections(thin) == ["Parameters", "Returns", "Raises", "Examples"]
