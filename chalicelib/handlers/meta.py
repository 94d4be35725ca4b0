"""/openapi.json and /health."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.handlers._http import route

bp = Blueprint(__name__)


@route(bp, "/openapi.json", public=True, tag="meta", summary="This API as an OpenAPI 3.1 document")
def openapi():
    from chalicelib.openapi import document

    return document()


@route(bp, "/health", public=True, tag="meta", summary="Liveness check (no data access)")
def health():
    return {"status": "ok"}
