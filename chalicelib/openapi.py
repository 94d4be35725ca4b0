"""OpenAPI 3.1 from the route declarations in handlers/_http.py (kept true by a test)."""
from __future__ import annotations

import re

from chalicelib.handlers._http import ROUTE_DOCS

ERROR = {
    "type": "object",
    "properties": {"error": {"type": "object", "properties": {
        "code": {"type": "string"}, "message": {"type": "string"},
        "field": {"type": ["string", "null"]}}}},
}


def document() -> dict:
    paths: dict = {}
    for doc in ROUTE_DOCS:
        operation: dict = {
            "summary": doc.summary,
            "operationId": f"{doc.method.lower()}_{re.sub(r'[^a-z0-9]+', '_', doc.path.lower()).strip('_')}",
            "tags": [doc.tag] if doc.tag else [],
            "responses": {
                "200": {"description": "OK"},
                "4XX": {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
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
