"""Signing out from pages that are not the web app (the admin console): a form post that ends
the server-side session and leads to the sign-in page."""

from __future__ import annotations

from flask import Blueprint, redirect

from clinic360.blueprints.auth.sessions import end_session
from clinic360.extensions import db

bp = Blueprint("sign_out", __name__)


@bp.post("/sign-out")
def sign_out():
    """CSRF-checked like every form post (Flask-WTF reads the form's csrf_token)."""
    end_session()
    db.session.commit()
    return redirect("/login?signedOut=1", code=303)
