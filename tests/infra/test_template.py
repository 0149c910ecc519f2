"""infra/template.yaml: lint-clean, least privilege, and the single source of tables and routes."""

from __future__ import annotations

import importlib
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

from local.template import TEMPLATE, load, routes, tables

ROOT = Path(__file__).resolve().parents[2]


def functions() -> dict[str, Any]:
    return {name: r for name, r in load()["Resources"].items() if r["Type"] == "AWS::Serverless::Function"}


def test_cfn_lint_passes() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "cfn-lint"), str(TEMPLATE)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_route_reaches_a_handler_that_exists() -> None:
    found = routes()
    assert [(r.method, r.path) for r in found] == [
        ("POST", "/api/kurs/{course_id}/pameldinger"),
        ("GET", "/api/kurs/{course_id}/plasser"),
        ("GET", "/api/pameldinger/{token}"),
        ("POST", "/api/pameldinger/{token}/avmelding"),
        ("POST", "/api/kurs/{course_id}/fravaer"),
        ("GET", "/api/evaluering/{token}"),
        ("POST", "/api/evaluering/{token}"),
        ("POST", "/api/hospitering"),
        ("GET", "/api/hospitering/{token}"),
        ("POST", "/api/hospitering/{token}/trekk"),
        ("POST", "/api/hospitering/{token}/evaluering"),
        ("POST", "/api/hospitering/{token}/sletting"),
        ("GET", "/api/samtykke/{token}"),
        ("POST", "/api/samtykke/{token}"),
        ("POST", "/api/endringsmeldinger"),
        ("GET", "/api/ressurssykepleiere"),
        ("POST", "/api/leder/innlogging"),
        ("POST", "/api/leder/utlogging"),
        ("GET", "/api/leder/meg"),
        ("GET", "/api/leder/kurs"),
        ("GET", "/api/leder/kurs/{course_id}/pameldinger"),
        ("GET", "/api/leder/kurs/{course_id}/pameldinger.csv"),
        ("GET", "/api/leder/pameldinger.csv"),
        ("GET", "/api/leder/revisjon"),
        ("GET", "/api/leder/hospiteringer"),
        ("GET", "/api/leder/hospiteringer/{request_id}"),
        ("POST", "/api/leder/hospiteringer/{request_id}/bekreft"),
        ("POST", "/api/leder/hospiteringer/{request_id}/avslag"),
        ("POST", "/api/leder/hospiteringer/{request_id}/sletting"),
        ("GET", "/api/leder/hospiteringer.csv"),
        ("GET", "/api/leder/hospitering-evalueringer.csv"),
        ("GET", "/api/leder/navneliste"),
        ("GET", "/api/leder/navneliste/enheter/{unit_id}"),
        ("POST", "/api/leder/navneliste/enheter/{unit_id}/{entry_id}/signaturer"),
        ("GET", "/api/leder/navneliste.csv"),
        ("POST", "/api/leder/navneliste/import"),
        ("GET", "/api/leder/endringsmeldinger"),
        ("GET", "/api/leder/endringsmeldinger/{report_id}"),
        ("POST", "/api/leder/endringsmeldinger/{report_id}/godkjenning"),
        ("POST", "/api/leder/endringsmeldinger/{report_id}/avslag"),
        ("GET", "/api/leder/dekning.csv"),
        ("GET", "/api/leder/dekning.svg"),
        ("GET", "/api/leder/kurs/{course_id}/oppmote"),
        ("POST", "/api/leder/kurs/{course_id}/oppmote"),
        ("GET", "/api/leder/kurs/{course_id}/evaluering"),
        ("GET", "/api/leder/kurs/{course_id}/evaluering.csv"),
        ("GET", "/api/leder/timer"),
        ("GET", "/api/leder/timer.csv"),
        ("GET", "/api/leder/timer.svg"),
        ("GET", "/api/leder/arsrapport"),
        ("GET", "/api/leder/arsrapport.docx"),
        ("GET", "/api/leder/arsrapport.md"),
        ("GET", "/api/leder/arsrapport.csv"),
    ]
    for route in found:
        module, _, attribute = route.handler.rpartition(".")
        assert callable(getattr(importlib.import_module(module), attribute))
    signup = found[0]
    assert signup.match("POST", "/api/kurs/grunnkurs-2027/pameldinger") == {"course_id": "grunnkurs-2027"}
    assert signup.match("POST", "/api/kurs/a/b/pameldinger") is None
    assert signup.match("GET", "/api/kurs/grunnkurs-2027/pameldinger") is None


