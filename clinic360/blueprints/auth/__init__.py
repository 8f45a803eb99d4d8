from clinic360.api import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/api")

from clinic360.blueprints.auth import mfa_routes, routes, session_routes  # noqa: E402,F401
