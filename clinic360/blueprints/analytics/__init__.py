from clinic360.api import Blueprint

bp = Blueprint("analytics", __name__, url_prefix="/api")

from clinic360.blueprints.analytics import routes  # noqa: E402,F401
