from clinic360.api import Blueprint

bp = Blueprint("directory", __name__, url_prefix="/api")

from clinic360.blueprints.directory import routes  # noqa: E402,F401
