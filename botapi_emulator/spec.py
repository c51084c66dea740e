"""The Bot API specification: parameter parsing for incoming calls, checks of outgoing objects.

The data is a compact extract (names, types, required flags) of PaulSonOfLars/telegram-bot-api-spec
(MIT, see LICENSE-bot-api-spec), bundled so the tests run on a clean clone. Refresh it with
``python -m botapi_emulator.spec path/to/bot-api-spec.min.json``.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .errors import bad_request

SPEC_FILE = Path(__file__).with_name("bot_api_spec.json")
PRIMITIVES = frozenset({"Integer", "Float", "Boolean", "String", "True", "InputFile"})
_INT_RE = re.compile(r"[+-]?\d+")

# Telegram's own wording for a few missing parameters; the rest get "<name> is empty".
_MISSING = {
    ("sendMessage", "text"): "message text is empty",
    ("sendDocument", "document"): "there is no document in the request",
    ("sendPhoto", "photo"): "there is no photo in the request",
}
# Telegram names the object, not the parameter, when a JSON parameter can't be parsed.
_JSON_NAMES = {"reply_markup": "reply keyboard markup", "entities": "entities"}


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart/form-data request, as the bot uploaded it."""

    field: str
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Field:
    name: str
    types: tuple[str, ...]
    required: bool


@dataclass(frozen=True)
class MethodSpec:
    name: str
    fields: tuple[Field, ...]
    returns: tuple[str, ...]


class _Mismatch(Exception):
    """A value does not fit one candidate type (another one of a union may still fit)."""


class Spec:
    def __init__(self, data: Mapping[str, Any]) -> None:
        self.version: str = data.get("version", "")
        self.methods = {
            name: MethodSpec(
                name,
                tuple(Field(f[0], tuple(f[1]), bool(f[2])) for f in m["fields"]),
                tuple(m["returns"]),
            )
            for name, m in data["methods"].items()
        }
        self._by_lower = {name.lower(): spec for name, spec in self.methods.items()}
        self.types: dict[str, dict[str, Any]] = dict(data["types"])

    def method(self, name: str) -> MethodSpec | None:
        """Method names are case-insensitive in Telegram."""
        return self._by_lower.get(name.lower())

    # -- incoming parameters -------------------------------------------------------------------

    def parse_params(
        self, method: MethodSpec, raw: Mapping[str, Any], files: Mapping[str, UploadedFile]
    ) -> dict[str, Any]:
        """Coerce the raw (form strings or JSON values) parameters to Python values.

        Unknown parameters are kept as sent: Telegram ignores them, tests may still look at them.
        """
        known = {f.name for f in method.fields}
        params = {k: v for k, v in raw.items() if k not in known}
        for field in method.fields:
            value = raw.get(field.name, files.get(field.name))
            # An empty string is a value only for optional strings (e.g. language_code="").
            if value is None or (value == "" and (field.required or "String" not in field.types)):
                if field.required:
                    reason = _MISSING.get((method.name, field.name), f"{field.name} is empty")
                    raise bad_request(reason)
                continue
            params[field.name] = self._coerce_param(field, value, files)
        return params

    def _coerce_param(self, field: Field, value: Any, files: Mapping[str, UploadedFile]) -> Any:
        for type_expr in field.types:
            try:
                return self._coerce(type_expr, value, files)
            except _Mismatch:
                continue
        if field.name == "chat_id":
            raise bad_request("chat not found")
        objects = [t for t in field.types if _base(t) not in PRIMITIVES]
        if objects:
            what = _JSON_NAMES.get(field.name, field.name)
            problems = self._explain(objects, value)
            raise bad_request(f"can't parse {what} JSON object{problems}")
        raise bad_request(f'field "{field.name}" must be of type {" or ".join(field.types)}')

    def _coerce(self, type_expr: str, value: Any, files: Mapping[str, UploadedFile]) -> Any:
        if type_expr.startswith("Array of "):
            items = _json_value(value, list)
            inner = type_expr.removeprefix("Array of ")
            return [self._coerce(inner, item, files) for item in items]
        if type_expr in PRIMITIVES:
            return _coerce_primitive(type_expr, value, files)
        obj = _json_value(value, dict)
        if self.check_object(type_expr, obj, allow_unknown=True):
            raise _Mismatch
        return obj

    def _explain(self, type_exprs: list[str], value: Any) -> str:
        """Say why a JSON parameter does not fit, the way tdlib does (first problem only)."""
        try:
            obj = _json_value(value, object)
        except _Mismatch:
            return ""
        problems = self.check_object(type_exprs[0], obj, allow_unknown=True)
        return f": {problems[0]}" if problems else ""

    # -- outgoing objects ----------------------------------------------------------------------

    def check_object(
        self, type_expr: str, value: Any, *, path: str = "", allow_unknown: bool = False
    ) -> list[str]:
        """Problems of ``value`` as a ``type_expr`` object (empty when it is valid)."""
        here = path or type_expr
        if type_expr.startswith("Array of "):
            if not isinstance(value, list):
                return [f'Field "{here}" must be of type Array']
            inner = type_expr.removeprefix("Array of ")
            out: list[str] = []
            for i, item in enumerate(value):
                out += self.check_object(
                    inner, item, path=f"{here}[{i}]", allow_unknown=allow_unknown
                )
            return out
        if type_expr in PRIMITIVES:
            return (
                []
                if _is_primitive(type_expr, value)
                else [f'Field "{here}" must be of type {type_expr}']
            )
        spec = self.types.get(type_expr)
        if spec is None:
            return [f"unknown type {type_expr}"]
        if spec.get("subtypes"):
            for sub in spec["subtypes"]:
                if not self.check_object(sub, value, path=path, allow_unknown=allow_unknown):
                    return []
            return [f'Field "{here}" matches no {type_expr}']
        if not isinstance(value, dict):
            return [f'Field "{here}" must be of type Object']
        fields = {f[0]: f for f in spec.get("fields", [])}
        problems = [
            f'Field "{name}" must be present in {type_expr}'
            for name, f in fields.items()
            if f[2] and name not in value
        ]
        for key, item in value.items():
            field = fields.get(key)
            if field is None:
                if not allow_unknown:
                    problems.append(f'unknown field "{key}" in {type_expr}')
                continue
            candidates = [
                self.check_object(t, item, path=key, allow_unknown=allow_unknown) for t in field[1]
            ]
            if all(candidates):
                problems.append(candidates[0][0])
        return problems

    def check_result(self, method: MethodSpec, result: Any) -> list[str]:
        """Problems of a method's result against its declared return types."""
        attempts = [self.check_object(t, result) for t in method.returns]
        return [] if any(not a for a in attempts) else attempts[0]