def test_the_table_is_on_demand_with_ttl_pitr_and_deletion_protection() -> None:
    table = load()["Resources"]["LindraTable"]
    props = table["Properties"]
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert props["DeletionProtectionEnabled"] is True
    assert table["DeletionPolicy"] == "Retain"
    assert tables()["LindraTable"]["ttl"] == {"AttributeName": "expires_at", "Enabled": True}


def test_functions_run_python_312_and_get_powertools_settings_from_the_environment() -> None:
    globals_ = load()["Globals"]["Function"]
    assert globals_["Runtime"] == "python3.12"
    variables = globals_["Environment"]["Variables"]
    assert variables["POWERTOOLS_SERVICE_NAME"] == "lindra"
    assert variables["TABLE_NAME"] == {"Ref": "LindraTable"}


def test_each_policy_names_its_actions_on_named_resources_only() -> None:
    tables = {"LindraTable", "IdempotencyTable"}
    for name, function in functions().items():
        for policy in function["Properties"]["Policies"]:
            for statement in policy["Statement"]:
                actions = statement["Action"]
                assert all("*" not in action for action in actions), name
                resources = (
                    statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
                )
                service = {action.split(":")[0] for action in actions}
                assert len(service) == 1, f"{name}: one service per statement"
                if service == {"dynamodb"}:
                    for resource in resources:
                        target = resource.get("Fn::GetAtt") or [resource["Fn::Sub"].split(".")[0].strip("${")]
                        assert target[0] in tables, name
                elif service == {"ses"}:
                    assert actions == ["ses:SendEmail", "ses:SendRawEmail"], name
                    assert resources[0]["Fn::Sub"].endswith(":identity/${MailDomain}"), "only the network's own domain"
                    assert statement["Condition"]["StringEquals"]["ses:FromAddress"] == {"Ref": "MailFromAddress"}
                elif service == {"cognito-idp"}:
                    assert sorted(actions) == ["cognito-idp:InitiateAuth", "cognito-idp:RespondToAuthChallenge"]
                    assert resources == [{"Fn::GetAtt": ["UserPool", "Arn"]}]
                else:
                    assert service == {"s3"} and sorted(actions) == ["s3:GetObject", "s3:PutObject"], name
                    assert resources == [{"Fn::Sub": "${ExportBucket.Arn}/*"}]
    leader = functions()["LeaderFunction"]["Properties"]["Policies"][0]["Statement"][0]["Action"]
    assert sorted(leader) == [
        "dynamodb:BatchGetItem",
        "dynamodb:DeleteItem",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:Query",
        "dynamodb:UpdateItem",
    ], "leaders read, answer hospitation requests and change reports (conditioned on a version), erase, add audit"
    public_roster = functions()["RosterFunction"]["Properties"]["Policies"][0]["Statement"][0]["Action"]
    assert sorted(public_roster) == ["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"]
    hospitation = functions()["HospitationFunction"]["Properties"]["Policies"][0]["Statement"][0]["Action"]
    assert sorted(hospitation) == ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"]
    schedule = functions()["HospitationScheduleFunction"]["Properties"]["Policies"][0]["Statement"][0]
    assert sorted(schedule["Action"]) == ["dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:Query"]
    assert schedule["Resource"][1] == {"Fn::Sub": "${LindraTable.Arn}/index/GSI3"}, "the schedule reads what is due"
    signup = functions()["SignupFunction"]["Properties"]["Policies"][0]["Statement"][0]["Action"]
    assert sorted(signup) == [
        "dynamodb:ConditionCheckItem",
        "dynamodb:DeleteItem",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:Query",
        "dynamodb:UpdateItem",
    ]


