"""Settings, read from the environment in one place and validated at start-up."""

from __future__ import annotations

import functools
import json
import os
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from clinic360.config_billing import billing_settings
from clinic360.config_values import ConfigError
from clinic360.config_values import boolean as _bool
from clinic360.config_values import integer as _int
from clinic360.crypto import KeyringError, dev_key_spec, parse_keys
from clinic360.db_cursor import Cursor

__all__ = ["ConfigError", "Settings", "load_settings", "normalize_database_url"]

ENVIRONMENTS = ("development", "testing", "production")


def normalize_database_url(url: str) -> str:
    """Point PostgreSQL URLs at the psycopg 3 driver; reject anything but PostgreSQL/SQLite."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if not (url.startswith("postgresql+psycopg://") or url.startswith("sqlite:")):
        raise ConfigError("DATABASE_URL must be a postgresql:// or sqlite:/// URL")
    return url


def _dev_secret_key(instance_path: Path) -> str:
    """A random key generated once per checkout and kept under instance/ (never in the code)."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        key = key_file.read_text().strip()
        if key:
            return key
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


@dataclass(frozen=True)
class Settings:
    env: str
    secret_key: str
    database_url: str
    redis_url: str | None
    session_hours: int
    bcrypt_rounds: int
    cookie_secure: bool
    trusted_proxies: int
    ratelimit_enabled: bool
    login_rate_limit: str
    register_rate_limit: str
    ratelimit_key_prefix: str
    json_max_bytes: int
    upload_max_bytes: int
    frontend_dist: Path
    upload_dir: Path
    mail: dict[str, Any]
    notifications: dict[str, Any]
    video: dict[str, Any]
    accounts: dict[str, Any]
    billing: dict[str, Any]
    encryption_keys: str
    extra: dict[str, Any] = field(default_factory=dict)
    database: dict[str, Any] = field(default_factory=dict)

    def flask_config(self) -> dict[str, Any]:
        config: dict[str, Any] = {
            "ENV_NAME": self.env,
            "TESTING": self.env == "testing",
            "SECRET_KEY": self.secret_key,
            "SQLALCHEMY_DATABASE_URI": self.database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(self.database_url, self.database),
            **self.database,
            "REDIS_URL": self.redis_url,
            "SESSION_COOKIE_NAME": "clinic360_session",
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "SESSION_COOKIE_SECURE": self.cookie_secure,
            "PERMANENT_SESSION_LIFETIME": timedelta(hours=self.session_hours),
            "SESSION_REFRESH_EACH_REQUEST": False,
            "REMEMBER_COOKIE_HTTPONLY": True,
            "BCRYPT_ROUNDS": self.bcrypt_rounds,
            "TRUSTED_PROXIES": self.trusted_proxies,
            "WTF_CSRF_TIME_LIMIT": None,
            "WTF_CSRF_HEADERS": ["X-CSRFToken", "X-CSRF-Token"],
            "RATELIMIT_ENABLED": self.ratelimit_enabled,
            "RATELIMIT_STORAGE_URI": self.redis_url or "memory://",
            "RATELIMIT_KEY_PREFIX": self.ratelimit_key_prefix,
            "RATELIMIT_HEADERS_ENABLED": True,
            # Redis down must not take logins down: fall back to per-process counting.
            "RATELIMIT_SWALLOW_ERRORS": True,
            "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
            "LOGIN_RATE_LIMIT": self.login_rate_limit,
            "REGISTER_RATE_LIMIT": self.register_rate_limit,
            "JSON_MAX_BYTES": self.json_max_bytes,
            "MAX_CONTENT_LENGTH": self.upload_max_bytes,
            "FRONTEND_DIST": str(self.frontend_dist),
            "UPLOAD_DIR": str(self.upload_dir),
            **self.mail,
            **self.notifications,
            **self.video,
            **self.accounts,
            **self.billing,
            "ENCRYPTION_KEYS": self.encryption_keys,
            "DOCUMENT_MAX_BYTES": 10 * 1024 * 1024,
            "DOCUMENT_QUOTA_BYTES": 100 * 1024 * 1024,
        }
        config.update(self.extra)
        return config


