from clinic360.api import Blueprint

bp = Blueprint("health", __name__, url_prefix="/api")

from clinic360.blueprints.health import routes  # noqa: E402,F401
