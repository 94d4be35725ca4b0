"""Request bodies against their JSON Schema: every problem at once, each named by its field
path, in words a patient can act on.

A property's schema may carry a `title` (what the field is, in words: "the allergy's name")
and an `x-message` (the sentence for a missing or malformed value: "Upload a PDF, JPEG, PNG
or HEIC file."; lengths and ranges still use the title). With a title, "fields.substance is
required" becomes "Enter the allergy's name."; without one (staff and machine routes), the
message names the field path as before.
"""
from __future__ import annotations

import functools
import json
from typing import Any

from chalicelib import errors

MAX_PROBLEMS = 20
# The pattern of a required text (handlers/_http.py text()): at least one visible character.
VISIBLE = r"\S"


def validate(schema: dict, data: Any) -> None:
    problems = _problems(schema, data, [])
    if not problems:  # keywords the walk does not visit (anyOf at the top, minProperties...)
        problems = _leaf(schema, data, [])
    if problems:
        field, message = problems[0]
        raise errors.InvalidError(message, field=field,
                                  details=[{"field": f, "message": m} for f, m in problems[:MAX_PROBLEMS]])


def _problems(schema: dict, data: Any, path: list[str]) -> list[tuple[str | None, str]]:
    """Walk object properties (in the schema's order, which is the form's) so one missing
    field does not hide the next; anything else is checked whole by fastjsonschema."""
    branches = [b for b in schema.get("anyOf", ()) if b.get("type") != "null"]
    if branches and len(branches) < len(schema["anyOf"]):  # "this or null" (null clears a field)
        if data is None:
            return []
        if len(branches) == 1:
            words = {k: schema[k] for k in ("title", "x-message") if k in schema}
            return _problems({**branches[0], **words}, data, path)
    props = schema.get("properties")
    if schema.get("type") != "object" or props is None or not isinstance(data, dict):
        return _leaf(schema, data, path)
    if "if" in schema and "then" in schema and not _leaf(schema["if"], data, path):
        # a rule that depends on another field (a US address has a 5-digit ZIP code)
        more = schema["then"].get("properties", {})
        props = {**props, **{name: {**props.get(name, {}), **sub} for name, sub in more.items()}}
    found: list[tuple[str | None, str]] = []
    required = set(schema.get("required", ()))
    for name, sub in props.items():
        if name in data:
            found += _problems(sub, data[name], [*path, name])
        elif name in required:
            found.append((_dotted([*path, name]), _missing(sub, _dotted([*path, name]))))
    if schema.get("additionalProperties") is False:
        for name in sorted(set(data) - set(props)):
            found.append((_dotted([*path, name]), f"Unknown field: {_dotted([*path, name])}."))
    return found


def _leaf(schema: dict, data: Any, path: list[str]) -> list[tuple[str | None, str]]:
    import fastjsonschema

    try:
        _compiled(json.dumps(schema, sort_keys=True))(data)
    except fastjsonschema.JsonSchemaValueException as exc:
        field = _dotted([*path, *_inner_path(exc)])
        return [(field, _message(exc, field, schema if not _inner_path(exc) else {}))]
    return []


def _dotted(path: list[str]) -> str | None:
    return ".".join(str(p) for p in path) or None


def _missing(schema: dict, name: str | None) -> str:
    if schema.get("x-message"):
        return schema["x-message"]
    title = schema.get("title")
    if not title:
        return f"{name} is required."
    return f"{'Choose' if 'enum' in schema or schema.get('type') == 'boolean' else 'Enter'} {title}."


def _inner_path(exc) -> list[str]:
    path = [str(p) for p in exc.path[1:]]  # path[0] is "data"
    unknown = _unknown_keys(exc)
    if unknown:
        path.append(unknown[0])
    if exc.rule == "required":
        missing = exc.message.split("must contain [")[-1].rstrip("] properties").split(",")[0]
        path.append(missing.strip(" '\""))
    return path


def _unknown_keys(exc) -> list[str]:
    if exc.rule != "additionalProperties" or not isinstance(exc.value, dict):
        return []
    return sorted(set(exc.value) - set((exc.definition or {}).get("properties", {})))


def _message(exc, field: str | None, schema: dict) -> str:
    """`schema` is the field's own schema when the problem is the field itself (its title)."""
    title = schema.get("title")
    rule, definition = exc.rule, exc.rule_definition
    if schema.get("x-message") and not (title and rule in ("maxLength", "minimum", "maximum")):
        return schema["x-message"]
    if title:
        return _titled(rule, definition, title, schema)
    name = field or "body"
    if rule == "required":
        return f"{name} is required."
    if _unknown_keys(exc):
        return f"Unknown field: {name}."
    if rule == "type":
        return f"{name} must be of type {definition}."
    if rule == "enum":
        return f"{name} must be one of: {', '.join(map(str, definition))}."
    if rule == "maxLength":
        return f"{name} must be at most {definition} characters."
    if rule == "minLength":
        return f"{name} is required." if definition == 1 else f"{name} must be at least {definition} characters."
    if rule == "format":
        return f"{name} must be a valid {definition}."
    if rule == "pattern":
        if definition == VISIBLE:
            return f"{name} must not be blank."
        return f"{name} is not in the expected format."
    return f"{name} is not valid."


def _titled(rule: str, definition: Any, title: str, schema: dict) -> str:
    capital = title[0].upper() + title[1:]
    if (rule == "minLength" and definition == 1) or (rule == "pattern" and definition == VISIBLE):
        return _missing(schema, None)
    if rule == "enum":
        return f"Choose {title}."
    if rule == "maxLength":
        return f"{capital} can be at most {definition} characters."
    if rule == "minLength":
        return f"{capital} needs at least {definition} characters."
    if rule == "format" and definition == "email":
        return "Enter an email address like name@example.com."
    if rule == "format" and definition == "date":
        return f"Enter {title} as a date."
    if rule in ("minimum", "maximum") and "minimum" in schema and "maximum" in schema:
        return f"{capital} must be between {schema['minimum']} and {schema['maximum']}."
    return f"Check {title}."


@functools.lru_cache(maxsize=256)
def _compiled(schema_json: str):
    import fastjsonschema

    return fastjsonschema.compile(json.loads(schema_json), formats=_FORMATS)


def _is_date(value: str) -> bool:
    """YYYY-MM-DD, years 1000-9000: the services say what is too early or late for them
    (a visit date in the future is a 422); year 9999 only overflows date arithmetic."""
    from datetime import date

    try:
        return len(value) == 10 and 1000 <= date.fromisoformat(value).year <= 9000
    except ValueError:
        return False


_FORMATS = {"date": _is_date}
