from clinic360.api import Blueprint

bp = Blueprint("consultations", __name__, url_prefix="/api")

from clinic360.blueprints.consultations import routes  # noqa: E402,F401