def _base(type_expr: str) -> str:
    while type_expr.startswith("Array of "):
        type_expr = type_expr.removeprefix("Array of ")
    return type_expr


def _json_value(value: Any, kind: type) -> Any:
    """Nested objects arrive JSON-serialized in form data, as native JSON in a JSON body."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise _Mismatch from None
    if not isinstance(value, kind):
        raise _Mismatch
    return value


def _coerce_primitive(type_expr: str, value: Any, files: Mapping[str, UploadedFile]) -> Any:
    if type_expr == "InputFile":
        if isinstance(value, UploadedFile):
            return value
        if isinstance(value, str) and value.startswith("attach://"):
            attached = files.get(value.removeprefix("attach://"))
            if attached is not None:
                return attached
        raise _Mismatch
    if isinstance(value, UploadedFile):
        raise _Mismatch
    if type_expr == "String":
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise _Mismatch
        return value if isinstance(value, str) else str(value)
    if type_expr == "Integer":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and _INT_RE.fullmatch(value.strip()):
            return int(value)
        raise _Mismatch
    if type_expr == "Float":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        try:
            return float(value)
        except (TypeError, ValueError):
            raise _Mismatch from None
    # Boolean / True: form data sends "true"/"false"; Telegram also takes 1/0.
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "1"}:
        return True
    if text in {"false", "0"}:
        return False
    raise _Mismatch


def _is_primitive(type_expr: str, value: Any) -> bool:
    if type_expr == "Integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if type_expr == "Float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if type_expr == "Boolean":
        return isinstance(value, bool)
    if type_expr == "True":
        return value is True
    if type_expr == "String":
        return isinstance(value, str)
    return True  # InputFile never appears in outgoing objects


@cache
def load_spec() -> Spec:
    return Spec(json.loads(SPEC_FILE.read_text(encoding="utf-8")))


def extract(full: Mapping[str, Any]) -> dict[str, Any]:
    """Keep only what the emulator needs from the published spec (no descriptions)."""

    def fields(items: list[dict[str, Any]]) -> list[list[Any]]:
        return [[f["name"], f["types"], f["required"]] for f in items]

    types = {}
    for name, t in full["types"].items():
        entry: dict[str, Any] = {"fields": fields(t.get("fields", []))}
        if t.get("subtypes"):
            entry["subtypes"] = t["subtypes"]
        types[name] = entry
    return {
        "version": full.get("version", ""),
        "release_date": full.get("release_date", ""),
        "methods": {
            name: {"fields": fields(m.get("fields", [])), "returns": m["returns"]}
            for name, m in full["methods"].items()
        },
        "types": types,
    }


if __name__ == "__main__":
    source = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    SPEC_FILE.write_text(json.dumps(extract(source), separators=(",", ":")), encoding="utf-8")
    print(f"wrote {SPEC_FILE} ({source.get('version')})")
