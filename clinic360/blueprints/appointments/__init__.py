from clinic360.api import Blueprint

bp = Blueprint("appointments", __name__, url_prefix="/api")

from clinic360.blueprints.appointments import routes  # noqa: E402,F401
