from clinic360.api import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/api")

from clinic360.blueprints.notifications import routes  # noqa: E402,F401
