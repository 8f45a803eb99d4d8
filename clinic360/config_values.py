"""Reading typed values from environment variables, for the settings modules."""

from __future__ import annotations


class ConfigError(RuntimeError):
    """Raised at start-up when the environment describes an unusable configuration."""


def boolean(value: str | None, default: bool, name: str) -> bool:
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, not {value!r}")


def integer(value: str | None, default: int, name: str, minimum: int = 0) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {value!r}") from None
    if number < minimum:
        raise ConfigError(f"{name} must be at least {minimum}")
    return number
