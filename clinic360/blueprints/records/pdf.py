"""The prescription as a clean PDF (fpdf2): clinic, doctor and employee ID, patient, date,
items and a verification code."""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo

from fpdf import FPDF

from clinic360.models import Prescription, User

COLUMNS = (
    ("Medication", 42),
    ("Dose", 22),
    ("Route", 20),
    ("Frequency", 30),
    ("Duration", 24),
    ("Instructions", 52),
)


def _text(value: object) -> str:
    """The core PDF fonts speak Latin-1; anything else is replaced, never dropped silently."""
    return str(value or "").encode("latin-1", "replace").decode("latin-1")


def render(prescription: Prescription, doctor: User, patient: User, base_url: str) -> bytes:
    items = json.loads(prescription.items)
    doc = FPDF(format="A4")
    doc.set_title(_text(f"Prescription {prescription.verification_code}"))
    doc.set_author("Clinic360")
    doc.add_page()
    doc.set_margins(15, 15, 15)

    doc.set_font("Helvetica", "B", 20)
    doc.set_text_color(15, 118, 110)
    doc.cell(0, 10, "Clinic360", new_x="LMARGIN", new_y="NEXT")
    doc.set_text_color(0, 0, 0)
    doc.set_font("Helvetica", "", 10)
    doc.cell(0, 6, "Prescription", new_x="LMARGIN", new_y="NEXT")
    doc.ln(4)

    profile = doctor.doctor_profile
    issued = prescription.created_at.astimezone(ZoneInfo("UTC")).strftime("%d %B %Y")
    born = (
        patient.patient_profile.date_of_birth.isoformat()
        if patient.patient_profile and patient.patient_profile.date_of_birth
        else "-"
    )
    for label, value in (
        ("Doctor", doctor.full_name),
        ("Employee ID", profile.employee_id if profile else "-"),
        ("Specialty", profile.specialty.name if profile and profile.specialty else "-"),
        ("Patient", patient.full_name),
        ("Date of birth", born),
        ("Date", issued),
    ):
        doc.set_font("Helvetica", "B", 10)
        doc.cell(35, 6, _text(label))
        doc.set_font("Helvetica", "", 10)
        doc.cell(0, 6, _text(value), new_x="LMARGIN", new_y="NEXT")
    doc.ln(6)

    doc.set_font("Helvetica", "B", 9)
    doc.set_fill_color(240, 253, 250)
    for title, width in COLUMNS:
        doc.cell(width, 8, title, border=1, fill=True)
    doc.ln()
    doc.set_font("Helvetica", "", 9)
    for item in items:
        values = (
            item.get("medication"),
            item.get("dose"),
            item.get("route"),
            item.get("frequency"),
            item.get("duration"),
            item.get("instructions"),
        )
        with _Row(doc) as row:
            for (_, width), value in zip(COLUMNS, values, strict=True):
                row.cell(width, _text(value))
    doc.ln(8)
    doc.set_font("Helvetica", "B", 11)
    doc.cell(
        0,
        7,
        _text(f"Verification code: {prescription.verification_code}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    doc.set_font("Helvetica", "", 8)
    doc.multi_cell(
        0,
        5,
        _text(
            f"Pharmacies can check this prescription with its code at {base_url}. "
            "Issued electronically by Clinic360."
        ),
    )
    return bytes(doc.output())


class _Row:
    """One table row whose cells wrap and share the tallest cell's height."""

    def __init__(self, doc: FPDF) -> None:
        self.doc = doc
        self.cells: list[tuple[float, str]] = []

    def __enter__(self) -> _Row:
        return self

    def cell(self, width: float, text: str) -> None:
        self.cells.append((width, text))

    def __exit__(self, *exc: object) -> None:
        doc = self.doc
        line = 5
        heights = [
            line * max(1, len(doc.multi_cell(w, line, t, dry_run=True, output="LINES")))
            for w, t in self.cells
        ]
        height = max(heights)
        if doc.get_y() + height > doc.page_break_trigger:
            doc.add_page()
        x, y = doc.get_x(), doc.get_y()
        for width, text in self.cells:
            doc.rect(x, y, width, height)
            doc.set_xy(x, y)
            doc.multi_cell(width, line, text, new_x="RIGHT", new_y="TOP")
            x += width
        doc.set_xy(doc.l_margin, y + height)
