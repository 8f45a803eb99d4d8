"""Encryption at rest for health data: AES-256-GCM with named keys.

`ENCRYPTION_KEYS` lists keys as `id:base64key`, newest first. New data is sealed with the
newest key; data sealed with any listed key still opens, so keys can be rotated and
`flask --app wsgi crypto rotate` re-seals everything under the newest one.

Text is stored as `enc1:<key id>:<base64(nonce + ciphertext)>`; files as the bytes
`C360` + key id length + key id + nonce + ciphertext. The GCM tag authenticates both, and
the key id and, for text, the column it belongs to are bound in as associated data.
"""

from __future__ import annotations

import base64
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

TEXT_PREFIX = "enc1:"
FILE_MAGIC = b"C360"
NONCE_BYTES = 12


class KeyringError(RuntimeError):
    pass


@dataclass(frozen=True)
class Keyring:
    keys: tuple[tuple[str, bytes], ...]  # newest first
    # Each key's cipher, made once: making one costs twice what opening a message does.
    _ciphers: dict[str, AESGCM] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_ciphers", {key_id: AESGCM(key) for key_id, key in self.keys})

    @property
    def current(self) -> tuple[str, bytes]:
        return self.keys[0]

    def _cipher(self, key_id: str) -> AESGCM:
        cipher = self._ciphers.get(key_id)
        if cipher is None:
            raise KeyringError(f"no key {key_id!r} in ENCRYPTION_KEYS: data cannot be read")
        return cipher

    def seal_text(self, plain: str, context: str = "") -> str:
        key_id = self.current[0]
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._cipher(key_id).encrypt(
            nonce, plain.encode("utf-8"), f"{key_id}|{context}".encode()
        )
        return f"{TEXT_PREFIX}{key_id}:{base64.b64encode(nonce + sealed).decode('ascii')}"

    def open_text(self, stored: str, context: str = "") -> str:
        if not stored.startswith(TEXT_PREFIX):
            raise KeyringError("a health field is not encrypted")
        key_id, payload = stored[len(TEXT_PREFIX) :].split(":", 1)
        raw = base64.b64decode(payload)
        plain = self._cipher(key_id).decrypt(
            raw[:NONCE_BYTES], raw[NONCE_BYTES:], f"{key_id}|{context}".encode()
        )
        return plain.decode("utf-8")

    def seal_bytes(self, plain: bytes) -> bytes:
        key_id = self.current[0]
        nonce = os.urandom(NONCE_BYTES)
        ident = key_id.encode()
        sealed = self._cipher(key_id).encrypt(nonce, plain, FILE_MAGIC + ident)
        return FILE_MAGIC + bytes([len(ident)]) + ident + nonce + sealed

    def open_bytes(self, stored: bytes) -> bytes:
        if not stored.startswith(FILE_MAGIC):
            raise KeyringError("a stored file is not encrypted")
        length = stored[4]
        ident = stored[5 : 5 + length]
        rest = stored[5 + length :]
        return self._cipher(ident.decode()).decrypt(
            rest[:NONCE_BYTES], rest[NONCE_BYTES:], FILE_MAGIC + ident
        )

    def key_id_of(self, stored: str | bytes) -> str:
        if isinstance(stored, str):
            return stored[len(TEXT_PREFIX) :].split(":", 1)[0]
        return stored[5 : 5 + stored[4]].decode()


def parse_keys(spec: str) -> Keyring:
    keys = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        key_id, _, encoded = part.partition(":")
        try:
            key = base64.b64decode(encoded, validate=True)
        except ValueError:
            raise KeyringError(f"key {key_id!r} is not base64") from None
        if not key_id or not key_id.isalnum() or len(key_id) > 32:
            raise KeyringError("key ids are 1 to 32 letters or digits")
        if len(key) != 32:
            raise KeyringError(f"key {key_id!r} must be 32 bytes (AES-256)")
        keys.append((key_id, key))
    if not keys:
        raise KeyringError("ENCRYPTION_KEYS holds no key")
    if len({key_id for key_id, _ in keys}) != len(keys):
        raise KeyringError("key ids in ENCRYPTION_KEYS must differ")
    return Keyring(tuple(keys))


def new_key_spec(key_id: str | None = None) -> str:
    key_id = key_id or f"k{secrets.token_hex(3)}"
    return f"{key_id}:{base64.b64encode(secrets.token_bytes(32)).decode('ascii')}"


def dev_key_spec(instance_path: Path) -> str:
    """Development only: a key generated once and kept under instance/."""
    path = instance_path / "encryption_keys"
    if path.exists() and path.read_text().strip():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    spec = new_key_spec("dev1")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(spec)
    return spec


_keyring: Keyring | None = None


def configure(keyring: Keyring) -> None:
    global _keyring
    _keyring = keyring


def keyring() -> Keyring:
    if _keyring is None:
        raise KeyringError("encryption keys are not configured")
    return _keyring


class EncryptedText(TypeDecorator[str]):
    """A text column stored sealed; the column's name is bound into the ciphertext, so a value
    moved to another column does not open."""

    impl = Text
    cache_ok = True

    def __init__(self, context: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.context = context

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        if value is None:
            return None
        return keyring().seal_text(value, self.context)

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        if value is None:
            return None
        return keyring().open_text(value, self.context)
