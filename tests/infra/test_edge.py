"""The edge in front of the API: infra/waf.yaml's web ACL (a rate limit per IP address on the POSTs to /api/*, in
us-east-1 as CloudFront needs), the main stack taking its ARN, and the API reachable only through CloudFront (the
secret origin header CloudFront adds and the functions check), and the forms' signing key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

import deploy
from local.template import load

ROOT = Path(__file__).resolve().parents[2]
WAF = ROOT / "infra" / "waf.yaml"
HTTP_FUNCTIONS = ("SignupFunction", "HospitationFunction", "RosterFunction", "LeaderFunction")


def waf() -> dict[str, Any]:
    return load(WAF)


def test_the_waf_template_lints_clean() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "cfn-lint"), str(WAF)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_web_acl_is_cloudfronts_and_limits_each_addresss_posts_to_the_api() -> None:
    template = waf()
    acl = template["Resources"]["WebAcl"]["Properties"]
    assert acl["Scope"] == "CLOUDFRONT" and acl["DefaultAction"] == {"Allow": {}}
    (rule,) = acl["Rules"]
    rate = rule["Statement"]["RateBasedStatement"]
    assert rate["AggregateKeyType"] == "IP" and rate["EvaluationWindowSec"] == 300
    assert rate["Limit"] == {"Ref": "FormPostsPerAddress"}
    assert template["Parameters"]["FormPostsPerAddress"]["MinValue"] >= 10, "WAF's least rate limit"
    method, path = rate["ScopeDownStatement"]["AndStatement"]["Statements"]
    assert method["ByteMatchStatement"]["FieldToMatch"] == {"Method": {}}
    assert (method["ByteMatchStatement"]["PositionalConstraint"], method["ByteMatchStatement"]["SearchString"]) == (
        "EXACTLY",
        "POST",
    )
    assert path["ByteMatchStatement"]["FieldToMatch"] == {"UriPath": {}}
    assert (path["ByteMatchStatement"]["PositionalConstraint"], path["ByteMatchStatement"]["SearchString"]) == (
        "STARTS_WITH",
        "/api/",
    )
    block = rule["Action"]["Block"]["CustomResponse"]
    assert block["ResponseCode"] == 429
    body = acl["CustomResponseBodies"][block["CustomResponseBodyKey"]]
    assert body["ContentType"] == "APPLICATION_JSON" and "Vent noen minutter" in body["Content"]
    assert template["Outputs"]["WebAclArn"]["Value"] == {"Fn::GetAtt": ["WebAcl", "Arn"]}


def test_the_distribution_takes_the_web_acl_when_given_one() -> None:
    template = load()
    parameter = template["Parameters"]["WebAclArn"]
    assert parameter["Default"] == ""
    import re

    pattern = parameter["AllowedPattern"]
    assert re.fullmatch(pattern, "arn:aws:wafv2:us-east-1:123456789012:global/webacl/lindra-waf-edge/0a1b2c3d-1234")
    assert not re.fullmatch(pattern, "arn:aws:wafv2:eu-north-1:123456789012:regional/webacl/x/0a1b"), "us-east-1"
    config = template["Resources"]["SiteDistribution"]["Properties"]["DistributionConfig"]
    assert config["WebACLId"] == {"Fn::If": ["HasWebAcl", {"Ref": "WebAclArn"}, {"Ref": "AWS::NoValue"}]}


def test_only_cloudfront_reaches_the_functions_with_a_secret_header_they_all_check() -> None:
    resources = load()["Resources"]
    origins = {o["Id"]: o for o in resources["SiteDistribution"]["Properties"]["DistributionConfig"]["Origins"]}
    secret = {"Fn::Sub": "{{resolve:secretsmanager:${OriginSecret}:SecretString}}"}
    assert origins["api"]["OriginCustomHeaders"] == [{"HeaderName": "x-lindra-origin", "HeaderValue": secret}]
    generated = resources["OriginSecret"]["Properties"]["GenerateSecretString"]
    assert resources["OriginSecret"]["Type"] == "AWS::SecretsManager::Secret" and generated["PasswordLength"] >= 32
    for name in HTTP_FUNCTIONS:
        variables = resources[name]["Properties"]["Environment"]["Variables"]
        assert variables["ORIGIN_SECRET"] == secret, name
        assert variables["FORM_SECRET"] == {"Fn::Sub": "{{resolve:secretsmanager:${FormSecret}:SecretString}}"}, name
        module = resources[name]["Properties"]["Handler"].rsplit(".", 1)[0]
        source = (ROOT / "functions" / (module.replace(".", "/") + ".py")).read_text(encoding="utf-8")
        assert "@through_cloudfront\ndef lambda_handler" in source, name
    events = [e for f in HTTP_FUNCTIONS for e in resources[f]["Properties"]["Events"].values()]
    assert all(event["Type"] == "HttpApi" for event in events), "every way in is the HTTP API behind CloudFront"


def test_a_request_without_cloudfronts_header_is_refused_before_any_route(monkeypatch: pytest.MonkeyPatch) -> None:
    from common.http import through_cloudfront
    from common.settings import settings

    seen: list[dict[str, Any]] = []

    @through_cloudfront
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        seen.append(event)
        return {"statusCode": 200}

    monkeypatch.setenv("ORIGIN_SECRET", "s" * 48)
    settings.cache_clear()
    try:
        direct = handler({"headers": {"accept": "application/json"}}, None)
        forged = handler({"headers": {"x-lindra-origin": "s" * 47}}, None)
        through = handler({"headers": {"x-lindra-origin": "s" * 48, "accept": "text/html"}}, None)
    finally:
        monkeypatch.delenv("ORIGIN_SECRET")
        settings.cache_clear()
    assert (direct["statusCode"], forged["statusCode"], through["statusCode"]) == (403, 403, 200)
    assert "nettstedets egne sider" in direct["body"]
    assert seen == [{"headers": {"accept": "text/html"}}], "the route never saw the secret"


def config() -> deploy.Config:
    return deploy.Config("lindra", "eu-north-1", {"SiteUrl": "https://palliasjon.no", "MailDomain": "palliasjon.no"})


def test_the_deploy_puts_the_web_acl_in_us_east_1_and_hands_its_arn_to_sam() -> None:
    arn = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/lindra-waf-edge/0a1b"
    done: list[str] = []
    deploy.deploy(
        config(),
        dry_run=False,
        run=lambda command: done.append(str(command)),
        outputs=lambda _c: {name: f"<{name}>" for name in deploy.OUTPUTS},
        web_acl=lambda c: done.append(f"read {deploy.waf_stack(c)}") or arn,  # type: ignore[func-returns-value]
        courses=lambda _c, _t: 0,
        units=lambda _c, _t: 0,
        news=lambda _c, _t: 0,
        documents=lambda _c, _t: 0,
        people=lambda _c, _t: 0,
        say=lambda _line: None,
    )
    waf_at = next(i for i, line in enumerate(done) if line.startswith("aws cloudformation deploy"))
    sam_at = next(i for i, line in enumerate(done) if line.startswith("sam deploy"))
    assert waf_at < done.index("read lindra-waf") < sam_at
    assert "--template-file infra/waf.yaml --stack-name lindra-waf --region us-east-1" in done[waf_at]
    assert done[sam_at].endswith(
        f"--parameter-overrides SiteUrl=https://palliasjon.no MailDomain=palliasjon.no WebAclArn={arn}"
    ), "samconfig's parameters too: the command line's replace the file's"


def test_the_deploy_reads_the_web_acls_arn_from_its_stack_in_us_east_1() -> None:
    client = boto3.client("cloudformation", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    stack = {"StackName": "lindra-waf", "CreationTime": "2026-12-01T00:00:00Z", "StackStatus": "CREATE_COMPLETE"}
    arn = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/lindra-waf-edge/0a1b"
    with Stubber(client) as stubber:
        found = {"Outputs": [{"OutputKey": "WebAclArn", "OutputValue": arn}]}
        stubber.add_response("describe_stacks", {"Stacks": [stack | found]}, {"StackName": "lindra-waf"})
        stubber.add_response("describe_stacks", {"Stacks": [stack]}, {"StackName": "lindra-waf"})
        assert deploy.web_acl_arn(config(), client) == arn
        with pytest.raises(RuntimeError, match="no output WebAclArn"):
            deploy.web_acl_arn(config(), client)
