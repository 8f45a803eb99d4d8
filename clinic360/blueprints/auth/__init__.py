from clinic360.api import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/api")

from clinic360.blueprints.auth import (  # noqa: E402,F401
    account_routes,
    mfa_routes,
    routes,
    session_routes,
)
