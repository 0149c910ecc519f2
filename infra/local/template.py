"""Reading infra/template.yaml: the tables to create and the routes to serve, so that local and AWS cannot drift."""

from __future__ import annotations

import json
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


def source(path: Path = TEMPLATE) -> dict[str, Any]:
    """The template as written (its Fn::ForEach loops not yet expanded)."""
    data: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=_CfnLoader)  # noqa: S506
    return data


@lru_cache(maxsize=4)
def load(path: Path = TEMPLATE) -> dict[str, Any]:
    """The template as the SAM transform gets it: after AWS::LanguageExtensions has expanded its Fn::ForEach loops."""
    template = source(path)
    return expand_for_each(template) if _has_for_each(template) else template


# AWS::LanguageExtensions' Fn::ForEach, as far as the template uses it: a literal collection of names, and in the
# fragment the identifier in keys and Fn::Sub (${Name}, or &{Name} without its non-alphanumerics) and as Ref Name.
# Everything else (Fn::FindInMap ...) is left for CloudFormation. Tests compare this with cfn-lint's own transform.
_FOR_EACH = re.compile(r"Fn::ForEach::\w+")


def _has_for_each(node: Any) -> bool:
    if isinstance(node, dict):
        return any(_FOR_EACH.fullmatch(str(key)) or _has_for_each(value) for key, value in node.items())
    return isinstance(node, list) and any(_has_for_each(value) for value in node)


def expand_for_each(template: dict[str, Any]) -> dict[str, Any]:
    """The template with every Fn::ForEach replaced by its copies (the sections it may be in: Conditions, Resources,
    Outputs)."""
    transforms = template.get("Transform", [])
    if "AWS::LanguageExtensions" not in (transforms if isinstance(transforms, list) else [transforms]):
        raise ValueError("Fn::ForEach needs the AWS::LanguageExtensions transform")
    sections = {"Conditions", "Resources", "Outputs"}
    return {key: _expand(value, {}) if key in sections else value for key, value in template.items()}


def _substitute(text: str, names: dict[str, str]) -> str:
    for name, value in names.items():
        text = text.replace(f"${{{name}}}", value).replace(f"&{{{name}}}", re.sub("[^0-9A-Za-z]", "", value))
    return text


def _expand(node: Any, names: dict[str, str]) -> Any:
    if isinstance(node, list):
        return [_expand(value, names) for value in node]
    if isinstance(node, str):
        if any(f"{{{name}}}" in node for name in names):
            raise ValueError(f"{node!r}: an identifier outside a key, Fn::Sub or Ref")
        return node
    if not isinstance(node, dict):
        return node
    if list(node) == ["Ref"] and isinstance(node["Ref"], str) and node["Ref"] in names:
        return names[node["Ref"]]
    if list(node) == ["Ref"] and isinstance(node["Ref"], dict):
        target = _expand(node["Ref"], names)
        if not isinstance(target, str):
            raise ValueError(f"Ref {node['Ref']!r}: not a name once the loop's identifiers are in")
        return {"Ref": names.get(target, target)}
    if list(node) == ["Fn::Sub"] and isinstance(node["Fn::Sub"], str) and names:
        text = _substitute(node["Fn::Sub"], names)
        return text if text != node["Fn::Sub"] and "${" not in text else {"Fn::Sub": text}
    result: dict[str, Any] = {}
    for key, value in node.items():
        if _FOR_EACH.fullmatch(key):
            identifier, collection, fragment = value
            if not (isinstance(collection, list) and all(isinstance(item, str) for item in collection)):
                raise ValueError(f"{key}: only a literal list of names is expanded here")
            copies = [_expand(fragment, names | {identifier: item}) for item in collection]
            for copy in copies:
                for copy_key, copy_value in copy.items():
                    if copy_key in result or copy_key in node:
                        raise ValueError(f"{key}: {copy_key} twice")
                    result[copy_key] = copy_value
        else:
            result[_substitute(key, names)] = _expand(value, names)
    return result


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
        if "StreamSpecification" in props:
            args["StreamSpecification"] = {"StreamEnabled": True} | props["StreamSpecification"]
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
            if isinstance(value, dict):  # !Sub: the attachment bucket's origin, which locally is this server
                value = re.sub(r" https://\$\{[^}]+\}", "", value["Fn::Sub"])
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


@dataclass(frozen=True)
class StreamConsumer:
    """A function the table's stream invokes (an event source mapping of Type DynamoDB), with its filter's
    patterns and its batching window."""

    function: str
    handler: str
    table: str
    patterns: tuple[dict[str, Any], ...]
    batching_seconds: float


def stream_consumers(path: Path = TEMPLATE) -> list[StreamConsumer]:
    found = []
    for name, resource in load(path)["Resources"].items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        for event in resource["Properties"].get("Events", {}).values():
            if event["Type"] != "DynamoDB":
                continue
            props = event["Properties"]
            (table,) = [value[0] for key, value in props["Stream"].items() if key == "Fn::GetAtt"]
            filters = props.get("FilterCriteria", {}).get("Filters", [])
            found.append(
                StreamConsumer(
                    function=name,
                    handler=resource["Properties"]["Handler"],
                    table=table,
                    patterns=tuple(json.loads(f["Pattern"]) for f in filters),
                    batching_seconds=float(props.get("MaximumBatchingWindowInSeconds", 0)),
                )
            )
    return found
