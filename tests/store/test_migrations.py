"""Tests of the Alembic migrations: from empty, idempotent, matching the models, keeping rows.

``SEEDS`` holds, per revision, rows written with plain SQL as that revision's schema
stands; each later migration is run on a database holding them and must keep them. A new
migration adds its own seed here (so the one after it is tested on rows too).
"""

from __future__ import annotations

from collections.abc import Callable

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

from tourlink.store import current_revision, head_revision, make_engine, upgrade
from tourlink.store.migrate import alembic_config, load_models
from tourlink.store.models import Base

WORKSPACE_TABLES = {
    "organisations",
    "users",
    "api_tokens",
    "itineraries",
    "itinerary_versions",
    "share_links",
}


def _seed_0001(connection: Connection) -> dict[str, int]:
    now = "2026-03-01 08:00:00"
    connection.execute(
        text(
            "INSERT INTO organisations (id, slug, name, kind, created_at) "
            "VALUES (1, 'kt', 'Kon Tum Tours', 'operator', :now)"
        ),
        {"now": now},
    )
    connection.execute(
        text(
            "INSERT INTO users (id, org_id, email, name, role, password_hash, active, created_at)"
            " VALUES (1, 1, 'a@kt.example', 'A', 'operator', 'x', true, :now)"
        ),
        {"now": now},
    )
    connection.execute(
        text(
            "INSERT INTO itineraries (id, org_id, version, name, customer, start_date, days, "
            "stops, violations, created_by, created_at, updated_at) VALUES "
            "(1, 1, 1, 'Trip', 'Lan', '2026-03-02', 1, 0, 0, 1, :now, :now)"
        ),
        {"now": now},
    )
    connection.execute(
        text(
            "INSERT INTO itinerary_versions (id, itinerary_id, number, author_id, created_at, "
            "summary, name, customer, notes, start_date, days, stops, violations, "
            "data_version, snapshot) VALUES (1, 1, 1, 1, :now, '', 'Trip', 'Lan', 'n', "
            "'2026-03-02', 1, 0, 0, 'v', :doc)"
        ),
        {"now": now, "doc": '{"itinerary": {"days": []}, "violations": []}'},
    )
    return {"organisations": 1, "users": 1, "itineraries": 1, "itinerary_versions": 1}


def _seed_0002(connection: Connection) -> dict[str, int]:
    """Add a rate card, an exchange rate and a quote of itinerary 1 (the quotes part)."""
    now = "2026-03-01 09:00:00"
    doc = '{"name": "2026", "vehicles": []}'
    connection.execute(
        text(
            "INSERT INTO rate_cards (id, org_id, name, version, document, updated_by, created_at,"
            " updated_at) VALUES (1, 1, '2026', 1, :doc, 1, :now, :now)"
        ),
        {"now": now, "doc": doc},
    )
    connection.execute(
        text(
            "INSERT INTO exchange_rates (id, org_id, base, quote, rate, date, source, created_by,"
            " created_at) VALUES (1, 1, 'USD', 'VND', 26000, '2026-03-01', 'bank', 1, :now)"
        ),
        {"now": now},
    )
    connection.execute(
        text(
            "INSERT INTO quotes (id, org_id, itinerary_id, itinerary_version, rate_card_id, "
            "rate_card_version, quote_date, rates_entered, currency, price_from, options, rates,"
            " result, requote_of, created_by, created_at) VALUES (1, 1, 1, 1, 1, 1, "
            "'2026-03-01', :now, 'USD', 120.50, '{}', '{}', '{}', NULL, 1, :now)"
        ),
        {"now": now},
    )
    return {"rate_cards": 1, "exchange_rates": 1, "quotes": 1}


