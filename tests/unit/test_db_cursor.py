"""The cursor of the app's PostgreSQL connections describes results as psycopg's own does,
making each column only when it is read (clinic360/db_cursor.py)."""

from __future__ import annotations

import psycopg
import pytest
import sqlalchemy as sa

from clinic360.db_cursor import Cursor, LazyDescription
from clinic360.extensions import db
from clinic360.models import User

STATEMENTS = [
    "SELECT 1 AS one, 'x'::text AS letter, now() AS at, NULL::numeric(10, 2) AS money",
    "SELECT 1 WHERE false",
    "SELECT",
    "CREATE TEMPORARY TABLE scratch (n int)",
    "INSERT INTO scratch VALUES (1)",
    "INSERT INTO scratch VALUES (2) RETURNING n, n * 2 AS twice",
]


def _shape(description):
    if description is None:
        return None
    return [tuple(column) for column in description]


def test_the_app_connections_use_it(app):
    with app.app_context():
        dbapi = db.session.connection().connection.dbapi_connection
        assert isinstance(dbapi.cursor(), Cursor)


def test_descriptions_are_psycopgs(app, database_url):
    plain_url = sa.engine.make_url(database_url).set(drivername="postgresql")
    with (
        psycopg.connect(plain_url.render_as_string(hide_password=False)) as plain,
        psycopg.connect(
            plain_url.render_as_string(hide_password=False), cursor_factory=Cursor
        ) as lazy,
    ):
        for statement in STATEMENTS:
            expected = plain.execute(statement).description
            found = lazy.execute(statement).description
            assert (found is None) == (expected is None), statement
            if found is None:
                continue
            assert isinstance(found, LazyDescription)
            assert len(found) == len(expected)
            assert _shape(found) == _shape(expected), statement
            assert [c.name for c in found[1:]] == [c.name for c in expected[1:]]
            if len(found):
                assert found[-1].type_code == expected[-1].type_code
                assert found[0] is found[0]  # made once
        with pytest.raises(IndexError):
            lazy.execute("SELECT 1").description[1]


def test_a_column_read_after_the_cursor_moved_on_raises(app, database_url):
    url = sa.engine.make_url(database_url).set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False), cursor_factory=Cursor) as conn:
        cursor = conn.cursor()
        first = cursor.execute("SELECT 1 AS a, 2 AS b").description
        assert first[0].name == "a"
        cursor.execute("SELECT 'x' AS c, 'y' AS d")
        assert first[0].name == "a"  # read before: kept
        with pytest.raises(RuntimeError):
            first[1]


def test_orm_results_are_unchanged_whether_described_anew_or_from_the_cache(app, make_user):
    user = make_user()
    with app.app_context():
        for _ in range(3):  # the first run describes the result, the others use the cache
            found = db.session.execute(
                sa.select(User.id, User.email, User.created_at).where(User.id == user.id)
            ).one()
            assert (found.id, found.email) == (user.id, user.email)
            assert found.created_at.tzinfo is not None
