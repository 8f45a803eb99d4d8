"""Data rights: a patient's request to erase their account, and its completion by an admin."""

from clinic360.api import Blueprint

bp = Blueprint("data_rights", __name__, url_prefix="/api")

from clinic360.blueprints.data_rights import routes  # noqa: E402,F401