def _seed_0003(connection: Connection) -> dict[str, int]:
    """Add a published route, a draft of its next version and an audit line (publishing)."""
    now = "2026-03-01 10:00:00"
    connection.execute(
        text("INSERT INTO routes (id, slug, created_at) VALUES (1, 'kon-tum-city-day', :now)"),
        {"now": now},
    )
    connection.execute(
        text(
            "INSERT INTO route_versions (id, route_id, number, state, author_id, document, lock,"
            " created_at, updated_at) VALUES (1, 1, 1, 'published', NULL, '{}', 1, :now, :now),"
            " (2, 1, 2, 'draft', 1, '{}', 1, :now, :now)"
        ),
        {"now": now},
    )
    connection.execute(
        text(
            "INSERT INTO route_events (id, version_id, actor_id, action, source, target, "
            "comment, at) VALUES (1, 1, NULL, 'seed', 'draft', 'published', '', :now)"
        ),
        {"now": now},
    )
    return {"routes": 1, "route_versions": 2, "route_events": 1}


def _seed_0004(connection: Connection) -> dict[str, int]:
    """Add an organisation's own hotel (example coordinates in Kon Tum) and a retired café."""
    now = "2026-03-01 10:00:00"
    connection.execute(
        text(
            "INSERT INTO own_places (id, org_id, slug, name, kind, lat, lon, visit_minutes,"
            " opening_hours, created_by, created_at, retired_at) VALUES"
            " (1, 1, 'indochine-hotel', 'Indochine Hotel (example)', 'hotel', 14.3497,"
            " 108.0005, 60, '24/7', 1, :now, NULL),"
            " (2, 1, 'old-cafe', 'Old café (example)', 'restaurant', 14.342, 108.012, 45,"
            " 'Mo-Su 07:00-21:00', 1, :now, :now)"
        ),
        {"now": now},
    )
    return {"own_places": 2}


def _seed_0005(connection: Connection) -> dict[str, int]:
    """Add an operator's tour of organisation 1 (operators' tours and departures)."""
    now = "2026-03-01 11:00:00"
    doc = '{"route": "kon-tum-city-day", "depart": "07:30", "arrive": "17:00"}'
    connection.execute(
        text(
            "INSERT INTO operator_tours (id, org_id, slug, shared, document, lock, author_id, "
            "created_at, updated_at) VALUES (1, 1, 'city-day', true, :doc, 1, 1, :now, :now)"
        ),
        {"now": now, "doc": doc},
    )
    return {"operator_tours": 1}


def _seed_0006(connection: Connection) -> dict[str, int]:
    """Add the logo of organisation 1 (the quotes part: a tiny PNG's bytes)."""
    connection.execute(
        text(
            "INSERT INTO org_logos (id, org_id, version, media_type, width, height, sha256, "
            "data, updated_by, updated_at) VALUES (1, 1, 1, 'image/png', 16, 16, :digest, "
            ":data, 1, '2026-03-01 11:00:00')"
        ),
        {"digest": "0" * 64, "data": b"\x89PNG\r\n\x1a\n"},
    )
    return {"org_logos": 1}


def _seed_0007(connection: Connection) -> dict[str, int]:
    """Add version 2 of itinerary 1 with a system-written summary stored as a message."""
    connection.execute(
        text(
            "INSERT INTO itinerary_versions (id, itinerary_id, number, author_id, created_at, "
            "summary, summary_message, name, customer, notes, start_date, days, stops, "
            "violations, data_version, snapshot) VALUES (2, 1, 2, 1, '2026-03-01 12:00:00', "
            "'restored version 1', :said, 'Trip', 'Lan', 'n', '2026-03-02', 1, 0, 0, 'v', :doc)"
        ),
        {
            "said": '{"code": "history.restored", "params": {"number": 1}, '
            '"text": "restored version 1"}',
            "doc": '{"itinerary": {"days": []}, "violations": []}',
        },
    )
    return {"itinerary_versions": 1}


