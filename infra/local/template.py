"""Reading infra/template.yaml: the tables to create and the routes to serve, so that local and AWS cannot drift."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

TEMPLATE = Path(__file__).resolve().parents[1] / "template.yaml"


class _CfnLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short tags (!Ref X -> {"Ref": X}, !GetAtt a.b -> {"Fn::GetAtt": [a, b]} ...)."""


def _tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type,unused-ignore]
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{suffix}": value}


_CfnLoader.add_multi_constructor("!", _tag)


@lru_cache(maxsize=4)
def load(path: Path = TEMPLATE) -> dict[str, Any]:
    data: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=_CfnLoader)  # noqa: S506
    return data


def tables(path: Path = TEMPLATE) -> dict[str, dict[str, Any]]:
    """Logical id -> the CreateTable arguments (locally, the table's name is its logical id)."""
    result = {}
    for name, resource in load(path)["Resources"].items():
        if resource["Type"] != "AWS::DynamoDB::Table":
            continue
        props = resource["Properties"]
        args: dict[str, Any] = {
            "TableName": name,
            "AttributeDefinitions": props["AttributeDefinitions"],
            "KeySchema": props["KeySchema"],
            "BillingMode": props.get("BillingMode", "PAY_PER_REQUEST"),
        }
        if "GlobalSecondaryIndexes" in props:
            args["GlobalSecondaryIndexes"] = props["GlobalSecondaryIndexes"]
        result[name] = {"create": args, "ttl": props.get("TimeToLiveSpecification")}
    return result


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    handler: str
    function: str
    pattern: re.Pattern[str]

    def match(self, method: str, path: str) -> dict[str, str] | None:
        if method != self.method:
            return None
        found = self.pattern.fullmatch(path)
        return {name: value for name, value in found.groupdict().items() if value is not None} if found else None


def routes(path: Path = TEMPLATE) -> list[Route]:
    """Every HttpApi event of every function, as the local gateway serves it."""
    result = []
    for name, resource in load(path)["Resources"].items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        for event in resource["Properties"].get("Events", {}).values():
            if event["Type"] != "HttpApi":
                continue
            route_path = event["Properties"]["Path"]
            regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(route_path))
            result.append(
                Route(
                    method=event["Properties"]["Method"].upper(),
                    path=route_path,
                    handler=resource["Properties"]["Handler"],
                    function=name,
                    pattern=re.compile(regex),
                )
            )
    return result


def function_environment(local_values: dict[str, str], path: Path = TEMPLATE) -> dict[str, str]:
    """The functions' environment from Globals, with !Ref resolved: a table to its local name, a parameter to
    its default, anything else to local_values."""
    template = load(path)
    parameters = {name: str(p.get("Default", "")) for name, p in template.get("Parameters", {}).items()}
    variables = template.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {})
    env: dict[str, str] = {}
    for key, value in variables.items():
        if isinstance(value, dict) and "Ref" in value:
            ref = value["Ref"]
            env[key] = str(local_values.get(ref, parameters.get(ref, ref)))
        else:
            env[key] = str(value)
    return env


@dataclass(frozen=True)
class SecurityHeader:
    name: str
    value: str
    override: bool  # CloudFront's Override: replace the origin's own header (else keep the origin's, if it sent one)


SECURITY_HEADERS_POLICY = "SecurityHeadersPolicy"


def security_headers(path: Path = TEMPLATE) -> list[SecurityHeader]:
    """The headers CloudFront's response headers policy adds to every answer, written as CloudFront writes them.
    A setting this does not know raises, so that the local server cannot quietly send less than CloudFront."""
    config = load(path)["Resources"][SECURITY_HEADERS_POLICY]["Properties"]["ResponseHeadersPolicyConfig"]
    headers = []
    for key, setting in config.get("SecurityHeadersConfig", {}).items():
        if key == "ContentSecurityPolicy":
            name, value = "Content-Security-Policy", setting["ContentSecurityPolicy"]
        elif key == "StrictTransportSecurity":
            name, value = "Strict-Transport-Security", f"max-age={setting['AccessControlMaxAgeSec']}"
            value += "; includeSubDomains" if setting.get("IncludeSubdomains") else ""
            value += "; preload" if setting.get("Preload") else ""
        elif key == "ContentTypeOptions":
            name, value = "X-Content-Type-Options", "nosniff"
        elif key == "FrameOptions":
            name, value = "X-Frame-Options", setting["FrameOption"]
        elif key == "ReferrerPolicy":
            name, value = "Referrer-Policy", setting["ReferrerPolicy"]
        else:
            raise ValueError(f"{SECURITY_HEADERS_POLICY}: {key} is not sent by the local server yet")
        headers.append(SecurityHeader(name, value, setting["Override"]))
    for item in config.get("CustomHeadersConfig", {}).get("Items", []):
        headers.append(SecurityHeader(item["Header"], item["Value"], item["Override"]))
    return headers
