from flask import Blueprint
from werkzeug.routing import PathConverter

bp = Blueprint("spa", __name__)


class ClientPath(PathConverter):
    """A client-side route: any path except those under /api and /admin."""

    regex = r"(?!(?:api|admin)(?:/|$))[^/].*?"


@bp.record_once
def _register_converter(state) -> None:
    state.app.url_map.converters["client_path"] = ClientPath


from clinic360.blueprints.spa import routes  # noqa: E402,F401
