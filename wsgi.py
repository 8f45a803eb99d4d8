"""WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

from clinic360 import create_app

app = create_app()
