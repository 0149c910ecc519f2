"""Locally, Cognito (the leaders' sign-in) and S3 (large exports) are served by moto's server mode: the user pool,
its app client and groups are made from infra/template.yaml, and demo leaders are seeded for `make run`.

The demo network leader has the code from an authenticator app turned on (as the network leader must), with the one
secret moto gives every user (DEMO_TOTP_SECRET): `python -m local.totp` prints its code now. moto checks the codes
(MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP, set here) against the current 30-second step only.

Moto signs tokens with its own key and serves it at {endpoint}/{pool_id}/.well-known/jwks.json; the tokens' issuer is
the AWS form, so the functions get the issuer (from the pool id) and the key URL separately.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

from local.template import TEMPLATE, load
from local.totp import fresh_code

REGION = "eu-north-1"
EXPORT_BUCKET = "lindra-exports"
# Local only: every demo leader has this password (moto's pool is in memory and gone when `make run` stops).
DEMO_PASSWORD = "Palliasjon-2026"  # noqa: S105
# moto gives every user this secret for the authenticator app (moto.cognitoidp.models.COGNITO_TOTP_MFA_SECRET).
DEMO_TOTP_SECRET = "ASDFASDFASDF"  # noqa: S105
TOTP_CHECKS = "MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP"


def check_totp_codes() -> None:
    """moto refuses a wrong code from the app (as Cognito does) instead of taking any; read at each call."""
    os.environ[TOTP_CHECKS] = "true"


@dataclass(frozen=True)
class LocalPool:
    endpoint: str
    pool_id: str
    client_id: str

    @property
    def jwks_url(self) -> str:
        return f"{self.endpoint}/{self.pool_id}/.well-known/jwks.json"


@dataclass(frozen=True)
class DemoLeader:
    email: str
    name: str
    group: str | None
    area: str | None = None
    unit: str | None = None
    mfa: bool | None = None  # the code from an app turned on; None: as the role must (the network leader's is)

    @property
    def enrolled(self) -> bool:
        return self.group == "nettverksleder" if self.mfa is None else self.mfa


def aws_client(service: str, endpoint: str) -> Any:
    return boto3.client(  # type: ignore[call-overload]
        service,
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="local",
        aws_secret_access_key="local",  # noqa: S106 - moto takes any key
        config=Config(retries={"mode": "standard"}),
    )


class MotoServer:
    """moto's server in a thread of this process, on a free port."""

    def __init__(self) -> None:
        from moto.server import ThreadedMotoServer

        check_totp_codes()
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.endpoint = ""

    def start(self) -> MotoServer:
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        return self

    def stop(self) -> None:
        self._server.stop()


def _resources(kind: str, path: Path) -> dict[str, dict[str, Any]]:
    return {name: r["Properties"] for name, r in load(path)["Resources"].items() if r["Type"] == kind}


def create_pool(cognito: Any, path: Path = TEMPLATE) -> tuple[str, str]:
    """The template's user pool, app client and groups; returns (pool id, client id)."""
    (pool,) = _resources("AWS::Cognito::UserPool", path).values()
    (app_client,) = _resources("AWS::Cognito::UserPoolClient", path).values()
    pool_id = cognito.create_user_pool(
        PoolName="lindra-leaders",
        UsernameAttributes=pool["UsernameAttributes"],
        Schema=pool["Schema"],
        Policies=pool["Policies"],
        MfaConfiguration=pool["MfaConfiguration"],
        AdminCreateUserConfig=pool["AdminCreateUserConfig"],
    )["UserPool"]["Id"]
    client_id = cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName=app_client["ClientName"],
        ExplicitAuthFlows=app_client["ExplicitAuthFlows"],
        IdTokenValidity=app_client["IdTokenValidity"],
        AccessTokenValidity=app_client["AccessTokenValidity"],
        RefreshTokenValidity=app_client["RefreshTokenValidity"],
        TokenValidityUnits=app_client["TokenValidityUnits"],
        ReadAttributes=app_client["ReadAttributes"],
        WriteAttributes=app_client["WriteAttributes"],  # moto keeps the list, but lets UpdateUserAttributes write any
    )["UserPoolClient"]["ClientId"]
    for group in _resources("AWS::Cognito::UserPoolGroup", path).values():
        cognito.create_group(UserPoolId=pool_id, GroupName=group["GroupName"], Precedence=group["Precedence"])
    return pool_id, client_id


def add_leader(cognito: Any, pool_id: str, leader: DemoLeader, password: str = DEMO_PASSWORD) -> None:
    attributes = [{"Name": "email", "Value": leader.email}, {"Name": "name", "Value": leader.name}]
    if leader.area:
        attributes.append({"Name": "custom:area", "Value": leader.area})
    if leader.unit:
        attributes.append({"Name": "custom:unit", "Value": leader.unit})
    cognito.admin_create_user(
        UserPoolId=pool_id, Username=leader.email, UserAttributes=attributes, MessageAction="SUPPRESS"
    )
    cognito.admin_set_user_password(UserPoolId=pool_id, Username=leader.email, Password=password, Permanent=True)
    if leader.group:
        cognito.admin_add_user_to_group(UserPoolId=pool_id, Username=leader.email, GroupName=leader.group)


def enrol_totp(cognito: Any, client_id: str, email: str, password: str = DEMO_PASSWORD) -> str:
    """Turn on the code from an app for a leader, as /leder/ does; the secret the app would be set up with."""
    tokens = cognito.initiate_auth(
        ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": email, "PASSWORD": password}
    )["AuthenticationResult"]
    secret: str = cognito.associate_software_token(AccessToken=tokens["AccessToken"])["SecretCode"]
    cognito.verify_software_token(
        AccessToken=tokens["AccessToken"], UserCode=fresh_code(secret), FriendlyDeviceName="demo"
    )
    cognito.set_user_mfa_preference(
        AccessToken=tokens["AccessToken"], SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True}
    )
    return secret


def add_leaders(cognito: Any, pool_id: str, client_id: str, leaders: Iterable[DemoLeader]) -> None:
    """The leaders, each with the code from an app turned on where `enrolled` says (the network leader by default)."""
    for leader in leaders:
        add_leader(cognito, pool_id, leader)
        if leader.enrolled:
            enrol_totp(cognito, client_id, leader.email)


def demo_leaders(network: dict[str, Any]) -> list[DemoLeader]:
    """One network leader, one area leader per local network, and the coordinator of the first host unit."""
    leaders = [DemoLeader("nettverksleder@example.no", "Nina Nettverksleder", "nettverksleder")]
    leaders += [
        DemoLeader(f"omradeleder.{area['id']}@example.no", f"Områdeleder {area['name']}", "omradeleder", area["id"])
        for area in network["areas"]
    ]
    units = network.get("host_units") or [{"id": "vertsenhet"}]
    leaders.append(DemoLeader("vertsenhet@example.no", "Vera Vertsenhet", "vertsenhet", unit=units[0]["id"]))
    return leaders


def start_local_pool(server: MotoServer, network: dict[str, Any], path: Path = TEMPLATE) -> LocalPool:
    """The user pool with the demo leaders, and the export bucket, on a started moto server."""
    cognito = aws_client("cognito-idp", server.endpoint)
    pool_id, client_id = create_pool(cognito, path)
    add_leaders(cognito, pool_id, client_id, demo_leaders(network))
    s3 = aws_client("s3", server.endpoint)
    s3.create_bucket(Bucket=EXPORT_BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    return LocalPool(server.endpoint, pool_id, client_id)
