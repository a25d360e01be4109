"""Tests of the office desk: roles × actions at the web level, the editor, the public side.

One application on SQLite serves the module (each test works on its own route or starts
from the seeded ones); the journey that reaches the public pages, and the conflict of
two editors, run on both database engines.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from databases import make_actor
from flask import Flask
from flask.testing import FlaskClient
from workspace_helpers import csrf_of, login

from tourlink.publishing import DRAFT, IN_REVIEW, PUBLISHED, RouteDraft, required_texts
from tourlink.store import Actor, make_sessions
from tourlink.store.routes import Routes
from tourlink.tours import load_tours
from tourlink_web import create_app
from tourlink_web.database import engine

CITY = "kon-tum-city-day"
#: The editor's stop rows of a real one-day walk in Kon Tum city: from the centre to the
#: wooden church and the Kon Klor communal house, and back (all in the catalogue).
STOPS = {
    "rows": "4",
    **{f"stop-day-{i}": "1" for i in range(4)},
    "stop-site-0": "kon-tum-city-centre",
    "stop-site-1": "kon-tum-wooden-church",
    "stop-site-2": "nha-rong-kon-klor",
    "stop-minutes-2": "60",
    "stop-site-3": "kon-tum-city-centre",
}
TEXTS = {
    f"text-{lang}-{field}": f"{lang} {field} of the walk"
    for lang in ("vi", "en")
    for field in ("name", "summary", "day-1")
}
ROLES = {
    "operator": ("mang-den-travel", "operator", "operator"),
    "operator-admin": ("mang-den-travel", "org-admin", "operator"),
    "office-admin": ("kon-tum-office", "org-admin", "office"),
    "editor": ("kon-tum-office", "office-editor", "office"),
    "publisher": ("kon-tum-office", "office-publisher", "office"),
    "admin": ("kon-tum-office", "admin", "office"),
}
OUTSIDERS = ("operator", "operator-admin", "office-admin")


def _app(url: str) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "DATABASE_AUTO_UPGRADE": True,
            "TILE_URL": "",
            "SECRET_KEY": "tests",
            "RATELIMIT_ENABLED": False,
            "LANGUAGE": "en",
        }
    )


@pytest.fixture(scope="module")
def office_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """Return one application on a fresh SQLite database for this module."""
    folder: Path = tmp_path_factory.mktemp("office")
    app = _app(f"sqlite:///{folder / 'office.sqlite'}")
    yield app
    with app.app_context():
        engine().dispose()


def _people(app: Flask) -> dict[str, Actor]:
    with app.app_context(), make_sessions(engine())() as session:
        return {
            name: make_actor(session, org, role=role, kind=kind)
            for name, (org, role, kind) in ROLES.items()
        }


@pytest.fixture(scope="module")
def people(office_app: Flask) -> dict[str, Actor]:
    """Return one user per role of :data:`ROLES`, plus a second publisher."""
    found = _people(office_app)
    with office_app.app_context(), make_sessions(engine())() as session:
        found["publisher-2"] = make_actor(
            session, "kon-tum-office", role="office-publisher", kind="office"
        )
    return found


@pytest.fixture(scope="module")
def clients(office_app: Flask, people: dict[str, Actor]) -> dict[str, FlaskClient]:
    """Return a logged-in client per user of ``people`` and an anonymous one (``public``)."""
    found = {"public": office_app.test_client()}
    for name, actor in people.items():
        found[name] = office_app.test_client()
        login(found[name], actor)
    return found


def _csrf(client: FlaskClient) -> str:
    """Return the client's CSRF token (the log-out form, or the log-in form)."""
    page = client.get("/tours/").get_data(as_text=True)
    if 'name="csrf_token"' not in page:
        page = client.get("/login").get_data(as_text=True)
    return csrf_of(page)