def _engine_options(url: str, database: dict[str, Any]) -> dict[str, Any]:
    # JSON keeps letters as they are ("Español", not "Espa\\u00f1ol"): the full-text indexes
    # read the stored text of the languages list.
    text = {"json_serializer": functools.partial(json.dumps, ensure_ascii=False)}
    if url.startswith("sqlite"):
        # A busy timeout so that the web server and the worker can share the file.
        return {**text, "connect_args": {"timeout": 15}}
    # No ping on every checkout (a round trip per request): connections are recycled, pinged
    # only after sitting idle, and a read is retried once on a dead one (db_resilience.py).
    return {
        **text,
        "pool_pre_ping": False,
        "pool_recycle": database["DB_POOL_RECYCLE_SECONDS"],
        # The session's time zone is UTC: timestamptz values arrive as UTC datetimes, as
        # UTCDateTime gives them (database.py), with nothing left to convert. No JIT: compiling
        # a statement guessed dear (a year of a clinic's analytics) took 14 ms of its 41.
        "connect_args": {"cursor_factory": Cursor, "options": "-c TimeZone=UTC -c jit=off"},
    }


def _database_settings(env_vars: dict[str, str], overrides: dict[str, Any]) -> dict[str, Any]:
    def number(name: str, default: int, minimum: int) -> int:
        given = overrides.pop(name, None)
        return _int(env_vars.get(name) if given is None else str(given), default, name, minimum)

    return {
        # Pooled connections are replaced at this age (before a server or firewall drops them).
        "DB_POOL_RECYCLE_SECONDS": number("DB_POOL_RECYCLE_SECONDS", 1800, 1),
        # A connection idle in the pool this long is pinged before use.
        "DB_PING_IDLE_SECONDS": number("DB_PING_IDLE_SECONDS", 30, 0),
    }


