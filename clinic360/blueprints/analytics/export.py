"""The figures as CSV rows (written by clinic360.csv_export, as the finance report is)."""

from __future__ import annotations

from typing import Any

from clinic360.csv_export import csv_doc

CSV_DOC = csv_doc("JSON, or CSV with ?format=csv or Accept: text/csv")
FIGURES = (
    "appointments",
    "completed",
    "no_shows",
    "cancelled",
    "no_show_rate",
    "new_patients",
    "returning_patients",
    "offered_minutes",
    "booked_minutes",
    "utilisation",
)
CLINIC_HEADER = ("row", "date", "doctor_id", "doctor", *FIGURES, "revenue", "currency")


def clinic_rows(report: dict[str, Any]) -> list[list[Any]]:
    """A `day` row per date (counts only), a `doctor` row per doctor and a `total` row."""
    currency = report["currency"]
    rows: list[list[Any]] = []
    for day in report["by_day"]:
        counts = [day.get(key) for key in FIGURES[:4]]
        rows.append(["day", day["date"].isoformat(), None, None, *counts, *[None] * 6, None, None])
    for doctor in report["by_doctor"]:
        values = [doctor[key] for key in FIGURES]
        rows.append(
            ["doctor", None, doctor["doctor_id"], doctor["full_name"], *values,
             doctor["revenue"]["amount"], currency]
        )  # fmt: skip
    totals = report["totals"]
    rows.append(
        ["total", None, None, None, *[totals[key] for key in FIGURES],
         totals["revenue"]["amount"], currency]
    )  # fmt: skip
    return rows


DOCTOR_HEADER = (
    "week_start", "appointments", "completed", "no_shows", "new_patients", "returning_patients"
)  # fmt: skip


def doctor_rows(report: dict[str, Any]) -> list[list[Any]]:
    return [
        [week["week_start"].isoformat(), *[week[key] for key in DOCTOR_HEADER[1:]]]
        for week in report["by_week"]
    ]


PLATFORM_HEADER = (
    "period", "appointments", "completed", "no_shows", "cancelled", "new_patients",
    "new_doctors", "revenue", "currency",
)  # fmt: skip


def platform_rows(report: dict[str, Any]) -> list[list[Any]]:
    periods = report.get("by_month") or report.get("by_week") or []
    return [
        [p["period"].isoformat(), *[p[key] for key in PLATFORM_HEADER[1:7]],
         p["revenue"]["amount"], p["revenue"]["currency"]]
        for p in periods
    ]  # fmt: skip
