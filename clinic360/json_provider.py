"""Flask's JSON answers written by orjson, several times faster than the standard library's
encoder on the API's answers, with the same meaning: keys in the order given, compact, dates
and other values orjson leaves to Flask (datetimes, decimals, dataclasses) written by Flask's
own rules, and anything orjson refuses (an integer beyond 64 bits, a subclass of a built-in
type) written by the standard library as before. Text beyond ASCII is sent as UTF-8 rather
than as \\u escapes.

Reading JSON stays with the standard library: it reads what it always read (half a surrogate
pair included, which clinic360.http refuses with its own message)."""

from __future__ import annotations

from typing import Any

import orjson
from flask import Response
from flask.json.provider import DefaultJSONProvider

# Subclasses of dict, list, str and int go to the standard library too: orjson would write a
# dict subclass (a MultiDict) from its raw storage, not as the standard library reads it.
OPTIONS = (
    orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_SUBCLASS
    | orjson.OPT_NON_STR_KEYS
)


class OrjsonProvider(DefaultJSONProvider):
    def _fast(self, obj: Any) -> bytes | None:
        if self.sort_keys:
            return None
        try:
            return orjson.dumps(obj, default=self.default, option=OPTIONS)
        except (orjson.JSONEncodeError, TypeError):
            return None

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        if not kwargs:
            fast = self._fast(obj)
            if fast is not None:
                return fast.decode("utf-8")
        return super().dumps(obj, **kwargs)

    def response(self, *args: Any, **kwargs: Any) -> Response:
        if self.compact is False or (self.compact is None and self._app.debug):
            return super().response(*args, **kwargs)  # indented, for reading
        fast = self._fast(self._prepare_response_obj(args, kwargs))
        if fast is None:
            return super().response(*args, **kwargs)
        return self._app.response_class(fast + b"\n", mimetype=self.mimetype)
