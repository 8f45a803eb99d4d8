from clinic360.api import Blueprint

bp = Blueprint("admin_api", __name__, url_prefix="/api/admin")

from clinic360.blueprints.admin_api import routes  # noqa: E402,F401
