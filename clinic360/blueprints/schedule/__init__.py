from clinic360.api import Blueprint

bp = Blueprint("schedule", __name__, url_prefix="/api")

from clinic360.blueprints.schedule import managed_routes, routes  # noqa: E402,F401
