"""Tests of web/security.py: headers on every page type, hosts, redirects, the secret key."""

from __future__ import annotations

import logging
import os
import stat
import threading
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from app_pages import page_urls
from flask import Flask

from tourlink_web import create_app, security

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


@pytest.fixture(scope="module")
def pages(app: Flask) -> dict[str, Any]:
    """Return the response of every page type of the app, by URL."""
    answers = {}
    with app.test_client() as client:
        for url in page_urls(app):
            response = client.get(url)
            response.get_data()  # read it whole, then release files it streams
            response.close()
            answers[url] = response
    return answers


def test_every_page_type_is_fetched(pages: dict[str, Any]) -> None:
    """Tests that the walk reaches HTML pages, JSON, files and errors, none of them a 500."""
    kinds = {response.mimetype for response in pages.values()}
    assert {"text/html", "application/json", "application/problem+json"} <= kinds
    assert {200, 400, 404} <= {response.status_code for response in pages.values()}
    assert all(response.status_code < 500 for response in pages.values())


def test_security_headers_on_every_page_type(pages: dict[str, Any]) -> None:
    """Tests that every response has the CSP, nosniff, frame and referrer headers."""
    for url, response in pages.items():
        for name, value in HEADERS.items():
            assert response.headers.get(name) == value, (url, name)
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy, url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
        assert "Strict-Transport-Security" not in response.headers, url  # plain HTTP


class _Inline(HTMLParser):
    """Collect what a CSP without inline script or style would block."""

    def __init__(self) -> None:
        super().__init__()
        self.blocked: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.blocked.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action") and value is not None:
                self.links.append(value)
        data_block = names.get("type") in ("application/json", "application/ld+json")
        if tag == "script" and not names.get("src") and not data_block:
            self.blocked.append("<script> without src")
        if tag == "style":
            self.blocked.append("<style> element")


def _parsed(response: Any) -> _Inline:
    parser = _Inline()
    parser.feed(response.get_data(as_text=True))
    return parser


def test_no_page_has_inline_script_or_style(pages: dict[str, Any]) -> None:
    """Tests that no HTML page relies on what its CSP blocks (inline script, style, on*)."""
    html = {url: r for url, r in pages.items() if r.mimetype == "text/html"}
    assert len(html) >= 10
    for url, response in html.items():
        assert _parsed(response).blocked == [], url


def test_links_built_from_the_request_stay_on_the_app(pages: dict[str, Any]) -> None:
    """Tests that on pages for hostile paths every link resolves to this host (issue 13 §2)."""
    for url in ("/%5Cevil.example/x", "//evil.example/x", "/%2F%2Fevil.example/x"):
        response = pages.get(url) or _fetch(url)
        assert response.status_code == 404, url
        links = _parsed(response).links
        assert any("lang=en" in link for link in links), url
        for link in links:
            resolved = urljoin("http://localhost" + url, link.replace("\\", "/"))
            assert urlsplit(resolved).hostname == "localhost", (url, link)


def _fetch(path: str) -> Any:
    """Return the answer to a request line naming ``path`` exactly (``//x`` is no host)."""
    app = create_app({"TESTING": True, "TILE_URL": "", "RATELIMIT_ENABLED": False})
    with app.test_client() as client:
        return client.get("/", environ_overrides={"PATH_INFO": path})


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/\\evil.example/x", "/%5Cevil.example/x"),
        ("//evil.example/x", "/evil.example/x"),
        ("/sites/thac-pa-sy", "/sites/thac-pa-sy"),
        ("/a b/ç", "/a%20b/%C3%A7"),
    ],
)
def test_same_site_path(path: str, expected: str) -> None:
    """Tests that a path is percent-encoded and never starts with two slashes."""
    assert security.same_site_path(path) == expected


def test_map_tile_host_is_the_one_outside_image_source() -> None:
    """Tests that the CSP allows images from the configured tile host and nothing else."""
    policy = security.content_security_policy("https://{s}.tile.example.org/{z}/{x}/{y}.png")
    assert "img-src 'self' data: https://*.tile.example.org" in policy
    assert "script-src 'self';" in policy and "default-src 'self'" in policy
    assert "img-src 'self' data:;" in security.content_security_policy("")


def test_hsts_only_over_tls(app: Flask) -> None:
    """Tests that Strict-Transport-Security is sent over HTTPS and not over HTTP."""
    with app.test_client() as client:
        secure = client.get("/", base_url="https://localhost")
        plain = client.get("/", headers={"X-Forwarded-Proto": "https"})  # no proxy trusted
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in plain.headers


def test_trusted_proxy_gives_scheme_and_client_address() -> None:
    """Tests that with one trusted proxy its X-Forwarded-Proto counts (HSTS is sent)."""
    app = create_app({"TESTING": True, "TRUSTED_PROXIES": 1, "RATELIMIT_ENABLED": False})
    with app.test_client() as client:
        response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in response.headers


