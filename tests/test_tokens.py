"""The authorizer verifies every token itself: signature, issuer, client, use, expiry, age."""
from __future__ import annotations

import base64
import gzip
import json
import time
from importlib import resources

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa


def moto_private_key():
    """The key every moto pool signs with (ships inside moto: trusted only locally)."""
    raw = resources.files("moto.cognitoidp.resources").joinpath("jwks-private.json.gz").read_bytes()
    return jwt.PyJWK(json.loads(gzip.decompress(raw))).key


def claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def forge(claims: dict, key=None, kid: str = "dummy", alg: str = "RS256") -> str:
    return jwt.encode(claims, key or moto_private_key(), algorithm=alg, headers={"kid": kid})


@pytest.fixture
def alex_claims(api):
    api.forget("alex")
    return claims_of(api.token("alex"))


def assert_denied(api, token):
    res = api.get("/me", token=token)
    assert res.status in (401, 403), res
    assert "alex" not in (res.raw_body or b"").decode().lower()


def test_a_real_token_is_accepted(api, alex_claims):
    assert api.get("/me", as_user="alex").status == 200


def test_missing_token_is_401(api):
    assert api.get("/me").status == 401


def test_token_signed_with_another_key_is_refused(api, alex_claims):
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert_denied(api, forge(alex_claims, key=other_key))


def test_unsigned_token_is_refused(api, alex_claims):
    header = base64.urlsafe_b64encode(json.dumps({"alg": "none", "kid": "dummy"}).encode()).rstrip(b"=")
    body = base64.urlsafe_b64encode(json.dumps(alex_claims).encode()).rstrip(b"=")
    assert_denied(api, f"{header.decode()}.{body.decode()}.")


def test_tampered_payload_is_refused(api, alex_claims, demo):
    token = api.token("alex")
    header, _, signature = token.split(".")
    changed = dict(alex_claims, sub="someone-else")
    body = base64.urlsafe_b64encode(json.dumps(changed).encode()).rstrip(b"=").decode()
    assert_denied(api, f"{header}.{body}.{signature}")


def test_expired_token_is_refused(api, alex_claims):
    now = int(time.time())
    assert_denied(api, forge(dict(alex_claims, iat=now - 7200, auth_time=now - 7200, exp=now - 3600)))


def test_token_older_than_the_session_limit_is_refused_even_if_not_expired(api, alex_claims):
    now = int(time.time())
    assert_denied(api, forge(dict(alex_claims, iat=now - 16 * 60, exp=now + 3600)))


def test_token_from_another_user_pool_is_refused(api, alex_claims):
    assert_denied(api, forge(dict(alex_claims, iss=alex_claims["iss"] + "x")))


def test_token_for_another_app_client_is_refused(api, alex_claims):
    assert_denied(api, forge(dict(alex_claims, client_id="another-client")))


def test_id_token_is_not_an_access_token(api, alex_claims):
    assert_denied(api, forge(dict(alex_claims, token_use="id")))


def test_a_correctly_signed_token_for_an_unknown_user_is_refused(api, alex_claims):
    assert_denied(api, forge(dict(alex_claims, sub="00000000-0000-0000-0000-000000000000")))


def test_real_token_from_a_second_pool_is_refused(api):
    """A genuine token from another pool (same moto signing key): only the issuer differs."""
    import boto3

    idp = boto3.client("cognito-idp", region_name="us-east-1")
    pool = idp.create_user_pool(PoolName="someone-elses-pool")["UserPool"]["Id"]
    client = idp.create_user_pool_client(UserPoolId=pool, ClientName="x",
                                         ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"])["UserPoolClient"]
    idp.admin_create_user(UserPoolId=pool, Username="alex.morgan@example.org", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool, Username="alex.morgan@example.org",
                                Password="Other-Pool-2026!", Permanent=True)
    token = idp.initiate_auth(ClientId=client["ClientId"], AuthFlow="USER_PASSWORD_AUTH",
                              AuthParameters={"USERNAME": "alex.morgan@example.org",
                                              "PASSWORD": "Other-Pool-2026!"})["AuthenticationResult"]["AccessToken"]
    assert_denied(api, token)
