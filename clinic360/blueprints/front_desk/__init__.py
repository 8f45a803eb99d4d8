from clinic360.api import Blueprint

bp = Blueprint("front_desk", __name__, url_prefix="/api")

from clinic360.blueprints.front_desk import routes  # noqa: E402,F401
