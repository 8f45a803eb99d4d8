from clinic360.api import Blueprint

bp = Blueprint("records", __name__, url_prefix="/api")

from clinic360.blueprints.records import routes  # noqa: E402,F401
