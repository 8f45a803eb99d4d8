"""What a new password must be: PASSWORD_MIN_CHARS characters to PASSWORD_MAX_BYTES bytes, more
than a few different characters, and hard to guess as zxcvbn estimates it (score at least
PASSWORD_MIN_SCORE) given what an attacker knows: the person's email address, name and phone
number and the product's name. A password still counts as built from those words when they are
taken out of it: what is left must be long and strong enough on its own.

Applied wherever a password is chosen: registration, reset, change, the admin API and console,
`flask users create` (seed-demo's published demo password is the one exception)."""

from __future__ import annotations

import re

from flask import current_app
from zxcvbn import zxcvbn

from clinic360.errors import Invalid
from clinic360.validation import PASSWORD_MAX_BYTES, PASSWORD_MIN_CHARS

PRODUCT_WORDS = ("clinic360", "clinic", "c360")
MIN_DISTINCT_CHARS = 5
MIN_WORD_CHARS = 3  # shorter parts of a name or address are not worth taking out
WORD_SPLIT = re.compile(r"[^\w]+|_")
TOO_WEAK = "This password is too easy to guess."
BUILT_FROM = (
    "Do not build the password from your name, email address, phone number or the name Clinic360."
)


def context_words(
    email: str | None = None, full_name: str | None = None, phone: str | None = None
) -> list[str]:
    """The words an attacker would try first for this person (lower case, longest first)."""
    words: set[str] = set(PRODUCT_WORDS)
    if email:
        local, _, domain = email.lower().partition("@")
        words.update({email.lower(), local, domain.split(".")[0]})
        words.update(WORD_SPLIT.split(local))
    if full_name:
        words.add(full_name.lower())
        words.update(WORD_SPLIT.split(full_name.lower()))
    if phone:
        digits = re.sub(r"\D", "", phone)
        words.update({digits, digits[-10:], digits[-7:]})
    return sorted((w for w in words if len(w) >= MIN_WORD_CHARS), key=len, reverse=True)


def password_problems(
    password: str,
    *,
    email: str | None = None,
    full_name: str | None = None,
    phone: str | None = None,
) -> list[str]:
    """Why `password` may not be chosen by this person; empty when it may."""
    if len(password) < PASSWORD_MIN_CHARS:
        return [f"Use at least {PASSWORD_MIN_CHARS} characters."]
    if len(password.encode("utf-8")) > PASSWORD_MAX_BYTES:
        return [f"Use at most {PASSWORD_MAX_BYTES} bytes (shorter, or fewer special characters)."]
    if len(set(password.lower())) < MIN_DISTINCT_CHARS:
        return ["Do not repeat the same few characters: use more different ones."]
    words = context_words(email, full_name, phone)
    min_score = current_app.config["PASSWORD_MIN_SCORE"]
    result = zxcvbn(password, user_inputs=words)
    if result["score"] < min_score:
        warning = result["feedback"].get("warning")
        return [TOO_WEAK + (f" {warning}" if warning else ""), *_suggestions(result)]
    rest = password.lower()
    for word in words:
        rest = rest.replace(word, "")
    if rest != password.lower():
        left = re.sub(r"[\W_]+", "", rest)
        if len(left) < PASSWORD_MIN_CHARS // 2 or zxcvbn(rest)["score"] < min_score:
            return [BUILT_FROM]
    return []


def _suggestions(result: dict) -> list[str]:
    return [s for s in result["feedback"].get("suggestions", []) if s][:2]


def check_password(
    password: str,
    *,
    email: str | None = None,
    full_name: str | None = None,
    phone: str | None = None,
    field: str = "password",
) -> None:
    """Raise Invalid (422) naming `field` when the password may not be chosen."""
    problems = password_problems(password, email=email, full_name=full_name, phone=phone)
    if problems:
        raise Invalid("Choose a stronger password.", fields={field: problems})