def _mail_settings(env_vars: dict[str, str], env: str, instance: Path) -> dict[str, Any]:
    server = env_vars.get("MAIL_SERVER") or None
    return {
        "MAIL_BACKEND": "smtp" if server else "file",
        "MAIL_SERVER": server or "localhost",
        "MAIL_PORT": _int(env_vars.get("MAIL_PORT"), 25, "MAIL_PORT", 1),
        "MAIL_USE_TLS": _bool(env_vars.get("MAIL_USE_TLS"), False, "MAIL_USE_TLS"),
        "MAIL_USE_SSL": _bool(env_vars.get("MAIL_USE_SSL"), False, "MAIL_USE_SSL"),
        "MAIL_USERNAME": env_vars.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env_vars.get("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": env_vars.get("MAIL_DEFAULT_SENDER")
        or "Clinic360 <no-reply@clinic360.test>",
        "MAIL_TIMEOUT": _int(env_vars.get("MAIL_TIMEOUT"), 30, "MAIL_TIMEOUT", 1),
        "MAIL_DIR": str(Path(env_vars.get("MAIL_DIR") or instance / "mail")),
        "MAIL_SUPPRESS_SEND": False,
    }


def _notification_settings(
    env_vars: dict[str, str], env: str, redis_url: str | None
) -> dict[str, Any]:
    offsets = env_vars.get("REMINDER_OFFSETS_MINUTES") or "1440,60"
    try:
        minutes = sorted({int(part) for part in offsets.split(",") if part.strip()}, reverse=True)
    except ValueError:
        raise ConfigError("REMINDER_OFFSETS_MINUTES must be minutes, e.g. 1440,60") from None
    if any(m <= 0 for m in minutes):
        raise ConfigError("REMINDER_OFFSETS_MINUTES must be positive")
    sms = (env_vars.get("SMS_BACKEND") or "").strip().lower()
    if sms not in ("", "console"):
        raise ConfigError("SMS_BACKEND must be empty (off) or console")
    return {
        "PUBLIC_BASE_URL": (env_vars.get("PUBLIC_BASE_URL") or "http://127.0.0.1:5000").rstrip("/"),
        "REMINDER_OFFSETS_MINUTES": minutes,
        "REMINDER_GRACE_MINUTES": _int(
            env_vars.get("REMINDER_GRACE_MINUTES"), 15, "REMINDER_GRACE_MINUTES", 0
        ),
        "SMS_BACKEND": sms or None,
        "OUTBOX_MAX_ATTEMPTS": _int(
            env_vars.get("OUTBOX_MAX_ATTEMPTS"), 6, "OUTBOX_MAX_ATTEMPTS", 1
        ),
        "OUTBOX_VISIBILITY_SECONDS": _int(
            env_vars.get("OUTBOX_VISIBILITY_SECONDS"), 300, "OUTBOX_VISIBILITY_SECONDS", 1
        ),
        "OUTBOX_RETRY_BASE_SECONDS": _int(
            env_vars.get("OUTBOX_RETRY_BASE_SECONDS"), 30, "OUTBOX_RETRY_BASE_SECONDS", 1
        ),
        "DISPATCH_INTERVAL_SECONDS": float(env_vars.get("DISPATCH_INTERVAL_SECONDS") or 2),
        # Without Redis the web process itself sends due mail (one thread per process).
        "OUTBOX_INLINE": _bool(
            env_vars.get("OUTBOX_INLINE"), not redis_url and env == "development", "OUTBOX_INLINE"
        ),
        "MAIL_QUEUE": env_vars.get("MAIL_QUEUE") or "mail",
    }


def _video_settings(env_vars: dict[str, str]) -> dict[str, Any]:
    """Jitsi: self-hosted with token auth (HS256), or JaaS by 8x8 (RS256); else off."""
    domain = (env_vars.get("JITSI_DOMAIN") or "").strip() or None
    key = env_vars.get("JAAS_PRIVATE_KEY") or None
    key_path = env_vars.get("JAAS_PRIVATE_KEY_PATH")
    if key_path and not key:
        try:
            key = Path(key_path).read_text()
        except OSError as error:
            raise ConfigError(f"JAAS_PRIVATE_KEY_PATH cannot be read: {error}") from None
    mode = None
    if domain and env_vars.get("JAAS_APP_ID") and env_vars.get("JAAS_KEY_ID") and key:
        mode = "jaas"
    elif domain and env_vars.get("JITSI_APP_ID") and env_vars.get("JITSI_APP_SECRET"):
        mode = "self-hosted"
    scheme = (env_vars.get("JITSI_SCHEME") or "https").lower()
    if scheme not in ("https", "http"):
        raise ConfigError("JITSI_SCHEME must be https (or http for a local test server)")
    return {
        "JITSI_MODE": mode,
        "JITSI_DOMAIN": domain,
        "JITSI_SCHEME": scheme,
        "JITSI_APP_ID": env_vars.get("JITSI_APP_ID") or None,
        "JITSI_APP_SECRET": env_vars.get("JITSI_APP_SECRET") or None,
        "JITSI_AUDIENCE": env_vars.get("JITSI_AUDIENCE") or "jitsi",
        "JITSI_SUBJECT": env_vars.get("JITSI_SUBJECT") or None,
        "JAAS_APP_ID": env_vars.get("JAAS_APP_ID") or None,
        "JAAS_KEY_ID": env_vars.get("JAAS_KEY_ID") or None,
        "JAAS_PRIVATE_KEY": key,
        "VIDEO_JOIN_OPENS_MINUTES_BEFORE": _int(
            env_vars.get("VIDEO_JOIN_OPENS_MINUTES_BEFORE"), 10, "VIDEO_JOIN_OPENS_MINUTES_BEFORE"
        ),
        "VIDEO_JOIN_CLOSES_MINUTES_AFTER": _int(
            env_vars.get("VIDEO_JOIN_CLOSES_MINUTES_AFTER"), 30, "VIDEO_JOIN_CLOSES_MINUTES_AFTER"
        ),
        "VIDEO_TOKEN_LEEWAY_SECONDS": 5,
        "MESSAGE_MAIL_DELAY_MINUTES": _int(
            env_vars.get("MESSAGE_MAIL_DELAY_MINUTES"), 5, "MESSAGE_MAIL_DELAY_MINUTES"
        ),
    }


def _roles(value: str | None, default: str, name: str) -> tuple[str, ...]:
    raw = default if value is None else value
    roles = tuple(sorted({part.strip().lower() for part in raw.split(",") if part.strip()}))
    unknown = set(roles) - {"patient", "doctor", "admin"}
    if unknown:
        raise ConfigError(f"{name} names unknown roles: {', '.join(sorted(unknown))}")
    return roles


def _account_settings(env_vars: dict[str, str], env: str) -> dict[str, Any]:
    """Sign-in security, account recovery and abuse limits."""

    def number(name: str, default: int, minimum: int = 0) -> int:
        return _int(env_vars.get(name), default, name, minimum)

    return {
        # A session idle this long is ended on the server (HIPAA automatic logoff).
        "SESSION_IDLE_MINUTES": number("SESSION_IDLE_MINUTES", 30, 1),
        # Roles that must enrol a second factor before they can do anything else.
        "REQUIRE_MFA_ROLES": _roles(
            env_vars.get("REQUIRE_MFA_ROLES"), "admin", "REQUIRE_MFA_ROLES"
        ),
        "MFA_ISSUER": env_vars.get("MFA_ISSUER") or "Clinic360",
        # Minutes between a correct password and the second factor.
        "MFA_PENDING_MINUTES": number("MFA_PENDING_MINUTES", 5, 1),
        "PASSWORD_RESET_MINUTES": number("PASSWORD_RESET_MINUTES", 30, 1),
        "EMAIL_VERIFY_HOURS": number("EMAIL_VERIFY_HOURS", 72, 1),
        # zxcvbn score (0-4) a new password must reach.
        "PASSWORD_MIN_SCORE": number("PASSWORD_MIN_SCORE", 3 if env != "testing" else 2),
        # Failures per account (whatever the address) and per address (whatever the account)
        # before sign-in, second factor, reset and verification answer 429 for the lock time.
        "THROTTLE_ACCOUNT_FAILURES": number("THROTTLE_ACCOUNT_FAILURES", 10, 1),
        "THROTTLE_ADDRESS_FAILURES": number("THROTTLE_ADDRESS_FAILURES", 50, 1),
        "THROTTLE_WINDOW_SECONDS": number("THROTTLE_WINDOW_SECONDS", 900, 1),
        "THROTTLE_LOCK_SECONDS": number("THROTTLE_LOCK_SECONDS", 900, 1),
        # Booking abuse: open (pending) requests a patient may hold, per doctor and overall,
        # bookings a patient may make per hour, and hours a doctor has to answer a request.
        "BOOKING_OPEN_PER_DOCTOR": number("BOOKING_OPEN_PER_DOCTOR", 2, 1),
        "BOOKING_OPEN_TOTAL": number("BOOKING_OPEN_TOTAL", 5, 1),
        "BOOKING_PER_HOUR": number("BOOKING_PER_HOUR", 10, 1),
        "PENDING_EXPIRY_HOURS": number("PENDING_EXPIRY_HOURS", 48, 1),
        # Days a patient may edit their review after writing it; reports of reviews a user
        # may send per hour, and may have waiting for an admin at once.
        "REVIEW_EDIT_DAYS": _at_most(number("REVIEW_EDIT_DAYS", 30, 0), 3650, "REVIEW_EDIT_DAYS"),
        "REVIEW_REPORTS_PER_HOUR": number("REVIEW_REPORTS_PER_HOUR", 10, 1),
        "REVIEW_REPORTS_OPEN": number("REVIEW_REPORTS_OPEN", 20, 1),
        # Uploaded images beyond this many pixels are refused (decompression bombs).
        "IMAGE_MAX_PIXELS": number("IMAGE_MAX_PIXELS", 40_000_000, 1),
        # The country of phone numbers given without a country code (ISO 3166 code).
        "PHONE_DEFAULT_REGION": _region(env_vars.get("PHONE_DEFAULT_REGION")),
    }


def _at_most(number: int, maximum: int, name: str) -> int:
    if number > maximum:
        raise ConfigError(f"{name} must be at most {maximum}")
    return number


def _region(value: str | None) -> str:
    import phonenumbers

    region = (value or "US").strip().upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise ConfigError(f"PHONE_DEFAULT_REGION must be a country code like US, not {value!r}")
    return region


def load_settings(
    instance_path: str | os.PathLike[str],
    environ: dict[str, str] | None = None,
    overrides: dict[str, Any] | None = None,
) -> Settings:
    """Build validated settings from environment variables (and explicit overrides)."""
    env_vars = dict(os.environ if environ is None else environ)
    overrides = dict(overrides or {})
    instance = Path(instance_path)

    env = (overrides.pop("ENV", None) or env_vars.get("CLINIC360_ENV") or "development").lower()
    if env not in ENVIRONMENTS:
        raise ConfigError(f"CLINIC360_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}")

    secret_key = overrides.pop("SECRET_KEY", None) or env_vars.get("SECRET_KEY")
    if not secret_key:
        if env != "development":
            raise ConfigError(f"SECRET_KEY must be set outside development (CLINIC360_ENV={env})")
        secret_key = _dev_secret_key(instance)
    elif env == "production" and len(secret_key) < 32:
        raise ConfigError("SECRET_KEY must be at least 32 characters in production")

    database_url = overrides.pop("DATABASE_URL", None) or env_vars.get("DATABASE_URL")
    if not database_url:
        database_url = f"sqlite:///{instance.resolve() / 'clinic360.db'}"
    database_url = normalize_database_url(database_url)

    redis_url = overrides.pop("REDIS_URL", None) or env_vars.get("REDIS_URL") or None
    if redis_url and not redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError("REDIS_URL must be a redis://, rediss:// or unix:// URL")

    encryption_keys = overrides.pop("ENCRYPTION_KEYS", None) or env_vars.get("ENCRYPTION_KEYS")
    if not encryption_keys:
        if env != "development":
            raise ConfigError(
                f"ENCRYPTION_KEYS must be set outside development (CLINIC360_ENV={env})"
            )
        encryption_keys = dev_key_spec(instance)
    try:
        parse_keys(encryption_keys)
    except KeyringError as error:
        raise ConfigError(f"ENCRYPTION_KEYS: {error}") from None

    default_rounds = 4 if env == "testing" else 12
    root = Path(__file__).resolve().parent.parent

    return Settings(
        env=env,
        secret_key=secret_key,
        database_url=database_url,
        redis_url=redis_url,
        session_hours=_int(env_vars.get("SESSION_HOURS"), 12, "SESSION_HOURS", 1),
        bcrypt_rounds=_int(env_vars.get("BCRYPT_ROUNDS"), default_rounds, "BCRYPT_ROUNDS", 4),
        cookie_secure=_bool(
            env_vars.get("SESSION_COOKIE_SECURE"), env == "production", "SESSION_COOKIE_SECURE"
        ),
        trusted_proxies=_int(env_vars.get("TRUSTED_PROXIES"), 0, "TRUSTED_PROXIES"),
        ratelimit_enabled=_bool(env_vars.get("RATELIMIT_ENABLED"), True, "RATELIMIT_ENABLED"),
        login_rate_limit=env_vars.get("LOGIN_RATE_LIMIT") or "10 per minute;100 per hour",
        register_rate_limit=env_vars.get("REGISTER_RATE_LIMIT") or "20 per hour",
        ratelimit_key_prefix=env_vars.get("RATELIMIT_KEY_PREFIX") or "clinic360",
        json_max_bytes=_int(env_vars.get("JSON_MAX_BYTES"), 1024 * 1024, "JSON_MAX_BYTES", 1024),
        upload_max_bytes=_int(
            env_vars.get("UPLOAD_MAX_BYTES"), 16 * 1024 * 1024, "UPLOAD_MAX_BYTES", 1024
        ),
        frontend_dist=Path(env_vars.get("FRONTEND_DIST") or root / "frontend" / "dist"),
        upload_dir=Path(env_vars.get("UPLOAD_DIR") or instance / "uploads"),
        mail=_mail_settings(env_vars, env, instance),
        notifications=_notification_settings(env_vars, env, redis_url),
        video=_video_settings(env_vars),
        accounts=_account_settings(env_vars, env),
        billing=billing_settings(env_vars, env),
        encryption_keys=encryption_keys,
        database=_database_settings(env_vars, overrides),
        extra=overrides,
    )
