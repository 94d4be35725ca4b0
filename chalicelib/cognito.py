"""Thin wrapper over the Cognito user pool: the only module that calls cognito-idp.

Maps Cognito's errors to domain errors with messages safe to show a user.
"""
from __future__ import annotations

import contextlib

from chalicelib.config import get_settings
from chalicelib.errors import (ConflictError, TooManyRequestsError, UnauthenticatedError,
                               UnprocessableError)

PASSWORD_POLICY = {
    "MinimumLength": 12,
    "RequireUppercase": True,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
    "TemporaryPasswordValidityDays": 7,
}
PASSWORD_RULES = "at least 12 characters with upper and lower case letters, a number and a symbol"


def _idp():
    from chalicelib.aws import client

    return client("cognito-idp")


@contextlib.contextmanager
def _errors():
    from botocore.exceptions import ClientError

    try:
        yield
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        if code in ("NotAuthorizedException", "UserNotFoundException"):
            raise UnauthenticatedError("Email or password is incorrect.") from None
        if code == "InvalidPasswordException":
            raise UnprocessableError(f"Password must have {PASSWORD_RULES}.", field="password") from None
        if code in ("CodeMismatchException", "EnableSoftwareTokenMFAException", "ExpiredCodeException"):
            raise UnprocessableError("That code is not right. Try the newest code.", field="code") from None
        if code == "UsernameExistsException":
            raise ConflictError("An account with this email already exists.", field="email") from None
        if code in ("TooManyRequestsException", "LimitExceededException", "TooManyFailedAttemptsException"):
            raise TooManyRequestsError("Too many attempts. Wait a few minutes and try again.") from None
        raise


def _tokens(result: dict) -> dict:
    auth = result["AuthenticationResult"]
    tokens = {
        "access_token": auth["AccessToken"],
        "id_token": auth.get("IdToken"),
        "expires_in": min(int(auth.get("ExpiresIn", 3600)), get_settings().access_token_minutes * 60),
        "token_type": "Bearer",
    }
    if auth.get("RefreshToken"):
        tokens["refresh_token"] = auth["RefreshToken"]
    return tokens


def password_sign_in(email: str, password: str) -> dict:
    """Tokens, or {"challenge": "mfa", "session": ...} when TOTP is enrolled."""
    with _errors():
        result = _idp().initiate_auth(
            ClientId=get_settings().user_pool_client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": password},
        )
    if result.get("ChallengeName") == "SOFTWARE_TOKEN_MFA":
        return {"challenge": "mfa", "session": result["Session"]}
    if "AuthenticationResult" not in result:
        raise UnauthenticatedError("This sign-in step is not supported.")
    return _tokens(result)


def answer_mfa(email: str, session: str, code: str) -> dict:
    with _errors():
        result = _idp().respond_to_auth_challenge(
            ClientId=get_settings().user_pool_client_id,
            ChallengeName="SOFTWARE_TOKEN_MFA",
            Session=session,
            ChallengeResponses={"USERNAME": email, "SOFTWARE_TOKEN_MFA_CODE": code},
        )
    return _tokens(result)


def refresh(refresh_token: str) -> dict:
    with _errors():
        result = _idp().initiate_auth(
            ClientId=get_settings().user_pool_client_id,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": refresh_token},
        )
    return _tokens(result)


def sign_out_everywhere(email: str) -> None:
    with _errors():
        _idp().admin_user_global_sign_out(UserPoolId=get_settings().user_pool_id, Username=email)


def create_user(email: str, password: str, groups: list[str]) -> str:
    """Create a confirmed user with a permanent password; returns the Cognito sub."""
    pool = get_settings().user_pool_id
    with _errors():
        result = _idp().admin_create_user(
            UserPoolId=pool,
            Username=email,
            MessageAction="SUPPRESS",  # we send our own, PHI-free invitation
            UserAttributes=[{"Name": "email", "Value": email},
                            {"Name": "email_verified", "Value": "true"}],
        )
    sub = next(a["Value"] for a in result["User"]["Attributes"] if a["Name"] == "sub")
    try:
        set_password(email, password)
        for group in groups:
            with _errors():
                _idp().admin_add_user_to_group(UserPoolId=pool, Username=email, GroupName=group)
    except Exception:
        delete_user(email)  # nothing half written
        raise
    return sub


def set_password(email: str, password: str) -> None:
    with _errors():
        _idp().admin_set_user_password(
            UserPoolId=get_settings().user_pool_id, Username=email, Password=password, Permanent=True)


def change_password(access_token: str, current: str, new: str) -> None:
    """Cognito checks the current password itself (ChangePassword is authorized by the token)."""
    with _errors():
        _idp().change_password(AccessToken=access_token, PreviousPassword=current, ProposedPassword=new)


def delete_user(email: str) -> None:
    with contextlib.suppress(Exception):
        _idp().admin_delete_user(UserPoolId=get_settings().user_pool_id, Username=email)


def start_totp(access_token: str) -> str:
    with _errors():
        return _idp().associate_software_token(AccessToken=access_token)["SecretCode"]


def confirm_totp(access_token: str, code: str) -> None:
    with _errors():
        result = _idp().verify_software_token(AccessToken=access_token, UserCode=code,
                                              FriendlyDeviceName="Authenticator app")
        if result.get("Status") != "SUCCESS":
            raise UnprocessableError("That code is not right. Try the newest code.", field="code")
        _idp().set_user_mfa_preference(
            AccessToken=access_token,
            SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})


def disable_totp(email: str) -> None:
    with _errors():
        _idp().admin_set_user_mfa_preference(
            UserPoolId=get_settings().user_pool_id, Username=email,
            SoftwareTokenMfaSettings={"Enabled": False, "PreferredMfa": False})


# ---- staff management (services/staff.py) ----


def create_invited_user(email: str, groups: list[str]) -> str:
    """A user without a usable password yet (they choose one when they activate); returns the sub."""
    pool = get_settings().user_pool_id
    with _errors():
        result = _idp().admin_create_user(
            UserPoolId=pool, Username=email, MessageAction="SUPPRESS",
            UserAttributes=[{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}])
    sub = next(a["Value"] for a in result["User"]["Attributes"] if a["Name"] == "sub")
    try:
        set_groups(email, add=groups)
    except Exception:
        delete_user(email)  # nothing half written
        raise
    return sub


def set_groups(email: str, add=(), remove=()) -> None:
    pool = get_settings().user_pool_id
    with _errors():
        for group in add:
            _idp().admin_add_user_to_group(UserPoolId=pool, Username=email, GroupName=group)
        for group in remove:
            _idp().admin_remove_user_from_group(UserPoolId=pool, Username=email, GroupName=group)


def disable_user(email: str) -> None:
    """Cognito refuses the user's password from now on (the portal's own status check too)."""
    with _errors():
        _idp().admin_disable_user(UserPoolId=get_settings().user_pool_id, Username=email)


def enable_user(email: str) -> None:
    with _errors():
        _idp().admin_enable_user(UserPoolId=get_settings().user_pool_id, Username=email)
