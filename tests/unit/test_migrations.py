"""Alembic has one head, builds the schema from empty on PostgreSQL and SQLite, and agrees
with the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from clinic360 import MIGRATIONS_DIR, create_app
from clinic360.extensions import db
from tests.conftest import app_settings, create_database, drop_database


def schema_differences(app) -> list:
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_there_is_exactly_one_head():
    script = ScriptDirectory.from_config(_alembic_config())
    assert len(script.get_heads()) == 1


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", MIGRATIONS_DIR)
    return config


@pytest.fixture
def sqlite_app(tmp_path):
    return create_app(app_settings(f"sqlite:///{tmp_path / 'migrations.db'}", REDIS_URL=None))


@pytest.fixture
def postgres_app():
    name = "clinic360_migrations_check"
    app = create_app(app_settings(create_database(name)))
    yield app
    with app.app_context():
        db.engine.dispose()
    drop_database(name)


@pytest.mark.parametrize("backend", ["postgres_app", "sqlite_app"])
def test_migrations_build_the_schema_and_match_the_models(request, backend):
    app = request.getfixturevalue(backend)
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
    assert schema_differences(app) == []

    with app.app_context():
        downgrade(directory=MIGRATIONS_DIR, revision="base")
        upgrade(directory=MIGRATIONS_DIR)
    assert schema_differences(app) == []
