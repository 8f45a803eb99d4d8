"""Billing: prices of visits, payments through the configured provider (none or Stripe), refunds
by policy, invoices and credit notes, the ledger and the finance reports."""

from clinic360.api import Blueprint

bp = Blueprint("billing", __name__, url_prefix="/api")

from clinic360.blueprints.billing import report_routes, routes  # noqa: E402,F401
