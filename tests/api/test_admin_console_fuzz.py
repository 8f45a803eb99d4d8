"""The console's list pages never answer 500, whatever an admin puts in the address: paging,
page size, sort column and direction, search, and the value of every filter.

The views are discovered from the app's Flask-Admin object, so a new page is covered without
touching this file. Hostile values come from a fixed table and, for search and filters, from
a small bounded hypothesis run."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from flask import Flask, url_for
from flask_admin import BaseView
from flask_admin.model import BaseModelView
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic360.models import Role

NUMBERS = [
    "-1",
    "-2147483649",
    "0",
    "1",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999999999",
    "9" * 5000,
    "1.5",
    "1e400",
    "-0",
    " 7 ",
    "\u0663",  # ARABIC-INDIC DIGIT THREE: int() accepts it
    "0x10",
    "nan",
    "inf",
    "abc",
    "",
]
TEXTS = [
    "\x00",
    "a\x00b",
    "\x01\x02\x1b\x7f",
    "%",
    "_",
    "%_%",
    "\\",
    "\\%",
    "'",
    "' OR 1=1 --",
    '"',
    "[a-z]*",
    " ",
    "a " * 300,
    "x" * 5000,
    "\u202edlrow",
    "\ufffd",
    "\U0001f600",
    "%00",
    "1,2,abc",
    ",,,",
    ",".join(["99999999999999999999"] * 3),
]
DATES = [
    "2024-02-30",
    "0001-01-01",
    "9999-12-31",
    "1900-01-01 00:00:00",
    "0001-01-01 00:00:00",
    "9999-12-31 23:59:59",
    "2024-13-01 00:00:00",
    "2024-01-01 00:00:00 to 2023-01-01 00:00:00",
    "0001-01-01 00:00:00 to 9999-12-31 23:59:59",
    "2024-01-01 to 2024-02-01",
    "0001-01-01 to 9999-12-31",
    "00:00:00",
    "25:00:00",
]
HOSTILE = NUMBERS + TEXTS + DATES
PAGING = ("page", "page_size", "sort", "desc")


def _views(app: Flask) -> Iterator[BaseView]:
    for admin in app.extensions["admin"]:
        yield from admin._views


def _list_url(view: BaseView) -> str:
    endpoint = "index_view" if isinstance(view, BaseModelView) else "index"
    return url_for(f"{view.endpoint}.{endpoint}")


@pytest.fixture(scope="module")
def views(app: Flask) -> list[tuple[str, BaseView]]:
    with app.test_request_context():
        found = [(_list_url(view), view) for view in _views(app)]
    assert len(found) >= 6, "the console registers its views on the app's admin object"
    return found


def _filters(view: BaseView) -> list[str]:
    """The query-string names of a view's filters (``flt0_<key>``)."""
    return [f"flt0_{key}" for key in sorted(getattr(view, "_filter_args", None) or {})]


@pytest.fixture
def console(client, make_user, make_doctor):
    admin = make_user(Role.ADMIN, full_name="Fuzz Admin")
    make_user(full_name="Fuzz Patient")
    make_doctor(full_name="Dr. Listed")
    pending = make_doctor(verified=False, full_name="Dr. Pending")
    client.login_as(admin)
    # Give the audit trail and the outbox a row each.
    verified = client.put(f"/api/admin/doctors/{pending.id}/verify", {"employeeId": "EMP-FZ"})
    assert verified.status_code == 200
    return client


def _get(console, url: str, params: list[tuple[str, str]]) -> None:
    query = "&".join(f"{quote(k)}={quote(v, safe='')}" for k, v in params)
    response = console.get(f"{url}?{query}")
    assert response.status_code < 500, (url, params, response.data[:300])


def test_every_console_view_is_walked(views):
    endpoints = {view.endpoint for _, view in views}
    assert {"users", "doctors", "specialties", "audit", "outbox", "health_access"} <= endpoints
    assert all(_filters(view) for _, view in views if view.endpoint in {"users", "audit"})


def test_paging_and_sorting_values(console, views):
    for url, _ in views:
        for value in [*NUMBERS, "\x00", "%", "x" * 5000]:
            _get(console, url, [(name, value) for name in PAGING])
        # Alone, so that one valid value cannot hide another.
        for name in PAGING:
            for value in ("-1", "99999999999999999999999999", "abc"):
                _get(console, url, [(name, value)])


def test_search_values(console, views):
    for url, _ in views:
        for value in [*TEXTS, "-1", "2147483648", "2024-02-30"]:
            _get(console, url, [("search", value)])
        _get(console, url, [("search", "%"), ("sort", "1"), ("desc", "1"), ("page", "3")])


def test_all_filters_at_once_with_every_hostile_value(console, views):
    for url, view in views:
        filters = _filters(view)
        for value in HOSTILE if filters else ():
            _get(console, url, [(name, value) for name in filters])


# Alone, so that a value one filter refuses cannot hide what another does with it.
WORST = [
    "\x00",
    "99999999999999999999999999",
    "x" * 5000,
    "1900-01-01 00:00:00 to 9999-12-31 23:59:59",
]


def test_each_filter_alone(console, views):
    for url, view in views:
        for name in _filters(view):
            for value in WORST:
                _get(console, url, [(name, value)])


def test_list_actions_with_impossible_row_ids(console, views):
    for url, view in views:
        if not isinstance(view, BaseModelView) or not view.get_actions_list()[0]:
            continue
        page = console.get(url)
        token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page.data)
        for name, _ in view.get_actions_list()[0]:
            response = console.raw.post(
                f"{url}action/",
                data={
                    "action": name,
                    "rowid": ["abc", "-1", "0", "99999999999999999999", "\x00", ""],
                    "csrf_token": token.group(1).decode(),
                },
            )
            assert response.status_code < 500, (url, name, response.data[:300])


ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=40)


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_list_arguments(console, views, data):
    url, view = data.draw(st.sampled_from(views))
    names = [*PAGING, "search", *_filters(view)]
    params = data.draw(
        st.lists(
            st.tuples(
                st.sampled_from(names),
                st.one_of(ANY_TEXT, st.integers().map(str), st.sampled_from(HOSTILE)),
            ),
            max_size=4,
        )
    )
    _get(console, url, params)
