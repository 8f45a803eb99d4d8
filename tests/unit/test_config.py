"""Settings come from the environment and are validated at start-up."""

from __future__ import annotations

import stat

import pytest

from clinic360.config import ConfigError, load_settings, normalize_database_url
from clinic360.crypto import new_key_spec


def test_development_defaults_need_nothing_installed(tmp_path):
    settings = load_settings(tmp_path, environ={})
    assert settings.env == "development"
    assert settings.database_url == f"sqlite:///{tmp_path.resolve() / 'clinic360.db'}"
    assert settings.redis_url is None
    config = settings.flask_config()
    assert config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_dev_secret_key_is_generated_once_and_kept_private(tmp_path):
    first = load_settings(tmp_path, environ={}).secret_key
    second = load_settings(tmp_path, environ={}).secret_key
    assert first == second
    assert len(first) >= 64
    key_file = tmp_path / "secret_key"
    assert key_file.read_text() == first
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    other = tmp_path / "other"
    assert load_settings(other, environ={}).secret_key != first


def test_production_requires_a_strong_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_settings(tmp_path, environ={"CLINIC360_ENV": "production"})
    with pytest.raises(ConfigError, match="32"):
        load_settings(tmp_path, environ={"CLINIC360_ENV": "production", "SECRET_KEY": "short"})
    production = {"CLINIC360_ENV": "production", "SECRET_KEY": "k" * 40}
    with pytest.raises(ConfigError, match="ENCRYPTION_KEYS"):
        load_settings(tmp_path, environ=production)
    settings = load_settings(
        tmp_path, environ={**production, "ENCRYPTION_KEYS": new_key_spec("prod1")}
    )
    assert settings.cookie_secure is True
    assert not (tmp_path / "secret_key").exists()
    assert not (tmp_path / "encryption_keys").exists()


@pytest.mark.parametrize(
    "spec",
    ["", "k1", "k1:not-base64!", "k1:" + "QUJD", "bad id:" + "A" * 44, f"{'a' * 40}:{'A' * 44}"],
)
def test_bad_encryption_keys_fail_at_start_up(tmp_path, spec):
    with pytest.raises(ConfigError, match="ENCRYPTION_KEYS"):
        load_settings(tmp_path, environ={"ENCRYPTION_KEYS": spec or " , "})


def test_development_encryption_key_is_generated_once(tmp_path):
    first = load_settings(tmp_path, environ={}).encryption_keys
    assert load_settings(tmp_path, environ={}).encryption_keys == first
    assert first.startswith("dev1:")


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"CLINIC360_ENV": "staging"}, "CLINIC360_ENV"),
        ({"DATABASE_URL": "mysql://root@localhost/x"}, "DATABASE_URL"),
        ({"REDIS_URL": "http://localhost:6379"}, "REDIS_URL"),
        ({"SESSION_HOURS": "soon"}, "SESSION_HOURS"),
        ({"SESSION_HOURS": "0"}, "SESSION_HOURS"),
        ({"SESSION_COOKIE_SECURE": "maybe"}, "SESSION_COOKIE_SECURE"),
    ],
)
def test_bad_settings_fail_at_start_up_with_a_clear_message(tmp_path, environ, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(tmp_path, environ=environ)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_urls_use_psycopg_3(given, expected):
    assert normalize_database_url(given) == expected


def test_explicit_overrides_win_over_the_environment(tmp_path):
    settings = load_settings(
        tmp_path,
        environ={"DATABASE_URL": "sqlite:////tmp/env.db"},
        overrides={"DATABASE_URL": "sqlite:////tmp/override.db", "LOGIN_RATE_LIMIT": "1/second"},
    )
    assert settings.database_url == "sqlite:////tmp/override.db"
    assert settings.flask_config()["LOGIN_RATE_LIMIT"] == "1/second"
