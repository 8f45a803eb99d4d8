"""Jitsi rooms and per-person tokens, valid only inside an appointment's join window.

Two modes, chosen by configuration:
- self-hosted Jitsi with token authentication (prosody `token` plugin): HS256 with the app
  secret; claims iss = app id, aud, sub = the Jitsi domain, room, nbf, exp, context.user;
- JaaS by 8x8: RS256 with the API key id as `kid`; iss = "chat", aud = "jitsi",
  sub = the app id, and the room is addressed as "<app id>/<room>".
Without either, video is off: there is never an open public room to fall back to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import jwt

from clinic360.models import Appointment, User


@dataclass(frozen=True)
class Window:
    opens_at: datetime
    closes_at: datetime

    def contains(self, now: datetime) -> bool:
        return self.opens_at <= now <= self.closes_at


def join_window(appointment: Appointment, config: dict[str, Any]) -> Window:
    return Window(
        appointment.start_at - timedelta(minutes=config["VIDEO_JOIN_OPENS_MINUTES_BEFORE"]),
        appointment.end_at + timedelta(minutes=config["VIDEO_JOIN_CLOSES_MINUTES_AFTER"]),
    )


def room_address(appointment: Appointment, config: dict[str, Any]) -> str:
    if config["JITSI_MODE"] == "jaas":
        return f"{config['JAAS_APP_ID']}/{appointment.room_name}"
    return appointment.room_name


def _user_context(user: User, moderator: bool) -> dict[str, str]:
    """context.user with string values only, as the token plugins expect."""
    context = {
        "id": str(user.id),
        "name": user.full_name,
        "moderator": "true" if moderator else "false",
        "lobby_bypass": "true" if moderator else "false",
    }
    return context


def token_for(appointment: Appointment, user: User, window: Window, config: dict[str, Any]) -> str:
    leeway = timedelta(seconds=config["VIDEO_TOKEN_LEEWAY_SECONDS"])
    moderator = user.id == appointment.doctor_id
    claims: dict[str, Any] = {
        "room": appointment.room_name,
        "nbf": int((window.opens_at - leeway).timestamp()),
        "exp": int((window.closes_at + leeway).timestamp()),
        "context": {"user": _user_context(user, moderator)},
    }
    if config["JITSI_MODE"] == "jaas":
        claims |= {"iss": "chat", "aud": "jitsi", "sub": config["JAAS_APP_ID"]}
        claims["context"]["features"] = {
            "livestreaming": "false",
            "recording": "false",
            "transcription": "false",
            "outbound-call": "false",
            "sip-outbound-call": "false",
        }
        return jwt.encode(
            claims,
            config["JAAS_PRIVATE_KEY"],
            algorithm="RS256",
            headers={"kid": config["JAAS_KEY_ID"]},
        )
    claims |= {
        "iss": config["JITSI_APP_ID"],
        "aud": config["JITSI_AUDIENCE"],
        "sub": config["JITSI_SUBJECT"] or config["JITSI_DOMAIN"],
    }
    return jwt.encode(claims, config["JITSI_APP_SECRET"], algorithm="HS256")


def join_url(appointment: Appointment, token: str, config: dict[str, Any]) -> str:
    base = f"{config['JITSI_SCHEME']}://{config['JITSI_DOMAIN']}"
    return f"{base}/{room_address(appointment, config)}?jwt={token}"