def test_untrusted_host_gets_400_and_no_redirect(app: Flask) -> None:
    """Tests that a forged Host header never reaches a redirect's Location (issue 13 §2)."""
    with app.test_client() as client:
        forged = client.get("/sites", headers={"Host": "evil.example"})
        trusted = client.get("/sites", headers={"Host": "localhost:5000"})
    assert forged.status_code == 400 and "Location" not in forged.headers
    assert "evil.example" not in forged.get_data(as_text=True)
    assert trusted.status_code == 308 and trusted.headers["Location"].startswith(
        "http://localhost:5000/sites/"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("tours.example.org", ["tours.example.org"]),
        ("tours.example.org, .example.net", ["tours.example.org", ".example.net"]),
        ('["tours.example.org", "localhost"]', ["tours.example.org", "localhost"]),
    ],
)
def test_trusted_hosts_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: list[str]
) -> None:
    """Tests that TOURLINK_TRUSTED_HOSTS, comma-separated or JSON, sets the trusted hosts."""
    monkeypatch.setenv("TOURLINK_TRUSTED_HOSTS", value)
    app = create_app({"TESTING": True, "RATELIMIT_ENABLED": False})
    assert app.config["TRUSTED_HOSTS"] == expected
    with app.test_client() as client:
        assert client.get("/", headers={"Host": expected[0].lstrip(".")}).status_code == 200
        assert client.get("/", headers={"Host": "localhost.evil"}).status_code == 400


def test_empty_trusted_hosts_refused_in_production() -> None:
    """Tests that production refuses to start answering every Host header."""
    with pytest.raises(security.ConfigurationError, match="TOURLINK_TRUSTED_HOSTS"):
        create_app({"TRUSTED_HOSTS": "", "SECRET_KEY": "k" * 40})


# -- the secret key ---------------------------------------------------------------------------


def _bare(tmp_path: Path, **config: Any) -> Flask:
    app = Flask("keytest", instance_path=str(tmp_path / "instance"))
    app.config.update(config)
    return app


@pytest.mark.parametrize("key", ["tourlink-dev-not-secret", "tests", "short-key"])
def test_known_or_short_key_refused_outside_debug(tmp_path: Path, key: str) -> None:
    """Tests that production never runs with a published or short key."""
    with pytest.raises(security.ConfigurationError, match="TOURLINK_SECRET_KEY"):
        security.configure_secret_key(_bare(tmp_path, SECRET_KEY=key))


def test_known_key_refused_by_create_app() -> None:
    """Tests that create_app itself refuses the old hard-coded key outside debug/tests."""
    with pytest.raises(security.ConfigurationError):
        create_app({"SECRET_KEY": "tourlink-dev-not-secret"})


def test_debug_and_tests_may_use_any_key_or_none(tmp_path: Path) -> None:
    """Tests that debug keeps a given key and tests without one get a random one, no file."""
    debug = _bare(tmp_path, SECRET_KEY="dev", DEBUG=True)
    security.configure_secret_key(debug)
    assert debug.config["SECRET_KEY"] == "dev"
    first, second = _bare(tmp_path, TESTING=True), _bare(tmp_path, TESTING=True)
    security.configure_secret_key(first)
    security.configure_secret_key(second)
    assert len(first.config["SECRET_KEY"]) >= 32
    assert first.config["SECRET_KEY"] != second.config["SECRET_KEY"]
    assert not (tmp_path / "instance").exists()


def test_generated_key_is_private_logged_and_shared(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Tests that without a key one is written once (0600, logged) and reused by every worker."""
    with caplog.at_level(logging.WARNING, logger="tourlink_web.security"):
        first = _bare(tmp_path)
        security.configure_secret_key(first)
    path = tmp_path / "instance" / security.KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text() == first.config["SECRET_KEY"]
    assert str(path) in caplog.text and "TOURLINK_SECRET_KEY" in caplog.text
    later = _bare(tmp_path)
    security.configure_secret_key(later)
    assert later.config["SECRET_KEY"] == first.config["SECRET_KEY"]


def test_workers_starting_together_agree_on_the_key(tmp_path: Path) -> None:
    """Tests that eight workers creating the key at once all end with the same one."""
    apps = [_bare(tmp_path) for _ in range(8)]
    threads = [threading.Thread(target=security.configure_secret_key, args=(a,)) for a in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({a.config["SECRET_KEY"] for a in apps}) == 1


def test_unwritable_instance_folder_is_a_clear_refusal(tmp_path: Path) -> None:
    """Tests that a key that cannot be stored stops start-up with what to do."""
    if os.geteuid() == 0:
        blocker = tmp_path / "instance"
        blocker.write_text("a file where the folder should be")
    else:
        (tmp_path / "instance").mkdir(mode=0o500)
    with pytest.raises(security.ConfigurationError, match="set TOURLINK_SECRET_KEY"):
        security.configure_secret_key(_bare(tmp_path))
