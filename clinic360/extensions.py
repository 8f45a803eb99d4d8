"""Flask extensions, created unbound and initialised by create_app()."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from clinic360.database import Base
from clinic360.read_only import Session

F = TypeVar("F", bound=Callable[..., Any])

db = SQLAlchemy(model_class=Base, session_options={"class_": Session})
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
mail = Mail()
limiter = Limiter(key_func=get_remote_address)


def rate_limit(limit: str | Callable[[], str], **kwargs: Any) -> Callable[[F], F]:
    """`limiter.limit`, marking the view: requests to views without a limit skip the limiter
    (which otherwise resolves the limits of every request, about 50 µs each)."""

    def decorator(view: F) -> F:
        limited = limiter.limit(limit, **kwargs)(view)
        limited.__rate_limited__ = True  # type: ignore[attr-defined] - kept by functools.wraps
        return limited

    return decorator


@limiter.request_filter
def _without_limits() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return not getattr(view, "__rate_limited__", False)
