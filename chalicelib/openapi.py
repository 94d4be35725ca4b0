"""OpenAPI 3.1 from the route declarations in handlers/_http.py (kept true by a test)."""
from __future__ import annotations

import re

from chalicelib.handlers._http import ROUTE_DOCS, VIEWS

ERROR = {
    "type": "object", "required": ["error"], "additionalProperties": False,
    "properties": {"error": {"type": "object", "required": ["code", "message", "field"],
                             "additionalProperties": False, "properties": {
        "code": {"type": "string"}, "message": {"type": "string"},
        "field": {"type": ["string", "null"]},
        # Every problem of a rejected body, each at its field (the first is code/message/field).
        "errors": {"type": "array", "items": {"type": "object", "properties": {
            "field": {"type": ["string", "null"]}, "message": {"type": "string"}}}}}}},
}


DESCRIPTIONS = {200: "OK", 201: "Created", 202: "Accepted", 204: "No content"}


def success_responses(view) -> dict:
    """The success statuses and body type a view answers, read from its own code: a view
    answers 200 with a JSON object unless it builds a Response with another status or
    Content-Type (so the document cannot drift from the handlers)."""
    import inspect

    source = inspect.getsource(view) if view else ""
    statuses = sorted({int(s) for s in re.findall(r"status_code=(2\d\d)", source)}) or [200]
    declared = re.search(r'"Content-Type":\s*"([^";]+)', source)
    content_type = declared.group(1) if declared else "application/json"
    schema = {"type": "object"} if content_type.endswith("json") else {"type": "string"}
    responses = {}
    for status in statuses:
        responses[str(status)] = {"description": DESCRIPTIONS.get(status, "OK")}
        if status != 204:
            responses[str(status)]["content"] = {content_type: {"schema": schema}}
    return responses


def document() -> dict:
    paths: dict = {}
    for doc in ROUTE_DOCS:
        operation: dict = {
            "summary": doc.summary,
            "operationId": f"{doc.method.lower()}_{re.sub(r'[^a-z0-9]+', '_', doc.path.lower()).strip('_')}",
            "tags": [doc.tag] if doc.tag else [],
            "responses": {
                **success_responses(VIEWS.get((doc.path, doc.method))),
                "4XX": {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "5XX": {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            },
        }
        params = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                  for name in re.findall(r"{(\w+)}", doc.path)]
        params += [{"name": name, "in": "query", "required": False, "description": desc,
                    "schema": {"type": "string"}} for name, desc in doc.query.items()]
        if params:
            operation["parameters"] = params
        if doc.body is not None:
            operation["requestBody"] = {"required": True,
                                        "content": {"application/json": {"schema": doc.body}}}
        if doc.content_types:
            operation["requestBody"] = {"required": True,
                                        "content": {ct: {"schema": doc.body if ct == "application/json" and doc.body
                                                         is not None else {"type": "string"}}
                                                    for ct in doc.content_types}}
        operation["security"] = [{"interfaceAccount": []}] if doc.interface else \
            [] if doc.public else [{"cognitoBearer": []}]
        paths.setdefault(doc.path, {})[doc.method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "Patient Portal API", "version": "1.0.0",
                 "description": "Served under /api on the portal's origin."},
        "servers": [{"url": "/api"}],
        "paths": paths,
        "components": {
            "securitySchemes": {"cognitoBearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
                                # Machine credentials (auth.interface_caller): Bearer <account id>.<secret> or Basic.
                                "interfaceAccount": {"type": "http", "scheme": "bearer",
                                                     "bearerFormat": "<account id>.<secret>"}},
            "schemas": {"Error": ERROR},
        },
    }