def test_the_idempotency_table_forgets_after_its_ttl_and_the_functions_know_its_name() -> None:
    resources = load()["Resources"]
    table = resources["IdempotencyTable"]["Properties"]
    assert table["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert table["TimeToLiveSpecification"] == {"AttributeName": "expiration", "Enabled": True}
    variables = load()["Globals"]["Function"]["Environment"]["Variables"]
    assert variables["IDEMPOTENCY_TABLE"] == {"Ref": "IdempotencyTable"}
    assert resources["MailIdentity"]["Properties"]["EmailIdentity"] == {"Ref": "MailDomain"}


def test_the_lambda_requirements_match_the_pinned_lambda_group() -> None:
    pinned = tomllib.loads((ROOT / "pyproject.toml").read_text())["dependency-groups"]["lambda"]
    lines = (ROOT / "functions" / "requirements.txt").read_text().splitlines()
    assert [line for line in lines if line and not line.startswith("#")] == pinned


def test_leaders_sign_in_to_a_pool_without_self_sign_up_with_mfa_available_and_short_sessions() -> None:
    resources = load()["Resources"]
    pool = resources["UserPool"]["Properties"]
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    assert pool["MfaConfiguration"] == "OPTIONAL" and pool["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"]
    assert {a["Name"] for a in pool["Schema"]} >= {"area", "unit"}
    groups = {r["Properties"]["GroupName"] for r in resources.values() if r["Type"] == "AWS::Cognito::UserPoolGroup"}
    assert groups == {"nettverksleder", "omradeleder", "vertsenhet"}
    client = resources["UserPoolClient"]["Properties"]
    assert client["GenerateSecret"] is False and client["PreventUserExistenceErrors"] == "ENABLED"
    assert client["IdTokenValidity"] <= 60 and client["TokenValidityUnits"]["IdToken"] == "minutes"
    variables = load()["Globals"]["Function"]["Environment"]["Variables"]
    assert variables["USER_POOL_ID"] == {"Ref": "UserPool"}
    assert variables["USER_POOL_CLIENT_ID"] == {"Ref": "UserPoolClient"}


def test_large_exports_live_a_day_at_most_in_a_private_encrypted_bucket() -> None:
    bucket = load()["Resources"]["ExportBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert bucket["LifecycleConfiguration"]["Rules"][0]["ExpirationInDays"] == 1
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
    statement = load()["Resources"]["ExportBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"][0]
    assert statement["Effect"] == "Deny" and statement["Condition"]["Bool"]["aws:SecureTransport"] == "false"


def test_the_table_has_keys_only_indexes_by_area_host_unit_and_due_date() -> None:
    indexes = tables()["LindraTable"]["create"]["GlobalSecondaryIndexes"]
    assert [index["IndexName"] for index in indexes] == ["GSI1", "GSI2", "GSI3"]
    for number, index in enumerate(indexes, start=1):
        assert [k["AttributeName"] for k in index["KeySchema"]] == [f"GSI{number}PK", f"GSI{number}SK"]
        assert index["Projection"] == {"ProjectionType": "KEYS_ONLY"}, "a counter update must not write an index"


def test_the_hospitation_schedule_runs_every_morning_in_oslo_time_and_retries() -> None:
    event = functions()["HospitationScheduleFunction"]["Properties"]["Events"]["Daily"]
    assert event["Type"] == "ScheduleV2"
    assert event["Properties"]["ScheduleExpression"] == "cron(0 7 * * ? *)"
    assert event["Properties"]["ScheduleExpressionTimezone"] == "Europe/Oslo"
    assert event["Properties"]["RetryPolicy"]["MaximumRetryAttempts"] >= 1


def test_the_roster_schedule_runs_every_morning_before_the_hospitation_schedule_and_only_reads_and_puts() -> None:
    function = functions()["RosterScheduleFunction"]["Properties"]
    event = function["Events"]["Daily"]
    assert event["Type"] == "ScheduleV2" and event["Properties"]["ScheduleExpression"] == "cron(30 6 * * ? *)"
    assert event["Properties"]["ScheduleExpressionTimezone"] == "Europe/Oslo"
    assert event["Properties"]["RetryPolicy"]["MaximumRetryAttempts"] >= 1
    (statement,) = function["Policies"][0]["Statement"]
    assert sorted(statement["Action"]) == [
        "dynamodb:BatchGetItem",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:Query",
    ]


def test_the_evaluation_schedule_runs_every_morning_after_the_others_and_never_updates() -> None:
    function = functions()["EvaluationScheduleFunction"]["Properties"]
    event = function["Events"]["Daily"]
    assert event["Type"] == "ScheduleV2" and event["Properties"]["ScheduleExpression"] == "cron(15 7 * * ? *)"
    assert event["Properties"]["ScheduleExpressionTimezone"] == "Europe/Oslo"
    assert event["Properties"]["RetryPolicy"]["MaximumRetryAttempts"] >= 1
    table, ses = function["Policies"][0]["Statement"]
    assert sorted(table["Action"]) == [
        "dynamodb:BatchGetItem",
        "dynamodb:DeleteItem",  # a link and its marker taken back when the email could not be sent
        "dynamodb:PutItem",
        "dynamodb:Query",
    ]
    assert table["Resource"][1] == {"Fn::Sub": "${LindraTable.Arn}/index/GSI1"}, "the courses that ended lately"
    assert ses["Action"] == ["ses:SendEmail", "ses:SendRawEmail"]
