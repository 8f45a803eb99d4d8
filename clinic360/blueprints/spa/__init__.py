from flask import Blueprint

bp = Blueprint("spa", __name__)

from clinic360.blueprints.spa import routes  # noqa: E402,F401
