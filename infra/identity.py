"""Cognito: the user pool, the web client and one group per role.

Mirrors devserver/stack.py (same password policy, flows and groups) so the
local pool behaves like the deployed one.
"""
from __future__ import annotations

from infra.security import RETAIN
from infra.template import Context, Fragment, get_att, logical_id, ref, sub

POOL = "UserPool"
CLIENT = "UserPoolClient"
ACCESS_TOKEN_MINUTES = 15  # matches Settings.access_token_minutes
REFRESH_TOKEN_DAYS = 30

# What chalicelib/cognito.py calls with the functions' credentials. The other calls it
# makes (InitiateAuth, RespondToAuthChallenge, *SoftwareToken, SetUserMFAPreference)
# are public, authorised by the client id or the user's access token, not IAM.
ADMIN_ACTIONS = [
    "cognito-idp:AdminCreateUser",
    "cognito-idp:AdminSetUserPassword",
    "cognito-idp:AdminAddUserToGroup",
    "cognito-idp:AdminDeleteUser",
    "cognito-idp:AdminUserGlobalSignOut",
    "cognito-idp:AdminSetUserMFAPreference",
    # staff management (issue 14): role changes, deactivation and reactivation
    "cognito-idp:AdminRemoveUserFromGroup",
    "cognito-idp:AdminDisableUser",
    "cognito-idp:AdminEnableUser",
]


def group_logical_id(role: str) -> str:
    return logical_id("group", role)


def fragment(ctx: Context) -> Fragment:
    from chalicelib.cognito import PASSWORD_POLICY
    from chalicelib.config import ROLES

    resources = {
        POOL: {
            "Type": "AWS::Cognito::UserPool",
            **RETAIN,
            "Properties": {
                "UserPoolName": sub("${AWS::StackName}-users"),
                # Lite covers password sign-in, TOTP and token revocation: all the portal uses.
                "UserPoolTier": "LITE",
                "DeletionProtection": "ACTIVE",
                "Policies": {"PasswordPolicy": dict(PASSWORD_POLICY)},
                # Staff must use TOTP: the app enforces it (STAFF_MFA_REQUIRED); patients may opt in.
                "MfaConfiguration": "OPTIONAL",
                "EnabledMfas": ["SOFTWARE_TOKEN_MFA"],
                "AutoVerifiedAttributes": ["email"],
                "UsernameConfiguration": {"CaseSensitive": False},
                # Accounts come from invitations only; resets go through the portal's own
                # codes and mail, so Cognito never emails anyone.
                "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": True},
                "AccountRecoverySetting": {"RecoveryMechanisms": [{"Name": "admin_only", "Priority": 1}]},
            },
        },
        CLIENT: {
            "Type": "AWS::Cognito::UserPoolClient",
            "Properties": {
                "UserPoolId": ref(POOL),
                "ClientName": "portal-web",
                "GenerateSecret": False,
                "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                "PreventUserExistenceErrors": "ENABLED",
                "SupportedIdentityProviders": ["COGNITO"],
                "AccessTokenValidity": ACCESS_TOKEN_MINUTES,
                "IdTokenValidity": ACCESS_TOKEN_MINUTES,
                "RefreshTokenValidity": REFRESH_TOKEN_DAYS,
                "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "minutes",
                                       "RefreshToken": "days"},
                "EnableTokenRevocation": True,
                "AuthSessionValidity": 3,  # minutes to answer the MFA challenge
            },
        },
    }
    for role in ROLES:
        resources[group_logical_id(role)] = {
            "Type": "AWS::Cognito::UserPoolGroup",
            "Properties": {"UserPoolId": ref(POOL), "GroupName": role,
                           "Description": f"Portal role: {role}"},
        }
    return Fragment(
        resources=resources,
        outputs={"UserPoolId": {"Value": ref(POOL)}, "UserPoolClientId": {"Value": ref(CLIENT)}},
        policy=[{"Sid": "UserPoolAdmin", "Effect": "Allow", "Action": ADMIN_ACTIONS,
                 "Resource": get_att(POOL, "Arn")}],
        environment={"USER_POOL_ID": ref(POOL), "USER_POOL_CLIENT_ID": ref(CLIENT)},
    )
