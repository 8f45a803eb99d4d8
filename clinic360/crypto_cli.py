"""`flask --app wsgi crypto ...`: new keys, what each key still seals, and rotation."""

from __future__ import annotations

from collections import Counter

import click
from flask.cli import AppGroup
from sqlalchemy import select, text
from sqlalchemy.orm.attributes import flag_modified

from clinic360 import crypto
from clinic360.extensions import db
from clinic360.models import Document, MedicalRecord, Message, PatientProfile, Prescription
from clinic360.storage import document_path, write_private

crypto_cli = AppGroup("crypto", help="Encryption keys of health data.")

SEALED = {
    PatientProfile: ("allergies", "chronic_conditions", "current_medications", "pregnancy_stage"),
    MedicalRecord: ("diagnosis", "notes", "vitals", "follow_up", "amendment_reason"),
    Prescription: ("items",),
    Document: ("filename",),
    Message: ("body",),
}


def _raw_key_ids() -> Counter[str]:
    """Key ids of every sealed value and file, read from the stored bytes."""
    counts: Counter[str] = Counter()
    ring = crypto.keyring()
    for model, columns in SEALED.items():
        table = model.__table__
        for column in columns:
            for (value,) in db.session.execute(
                select(table.c[column]).where(table.c[column].is_not(None))
            ):
                counts[ring.key_id_of(value)] += 1
    for (key,) in db.session.execute(select(Document.__table__.c.storage_key)):
        path = document_path(key)
        if path.exists():
            counts[ring.key_id_of(path.read_bytes())] += 1
    return counts


@crypto_cli.command("new-key")
@click.option("--id", "key_id", default=None, help="Letters and digits; random if not given.")
def new_key(key_id: str | None) -> None:
    """Print a new key. Put it first in ENCRYPTION_KEYS, keep the old ones after it."""
    click.echo(crypto.new_key_spec(key_id))


@crypto_cli.command("status")
def status() -> None:
    """How many sealed values and files each key holds."""
    counts = _raw_key_ids()
    current = crypto.keyring().current[0]
    for key_id, _ in crypto.keyring().keys:
        marker = " (newest)" if key_id == current else ""
        click.echo(f"{key_id}{marker}: {counts.get(key_id, 0)}")


@crypto_cli.command("rotate")
def rotate() -> None:
    """Re-seal every health field and document under the newest key."""
    ring = crypto.keyring()
    newest = ring.current[0]
    if db.session.get_bind().dialect.name == "postgresql":
        # Records are append-only; the database lets this transaction re-seal them.
        db.session.execute(text("SET LOCAL clinic360.key_rotation = 'on'"))
    changed = 0
    for model, columns in SEALED.items():
        for row in db.session.scalars(select(model)):
            for column in columns:
                if getattr(row, column) is not None:
                    flag_modified(row, column)
                    changed += 1
    files = 0
    for document in db.session.scalars(select(Document)):
        path = document_path(document.storage_key)
        stored = path.read_bytes()
        if ring.key_id_of(stored) != newest:
            write_private(path, ring.seal_bytes(ring.open_bytes(stored)))
            files += 1
    db.session.commit()
    click.echo(f"Re-sealed {changed} values and {files} files under key {newest}.")
