"""Ending sessions: sign-out, a password reset, an MFA change.

Two revocations, both needed: Cognito's global sign-out ends every refresh token (no new
access tokens), and the user row's `tokens_valid_after` ends every access token issued
before it (the authorizer checks it on each request). JWT `iat` has one-second steps, so
"before" is ambiguous for a token issued in the second of the change: the user row names
the tokens of that second that still work (`kept_tokens`): a sign-in right after a
sign-out, or the device that made an MFA change (until its short access token ends;
its refresh token is gone, so it then signs in again, with the code). A set: both can
happen in one second.
"""
from __future__ import annotations

from chalicelib import clock, cognito
from chalicelib.models.user import User
from chalicelib.observability import logger


def token_id(claims: dict) -> str | None:
    """One id per sign-in: Cognito's origin_jti (kept across refreshes), else the jti."""
    return claims.get("origin_jti") or claims.get("jti")


def claims_of(access_token: str) -> dict:
    import jwt

    return jwt.decode(access_token, options={"verify_signature": False})


def still_valid(claims: dict, user: User) -> bool:
    """The authorizer's revocation check (signature and expiry are checked before)."""
    if int(claims["iat"]) >= int(user.tokens_valid_after or 0):
        return True
    return token_id(claims) in (user.kept_tokens or set())


def end_everywhere(user_id: str, email: str, keep_access_token: str | None = None) -> None:
    """Sign the user out of every device; `keep_access_token` (the caller's own, after an
    MFA change) keeps working until it expires."""
    cognito.sign_out_everywhere(email)
    keep = token_id(claims_of(keep_access_token)) if keep_access_token else None
    User(user_id).update(actions=[User.tokens_valid_after.set(int(clock.epoch()) + 1),
                                  User.kept_tokens.set({keep}) if keep else User.kept_tokens.remove()])
    logger.info("sessions ended", extra={"user_id": user_id})


def admit(user: User, access_token: str) -> None:
    """A sign-in in the same second as a revocation: this token works, the old ones not."""
    claims = claims_of(access_token)
    if int(claims.get("iat", 0)) < int(user.tokens_valid_after or 0):
        user.update(actions=[User.kept_tokens.add({token_id(claims)})])
