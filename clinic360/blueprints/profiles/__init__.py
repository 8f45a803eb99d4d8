from clinic360.api import Blueprint

bp = Blueprint("profiles", __name__, url_prefix="/api")

from clinic360.blueprints.profiles import routes  # noqa: E402,F401
