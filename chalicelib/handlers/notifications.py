"""/notifications/unsubscribe: the one-click List-Unsubscribe target (no sign-in)."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.handlers._http import obj, route

EMPTY = obj({})

bp = Blueprint(__name__)


# The body is RFC 8058's form "List-Unsubscribe=One-Click" (not read: the token says it all).
@route(bp, "/notifications/unsubscribe", "POST", public=True, tag="notifications", body=EMPTY,
       query={"token": "the signed token from the List-Unsubscribe header"},
       content_types=["application/x-www-form-urlencoded", "application/json", "multipart/form-data"],
       summary="One-click unsubscribe from patient notices (RFC 8058); account mail still goes out")
def unsubscribe():
    from chalicelib.services.unsubscribe import unsubscribe as turn_off

    return turn_off((bp.current_request.query_params or {}).get("token", ""))


# A mail client without one-click support opens the header's URL in a browser (GET):
# a page with one button that sends the same POST, so a link preview never unsubscribes.
@route(bp, "/notifications/unsubscribe", public=True, tag="notifications",
       query={"token": "the signed token from the List-Unsubscribe header"},
       summary="The unsubscribe page a browser opens: one button that turns email notices off")
def unsubscribe_page():
    from html import escape

    from chalice import Response

    token = escape((bp.current_request.query_params or {}).get("token", ""), quote=True)
    page = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            'content="width=device-width, initial-scale=1"><title>Email notices</title></head>'
            '<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem">'
            '<h1>Stop email notices?</h1><p>You will no longer get emails saying something new is waiting in '
            'your patient portal. Account emails (sign-in, password) still come. You can turn notices back on '
            'in the portal, under Account.</p>'
            f'<form method="post" action="?token={token}"><input type="hidden" name="List-Unsubscribe" '
            'value="One-Click"><button type="submit">Stop email notices</button></form></body></html>')
    return Response(body=page, status_code=200, headers={"Content-Type": "text/html; charset=utf-8"})
