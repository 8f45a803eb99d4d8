from clinic360.api import Blueprint

bp = Blueprint("clinics", __name__, url_prefix="/api")

from clinic360.blueprints.clinics import routes  # noqa: E402,F401
