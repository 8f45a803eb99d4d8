"""The HTTP benchmark's yardstick: a bare Flask app whose one endpoint makes one indexed query
(a user's ten latest notifications, by the (user_id, created_at) index) and returns ten JSON
items. Served by the same gunicorn settings as the app, on the same database:

    DATABASE_URL=postgresql://... gunicorn -w 4 --threads 4 --chdir scripts bench_http_bare:app
    GET /bare/notifications?user=<id>
"""

from __future__ import annotations

import os

import sqlalchemy as sa
from flask import Flask, jsonify, request

URL = os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
engine = sa.create_engine(URL, pool_size=5, max_overflow=5)
LATEST = sa.text(
    "SELECT id, kind, title, link, created_at, read_at FROM notifications "
    "WHERE user_id = :user ORDER BY created_at DESC LIMIT 10"
)

app = Flask(__name__)


@app.get("/bare/notifications")
def latest():
    user = request.args.get("user", type=int) or 1
    with engine.connect() as conn:
        rows = conn.execute(LATEST, {"user": user}).all()
    items = [
        {
            "id": row.id,
            "kind": row.kind,
            "title": row.title,
            "link": row.link,
            "createdAt": row.created_at.isoformat() + "Z",
            "readAt": row.read_at.isoformat() + "Z" if row.read_at else None,
        }
        for row in rows
    ]
    return jsonify({"items": items})