def _form(page: str, **fields: str) -> dict[str, Any]:
    """Return the editor form's fields as ``page`` holds them, changed by ``fields``."""
    form = page.split('class="route-editor"')[1].split("</form>")[0]
    data: dict[str, Any] = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and value and 'type="checkbox"' not in tag:
            data[name.group(1)] = html.unescape(value.group(1))
    data["seasons"] = re.findall(r'name="seasons" value="([a-z]+)" checked', form)
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', form):
        data[name] = html.unescape(text)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        data[name] = chosen.group(1) if chosen else ""
    data.update(fields)
    return data


def _draft(app: Flask, author: Actor, slug: str, state: str) -> None:
    """Store route ``slug`` (the shipped city walk, texts complete) by ``author`` in ``state``."""
    with app.app_context(), make_sessions(engine())() as session:
        city = next(t for t in load_tours() if t.id == CITY)
        tour = dataclasses.replace(city, id=slug)
        texts = {lang: dict.fromkeys(required_texts(tour), f"{lang} text") for lang in ("vi", "en")}
        repo = Routes(session, author)
        v = repo.new_draft(slug, RouteDraft(tour, texts))
        if state != DRAFT:
            v = repo.act(v.id, "submit", based_on=v.lock)
        if state == PUBLISHED:
            publisher = next(
                a
                for a in _office_users(session)
                if a.role == "admin" and a.user_id != author.user_id
            )
            Routes(session, publisher).act(v.id, "approve", based_on=v.lock)
        session.commit()


def _office_users(session: Any) -> list[Actor]:
    from tourlink.store.models import User
    from tourlink.store.orgs import actor_by_id

    found = [actor_by_id(session, u.id) for u in session.query(User)]
    return [a for a in found if a is not None]


def _versions(app: Flask, slug: str) -> list[tuple[int, str, int]]:
    with app.app_context(), make_sessions(engine())() as session:
        return [(v.number, v.state, v.lock) for v in Routes(session).versions(slug)]


def _post_act(client: FlaskClient, slug: str, action: str, comment: str = "") -> Any:
    """Post ``action`` on the newest version of ``slug`` (based on its current lock)."""
    number, _state, lock = _versions(client.application, slug)[0]
    return client.post(
        f"/office/routes/{slug}/versions/{number}/act",
        data={"csrf_token": _csrf(client), "based_on": lock, "action": action, "comment": comment},
    )


#: Each action, the state it starts from, and who (besides the author, the editor) may take it.
ACTIONS = {
    "submit": (DRAFT, {"editor", "publisher", "publisher-2", "admin"}),
    "withdraw": (IN_REVIEW, {"editor", "publisher", "publisher-2", "admin"}),
    "approve": (IN_REVIEW, {"publisher", "publisher-2", "admin"}),
    "send-back": (IN_REVIEW, {"publisher", "publisher-2", "admin"}),
    "archive": (PUBLISHED, {"publisher", "publisher-2", "admin"}),
}
TARGETS = {"submit": IN_REVIEW, "withdraw": DRAFT, "approve": PUBLISHED, "send-back": DRAFT}


@pytest.mark.parametrize("role", ["public", *ROLES, "publisher-2"])
@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_role_and_action_on_the_desk(
    office_app: Flask,
    people: dict[str, Actor],
    clients: dict[str, FlaskClient],
    role: str,
    action: str,
) -> None:
    """Tests each role × action on the web: allowed moves the version, else nothing changes."""
    slug = f"walk-{action}-{role}"
    source, allowed = ACTIONS[action]
    _draft(office_app, people["editor"], slug, source)
    before = _versions(office_app, slug)
    response = _post_act(clients[role], slug, action, comment="checked on site")
    after = _versions(office_app, slug)
    if role in allowed:
        assert response.status_code == 302, response.get_data(as_text=True)
        expected = "archived" if action == "archive" else TARGETS[action]
        assert after[0][1] == expected and after[0][2] == before[0][2] + 1
        return
    assert after == before
    if role == "public":
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == 403
        if role == "editor":  # on the desk, told why
            assert "may not" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", OUTSIDERS)
