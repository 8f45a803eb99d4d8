"""The access log of scripts/serve.sh: what a search asked for stays out of it."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config
from gunicorn.glogging import Logger

SERVE = Path(__file__).resolve().parents[2] / "scripts" / "serve.sh"


def test_access_log_has_the_path_but_not_the_query_string() -> None:
    script = SERVE.read_text()
    fmt = re.search(r"^ACCESS_LOG='([^']*)'$", script, re.MULTILINE).group(1)
    assert '--access-logformat "$ACCESS_LOG"' in script
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/api/doctors?q=chest+pain",
        "PATH_INFO": "/api/doctors",
        "QUERY_STRING": "q=chest+pain",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.1",
        "HTTP_REFERER": "http://localhost/search?q=chest+pain",
    }
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    request = SimpleNamespace(headers=[])
    atoms = Logger(Config()).atoms(response, request, environ, timedelta(milliseconds=42))
    line = fmt % atoms
    assert "GET /api/doctors HTTP/1.1" in line
    assert " 200 512 42ms" in line
    assert "chest" not in line
