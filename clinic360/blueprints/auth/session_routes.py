"""Sessions API: /api/sessions (the user's own live sessions) and ending them."""

from __future__ import annotations

from flask_login import current_user

from clinic360.blueprints.auth import bp
from clinic360.blueprints.auth import session_store as store
from clinic360.blueprints.auth.schemas import SessionSchema
from clinic360.blueprints.auth.sessions import (
    current_session_id,
    current_session_token,
    end_session,
    idle_limit,
)
from clinic360.clock import now_utc
from clinic360.errors import NotFound
from clinic360.http import login_required


@bp.get("/sessions")
@bp.response(200, SessionSchema(many=True))
@login_required
def list_sessions():
    """Your live sessions, newest first; `current` marks this one"""
    this = current_session_id()
    records = store.live_sessions(current_user.id, now_utc(), idle=idle_limit())
    return [
        {
            "id": record.id,
            "created_at": record.created_at,
            "last_seen_at": record.last_seen_at,
            "ip_address": record.ip_address,
            "user_agent": record.user_agent,
            "current": record.id == this,
        }
        for record in records
    ]


@bp.delete("/sessions/<int:session_id>")
@bp.response(204)
@bp.errors(404)
@login_required
def revoke_session(session_id: int):
    """End one of your sessions at once (this one too: that logs you out)"""
    if not store.revoke_own_session(current_user.id, session_id, now_utc(), idle=idle_limit()):
        raise NotFound("No such session.")
    if session_id == current_session_id():
        end_session()


@bp.delete("/sessions")
@bp.response(204)
@login_required
def revoke_other_sessions():
    """End every session of yours but this one"""
    store.revoke_other_sessions(current_user.id, current_session_token(), now_utc())
