"""Chalice's LocalGateway answering like the deployed API Gateway with our gateway
responses (chalicelib/gateway_errors.py): the same status and error shape locally, in
the devserver and in tests, as infra/api.py configures in AWS."""
from __future__ import annotations

from chalice.local import LocalGateway, LocalGatewayException

from chalicelib.gateway_errors import RESPONSES, body as error_body


def response_type(exc: LocalGatewayException) -> str:
    """Which API Gateway response type LocalGateway's exception stands for."""
    error_type = (exc.headers or {}).get("x-amzn-ErrorType", "")
    if exc.CODE == 401:
        return "UNAUTHORIZED"
    if exc.CODE == 403 and error_type == "AccessDeniedException":
        return "ACCESS_DENIED"
    if exc.CODE == 403:
        return "MISSING_AUTHENTICATION_TOKEN"
    return "DEFAULT_5XX" if exc.CODE >= 500 else "DEFAULT_4XX"


class ShapedLocalGateway(LocalGateway):
    def handle_request(self, method, path, headers, body):  # noqa: D102 (LocalGateway's)
        try:
            return super().handle_request(method, path, headers, body)
        except LocalGatewayException as exc:
            status, code, message = RESPONSES[response_type(exc)]
            return {"statusCode": status or exc.CODE, "body": error_body(code, message),
                    "headers": {"Content-Type": "application/json", "Cache-Control": "no-store",
                                **{k: v for k, v in (exc.headers or {}).items() if k.startswith("x-amzn-")}},
                    "multiValueHeaders": {}}
