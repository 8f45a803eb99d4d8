"""Clinic360: an open-source telehealth platform."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from clinic360 import crypto
from clinic360.config import load_settings
from clinic360.db_resilience import end_request, new_request, ping_idle_connections, retry_read
from clinic360.extensions import csrf, db, limiter, login_manager, mail, migrate
from clinic360.json_provider import OrjsonProvider

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


class Clinic360(Flask):
    """Flask, with a request that only reads run once more when its pooled database connection
    turned out dead (clinic360.db_resilience): in its before-request hooks or in its view;
    JSON answers written by orjson (clinic360.json_provider)."""

    json_provider_class = OrjsonProvider

    def preprocess_request(self) -> Any:
        new_request()
        return retry_read(super().preprocess_request)

    def dispatch_request(self) -> Any:
        return retry_read(super().dispatch_request)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application. `config` overrides settings read from the environment."""
    app = Clinic360(__name__, static_folder=None, instance_relative_config=True)
    settings = load_settings(app.instance_path, overrides=config)
    app.config.from_mapping(settings.flask_config())
    app.json.sort_keys = False  # type: ignore[attr-defined]
    crypto.configure(crypto.parse_keys(app.config["ENCRYPTION_KEYS"]))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    from clinic360 import models  # noqa: F401 - register every table on the metadata
    from clinic360.http import DatabaseInt, limit_body

    app.url_map.converters["int"] = DatabaseInt
    app.before_request(limit_body)
    db.init_app(app)
    app.teardown_request(end_request)
    with app.app_context():
        ping_idle_connections(db.engine, app.config["DB_PING_IDLE_SECONDS"])
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    mail.init_app(app)
    limiter.init_app(app)

    from clinic360.api import api

    app.config.update(API_SETTINGS)
    api.init_app(app, spec_kwargs=_spec_kwargs(app))
    from clinic360.blueprints.auth.sessions import init_sessions
    from clinic360.errors import register_error_handlers

    register_error_handlers(app)
    init_sessions(app)

    from clinic360.blueprints.admin_api import bp as admin_api_bp
    from clinic360.blueprints.analytics import bp as analytics_bp
    from clinic360.blueprints.appointments import bp as appointments_bp
    from clinic360.blueprints.auth import bp as auth_bp
    from clinic360.blueprints.billing import bp as billing_bp
    from clinic360.blueprints.clinics import bp as clinics_bp
    from clinic360.blueprints.consultations import bp as consultations_bp
    from clinic360.blueprints.data_rights import bp as data_rights_bp
    from clinic360.blueprints.directory import bp as directory_bp
    from clinic360.blueprints.front_desk import bp as front_desk_bp
    from clinic360.blueprints.health import bp as health_bp
    from clinic360.blueprints.notifications import bp as notifications_bp
    from clinic360.blueprints.profiles import bp as profiles_bp
    from clinic360.blueprints.records import bp as records_bp
    from clinic360.blueprints.reviews import bp as reviews_bp
    from clinic360.blueprints.schedule import bp as schedule_bp
    from clinic360.blueprints.spa import bp as spa_bp

    api.register_blueprint(auth_bp)
    api.register_blueprint(health_bp)
    api.register_blueprint(directory_bp)
    api.register_blueprint(profiles_bp)
    api.register_blueprint(admin_api_bp)
    api.register_blueprint(schedule_bp)
    api.register_blueprint(appointments_bp)
    api.register_blueprint(notifications_bp)
    api.register_blueprint(consultations_bp)
    api.register_blueprint(records_bp)
    api.register_blueprint(data_rights_bp)
    api.register_blueprint(reviews_bp)
    api.register_blueprint(billing_bp)
    api.register_blueprint(clinics_bp)
    api.register_blueprint(front_desk_bp)
    api.register_blueprint(analytics_bp)

    from clinic360.admin import init_admin

    init_admin(app)
    app.register_blueprint(spa_bp)
    from clinic360.blueprints.auth.sign_out import bp as sign_out_bp

    app.register_blueprint(sign_out_bp)

    from clinic360.cli import register_cli

    register_cli(app)
    from clinic360 import security_headers

    app.after_request(security_headers.apply)
    if app.config["OUTBOX_INLINE"]:
        from clinic360.jobs.worker import start_inline_dispatcher

        # Started by the first request, so that CLI commands never send mail.
        app.before_request(lambda: start_inline_dispatcher(app))
    return app


API_SETTINGS = {
    "API_TITLE": "Clinic360 API",
    "API_VERSION": "1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/api",
    "OPENAPI_JSON_PATH": "openapi.json",
}


def _spec_kwargs(app: Flask) -> dict[str, Any]:
    return {
        "info": {
            "description": "Session-authenticated JSON API. Unsafe methods need the "
            "X-CSRFToken header holding the token from GET /api/csrf."
        },
        "components": {
            "securitySchemes": {
                "session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": app.config["SESSION_COOKIE_NAME"],
                }
            }
        },
    }