def test_operators_get_403_on_every_desk_page(clients: dict[str, FlaskClient], role: str) -> None:
    """Tests that operators and the office's user administrator see no desk page."""
    client = clients[role]
    for path in (
        "/office/",
        f"/office/routes/{CITY}",
        f"/office/routes/{CITY}/edit",
        "/office/routes/new",
    ):
        assert client.get(path).status_code == 403, path
    token = _csrf(client)
    for path in (f"/office/routes/{CITY}/draft", "/office/routes/new"):
        assert client.post(path, data={"csrf_token": token}).status_code == 403, path
    assert "/office/" not in client.get("/tours/").get_data(as_text=True)


def test_the_public_is_sent_to_log_in(clients: dict[str, FlaskClient]) -> None:
    """Tests that a visitor is sent to the log-in page and an unknown route is 404 to the office."""
    response = clients["public"].get("/office/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert clients["editor"].get("/office/routes/no-such-route").status_code == 404


def test_four_eyes_a_publisher_never_approves_their_own(
    office_app: Flask, people: dict[str, Actor], clients: dict[str, FlaskClient]
) -> None:
    """Tests that the author of a version, though a publisher, may not approve it."""
    _draft(office_app, people["publisher"], "walk-own", IN_REVIEW)
    response = _post_act(clients["publisher"], "walk-own", "approve")
    assert response.status_code == 403
    assert "other than the author" in response.get_data(as_text=True)
    assert _versions(office_app, "walk-own")[0][1] == IN_REVIEW
    assert _post_act(clients["publisher-2"], "walk-own", "approve").status_code == 302


def test_send_back_needs_a_comment_and_archive_too(
    office_app: Flask, people: dict[str, Actor], clients: dict[str, FlaskClient]
) -> None:
    """Tests that sending back without a comment is refused, saying why."""
    _draft(office_app, people["editor"], "walk-comment", IN_REVIEW)
    response = _post_act(clients["publisher"], "walk-comment", "send-back")
    assert response.status_code == 403 and "comment" in response.get_data(as_text=True)
    assert _post_act(clients["publisher"], "walk-comment", "send-back", "hours?").status_code == 302
    page = clients["editor"].get("/office/routes/walk-comment").get_data(as_text=True)
    assert "hours?" in page and people["publisher"].email in page  # the audit log


def test_new_route_is_written_checked_and_saved(
    office_app: Flask, clients: dict[str, FlaskClient]
) -> None:
    """Tests writing a route: Check judges and maps it unsaved; Save stores a draft."""
    client = clients["editor"]
    blank = client.get("/office/routes/new")
    page = blank.get_data(as_text=True)
    assert blank.status_code == 200
    data = {**_form(page), "slug": "walk-new", **STOPS, "op": "check"}
    checked = client.post("/office/routes/new", data=data)
    text = checked.get_data(as_text=True)
    assert checked.status_code == 200 and _versions(office_app, "walk-new") == []
    assert 'role="alert"' not in page  # a blank form is no error
    assert "The vi text name is missing." in text  # the checker's verdict, as they edit
    assert '"markers": [' in text and "kon-tum-wooden-church" in text  # the map preview
    saved = client.post("/office/routes/new", data={**data, **TEXTS, "op": "save"})
    assert saved.status_code == 302
    assert _versions(office_app, "walk-new") == [(1, DRAFT, 1)]
    page = client.get("/office/routes/walk-new").get_data(as_text=True)
    assert "Complete: every stop is in the catalogue" in page
    again = client.post("/office/routes/new", data={**data, **TEXTS, "op": "save"})
    assert again.status_code == 409 and "exists; choose another" in again.get_data(as_text=True)


@pytest.mark.parametrize(
    ("change", "field", "said"),
    [
        ({"days": "0"}, "days", "`days` must be a whole number between 1 and 15"),
        ({"stop-site-1": "atlantis"}, "stop-site-1", "must be a site of the catalogue"),
        ({"stop-day-3": "2"}, "stop-day-3", "`stop-day-3` must be a whole number between 1 and 1"),
        ({"seasons": []}, "seasons", "`seasons` must name at least one of dry, rainy"),
        ({"mode": "boat"}, "mode", "`mode` must be one of car, motorbike, coach"),
        ({"slug": "Kon Tum!"}, "slug", "`slug` must be 2 to 60 lower-case letters"),
    ],
)
def test_editor_refuses_bad_values_naming_the_field(
    clients: dict[str, FlaskClient], change: dict[str, Any], field: str, said: str
) -> None:
    """Tests that a bad field is a 400 page naming it, with the edit kept."""
    client = clients["editor"]
    page = client.get("/office/routes/new").get_data(as_text=True)
    data = {**_form(page), "slug": "walk-bad", **STOPS, **TEXTS, "op": "save", **change}
    response = client.post("/office/routes/new", data=data)
    text = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400 and said in text, field
    assert "en summary of the walk" in text  # nothing the user wrote is lost


def test_incomplete_draft_is_not_submitted(
    office_app: Flask, clients: dict[str, FlaskClient]
) -> None:
    """Tests that a draft without its English texts cannot go to review (422, saying what)."""
    client = clients["editor"]
    page = client.get("/office/routes/new").get_data(as_text=True)
    vi_only = {k: v for k, v in TEXTS.items() if "-vi-" in k}
    data = {**_form(page), "slug": "walk-vi", **STOPS, **vi_only, "op": "save"}
    assert client.post("/office/routes/new", data=data).status_code == 302
    response = _post_act(client, "walk-vi", "submit")
    assert response.status_code == 422
    assert "The en text summary is missing." in response.get_data(as_text=True)
    assert _versions(office_app, "walk-vi")[0][1] == DRAFT


def test_forms_without_csrf_token_are_refused(
    office_app: Flask, clients: dict[str, FlaskClient]
) -> None:
    """Tests that no desk form is accepted without its CSRF token."""
    number, _s, lock = _versions(office_app, CITY)[0]
    response = clients["publisher"].post(
        f"/office/routes/{CITY}/versions/{number}/act",
        data={"based_on": lock, "action": "archive", "comment": "x"},
    )
    assert response.status_code == 400
    assert _versions(office_app, CITY)[0] == (number, _s, lock)


def _public(client: FlaskClient) -> tuple[str, str, str, str]:
    page = client.get(f"/tours/{CITY}?lang=en").get_data(as_text=True)
    api = client.get(f"/api/v1/routes/{CITY}").get_json()["name_en"]
    feed = client.get("/open-data/catalogue.json").get_json()
    named = next(r for r in feed["routes"] if r["id"] == CITY)
    return re.search(r"<h1>(.*?)</h1>", page).group(1), api, str(named), page  # type: ignore[union-attr]


def test_journey_edit_review_publish_reaches_the_public(database_url: str) -> None:
    """Tests one route's journey on each engine: a draft stays private until approved.

    Also: two editors saving the same draft at once — the second is told (409), keeps
    their edit, and nothing is overwritten.
    """
    app = _app(database_url)
    try:
        people = _people(app)
        with app.app_context(), make_sessions(engine())() as session:
            people["publisher-2"] = make_actor(
                session, "kon-tum-office", role="office-publisher", kind="office"
            )
        editor, other, publisher = (app.test_client() for _ in range(3))
        login(editor, people["editor"])
        login(other, people["publisher-2"])
        login(publisher, people["publisher"])
        public = app.test_client()
        old_name = _public(public)[0]
        page = editor.get(f"/office/routes/{CITY}").get_data(as_text=True)
        assert (
            editor.post(
                f"/office/routes/{CITY}/draft", data={"csrf_token": csrf_of(page)}
            ).status_code
            == 302
        )
        mine = editor.get(f"/office/routes/{CITY}/edit").get_data(as_text=True)
        theirs = other.get(f"/office/routes/{CITY}/edit").get_data(as_text=True)
        texts = {
            f"text-{lang}-{f}": f"{lang} {f}, revised"
            for lang in ("vi", "en")
            for f in ("summary", "day-1")
        }
        edit = _form(mine, **texts, **{"text-en-name": "Kon Tum in a day (revised)"}, op="save")
        assert editor.post(f"/office/routes/{CITY}/edit", data=edit).status_code == 302
        late = other.post(
            f"/office/routes/{CITY}/edit",
            data=_form(theirs, **{"text-en-name": "Someone else's name"}, op="save"),
        )
        text = html.unescape(late.get_data(as_text=True))
        assert late.status_code == 409 and "Nothing was overwritten" in text
        assert "Someone else's name" in text and people["editor"].email in text
        assert " UTC · draft saved: draft → draft</li>" in text  # history.route-event
        late_vi = other.post(
            f"/office/routes/{CITY}/edit?lang=vi",
            data=_form(theirs, **{"text-en-name": "Someone else's name"}, op="save"),
        )
        said = html.unescape(late_vi.get_data(as_text=True))
        assert (
            late_vi.status_code == 409
            and " UTC · đã lưu bản nháp: bản nháp → bản nháp</li>" in said
        )
        assert _public(public)[0] == old_name  # a draft is invisible
        assert editor.get(f"/api/v1/routes/{CITY}").get_json()["name_en"] == old_name
        assert _post_act(editor, CITY, "submit").status_code == 302
        assert _post_act(editor, CITY, "approve").status_code == 403  # an editor never publishes
        assert _public(public)[0] == old_name  # in review: still the old one
        assert _post_act(publisher, CITY, "approve").status_code == 302
        title, api, feed, page = _public(public)
        assert title == api == "Kon Tum in a day (revised)" and "revised" in feed
        assert "en summary, revised" in page and '"name": "Kon Tum in a day (revised)"' in page
        log = editor.get(f"/office/routes/{CITY}").get_data(as_text=True).split("Audit log")[1]
        for who in (people["editor"].email, people["publisher"].email):
            assert who in log
        assert "<td>the seed</td>" in log and "<td>imported from data/" in log
        vi = html.unescape(editor.get(f"/office/routes/{CITY}?lang=vi").get_data(as_text=True))
        assert "<td>dữ liệu nhập ban đầu</td>" in vi and "<td>nhập từ data/" in vi
        assert "imported from" not in vi and "the seed" not in vi
        assert [s for _n, s, _l in _versions(app, CITY)] == [PUBLISHED, "archived"]
    finally:
        with app.app_context():
            engine().dispose()


def test_drafts_never_reach_sitemap_feed_or_api(
    office_app: Flask, clients: dict[str, FlaskClient]
) -> None:
    """Tests that a new route appears on the public side only once published."""
    client = clients["editor"]
    page = client.get("/office/routes/new").get_data(as_text=True)
    data = {**_form(page), "slug": "walk-public", **STOPS, **TEXTS, "op": "save"}
    assert client.post("/office/routes/new", data=data).status_code == 302
    public = clients["public"]

    def seen() -> list[bool]:
        return [
            "walk-public" in public.get("/sitemap.xml").get_data(as_text=True),
            "walk-public" in public.get("/open-data/catalogue.json").get_data(as_text=True),
            public.get("/api/v1/routes/walk-public").status_code == 200,
            public.get("/tours/walk-public").status_code == 200,
            "walk-public" in public.get("/api/v1/routes").get_data(as_text=True),
        ]

    assert seen() == [False] * 5
    assert _post_act(client, "walk-public", "submit").status_code == 302
    assert seen() == [False] * 5
    assert _post_act(clients["publisher"], "walk-public", "approve").status_code == 302
    assert seen() == [True] * 5
    assert _post_act(clients["publisher"], "walk-public", "archive", "ended").status_code == 302
    assert seen() == [False] * 5