#: Rows to write at each revision (see the module docstring).
SEEDS: dict[str, Callable[[Connection], dict[str, int]]] = {
    "0001": _seed_0001,
    "0002": _seed_0002,
    "0003": _seed_0003,
    "0004": _seed_0004,
    "0005": _seed_0005,
    "0006": _seed_0006,
    "0007": _seed_0007,
}


def _chain() -> list[tuple[str | None, str]]:
    script = ScriptDirectory.from_config(alembic_config())
    return [(r.down_revision, r.revision) for r in reversed(list(script.walk_revisions()))]


def _counts(engine: Engine, tables: dict[str, int]) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            t: int(connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one())
            for t in tables
        }


def test_chain_is_linear_and_every_revision_has_a_seed() -> None:
    """Tests that the migrations form one chain from empty and each names rows to test with."""
    chain = _chain()
    assert chain[0][0] is None
    assert [parent for parent, _ in chain[1:]] == [rev for _, rev in chain[:-1]]
    assert chain[-1][1] == head_revision()
    assert {rev for _, rev in chain} == set(SEEDS)


def test_upgrade_from_empty_matches_the_models(database_url: str) -> None:
    """Tests that migrating an empty database gives exactly the tables the models declare."""
    engine = make_engine(database_url)
    assert current_revision(engine) is None
    assert upgrade(engine) == head_revision()
    assert set(inspect(engine).get_table_names()) >= WORKSPACE_TABLES
    load_models()
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []
    engine.dispose()


def test_every_migration_keeps_the_rows_of_the_previous_head(database_url: str) -> None:
    """Tests that each migration, run on a database with rows, keeps them; and head is stable."""
    engine = make_engine(database_url)
    expected: dict[str, int] = {}
    for _parent, revision in _chain():
        upgrade(engine, revision)
        assert _counts(engine, expected) == expected
        with engine.begin() as connection:
            for table, count in SEEDS[revision](connection).items():
                expected[table] = expected.get(table, 0) + count
    assert upgrade(engine) == head_revision()  # again: a no-op
    assert _counts(engine, expected) == expected
    engine.dispose()


def test_summary_messages_keep_the_text_of_older_versions(database_url: str) -> None:
    """Tests that 0007 keeps old summaries as their text and new ones are said in Lao.

    Versions saved before 0007 (a typed summary, and the old English "restored version 1")
    have no message after the upgrade and are shown as they were saved; a message stored
    after it is rebuilt and said in the reader's language.
    """
    from sqlalchemy.orm import Session

    from tourlink.store.models import ItineraryVersion
    from tourlink.translations import renderer

    engine = make_engine(database_url)
    upgrade(engine, "0006")
    copy = (
        "INSERT INTO itinerary_versions (id, itinerary_id, number, author_id, created_at, "
        "summary, name, customer, notes, start_date, days, stops, violations, data_version, "
        "snapshot) SELECT :id, 1, :id, 1, created_at, :summary, name, customer, notes, "
        "start_date, days, stops, violations, data_version, snapshot FROM itinerary_versions "
        "WHERE id = 1"
    )
    with engine.begin() as connection:
        _seed_0001(connection)
        connection.execute(text(copy), {"id": 5, "summary": "moved day 2"})
        connection.execute(text(copy), {"id": 6, "summary": "restored version 1"})
    upgrade(engine)
    with engine.begin() as connection:
        _seed_0007(connection)  # version 2, written after the upgrade: with its message
    with Session(engine) as session:
        rows = {v.number: v for v in session.query(ItineraryVersion)}
        assert [(rows[n].summary_message, rows[n].summary_said) for n in (5, 6)] == [
            (None, "moved day 2"),
            (None, "restored version 1"),
        ]
        said = rows[2].summary_said
        assert not isinstance(said, str) and said.code == "history.restored"
        assert renderer("vi")(said) == "khôi phục phiên bản 1"
        assert renderer("lo")(said) == "ກູ້ຄືນສະບັບທີ 1"
    engine.dispose()
