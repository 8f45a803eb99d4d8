from clinic360.api import Blueprint

bp = Blueprint("reviews", __name__, url_prefix="/api")

from clinic360.blueprints.reviews import routes  # noqa: E402,F401
