"""infra/template.yaml: lint-clean, least privilege, and the single source of tables and routes."""

from __future__ import annotations

import copy
import importlib
import json
import os
import re
import subprocess
import sys
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from local.template import TEMPLATE, expand_for_each, load, routes, security_headers, source, tables

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
        ("GET", "/api/skjema/start"),
        ("GET", "/api/evaluering/{token}"),
        ("POST", "/api/evaluering/{token}"),
        ("GET", "/api/epost/{token}"),
        ("POST", "/api/epost/{token}"),
        ("GET", "/api/vedlegg/{token}"),
        ("POST", "/api/nyhetsbrev"),
        ("GET", "/api/nyhetsbrev/bekreft/{token}"),
        ("POST", "/api/nyhetsbrev/bekreft/{token}"),
        ("GET", "/api/epostliste/{token}"),
        ("POST", "/api/epostliste/{token}"),
        ("POST", "/api/min-side/lenke"),
        ("GET", "/api/min-side/inn/{token}"),
        ("POST", "/api/min-side/inn/{token}"),
        ("GET", "/api/min-side"),
        ("POST", "/api/min-side/utlogging"),
        ("POST", "/api/min-side/pameldinger/{course_id}/{registration_id}/avmelding"),
        ("POST", "/api/min-side/pameldinger/{course_id}/{registration_id}"),
        ("GET", "/api/min-side/kursbevis/{course_id}"),
        ("GET", "/api/min-side/timer/{year}"),
        ("POST", "/api/min-side/navneliste/{unit}/{entry_id}/signering"),
        ("GET", "/api/min-side/navneliste/{unit}/{entry_id}/signert"),
        ("GET", "/api/min-side/mine-data"),
        ("GET", "/api/min-side/mine-data.json"),
        ("POST", "/api/min-side/sletting"),
        ("GET", "/api/funksjonsbeskrivelse/{token}"),
        ("POST", "/api/funksjonsbeskrivelse/{token}"),
        ("GET", "/api/kursbevis"),
        ("GET", "/api/kursbevis/{code}"),
        ("GET", "/api/egenrapport/{token}"),
        ("POST", "/api/egenrapport/{token}"),
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
        ("POST", "/api/leder/kode"),
        ("POST", "/api/leder/kode/bekreftelse"),
        ("GET", "/api/leder/kurs"),
        ("GET", "/api/leder/kurs/{course_id}/pameldinger"),
        ("POST", "/api/leder/kurs/{course_id}/pameldinger/{registration_id}/epost"),
        ("GET", "/api/leder/kurs/{course_id}/pameldinger.csv"),
        ("GET", "/api/leder/pameldinger.csv"),
        ("GET", "/api/leder/kurs/skjema"),
        ("POST", "/api/leder/kurs"),
        ("POST", "/api/leder/kurs/serie"),
        ("GET", "/api/leder/kurs/{course_id}"),
        ("PUT", "/api/leder/kurs/{course_id}"),
        ("POST", "/api/leder/kurs/{course_id}/publisering"),
        ("POST", "/api/leder/kurs/{course_id}/avpublisering"),
        ("POST", "/api/leder/kurs/{course_id}/avlysning"),
        ("POST", "/api/leder/kurs/{course_id}/sletting"),
        ("POST", "/api/leder/kurs/{course_id}/kopi"),
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
        ("POST", "/api/leder/personer/innsyn"),
        ("POST", "/api/leder/personer/sletting"),
        ("POST", "/api/leder/navneliste/enheter/{unit_id}/{entry_id}/signering"),
        ("GET", "/api/leder/navneliste/enheter/{unit_id}/{entry_id}/signert.pdf"),
        ("GET", "/api/leder/navneliste.csv"),
        ("POST", "/api/leder/navneliste/import"),
        ("GET", "/api/leder/enheter"),
        ("POST", "/api/leder/enheter"),
        ("PUT", "/api/leder/enheter/{unit_id}"),
        ("POST", "/api/leder/enheter/{unit_id}/stenging"),
        ("POST", "/api/leder/enheter/{unit_id}/gjenapning"),
        ("GET", "/api/leder/vertsenheter"),
        ("POST", "/api/leder/vertsenheter"),
        ("PUT", "/api/leder/vertsenheter/{unit_id}"),
        ("POST", "/api/leder/vertsenheter/{unit_id}/stenging"),
        ("POST", "/api/leder/vertsenheter/{unit_id}/gjenapning"),
        ("GET", "/api/leder/endringsmeldinger"),
        ("GET", "/api/leder/endringsmeldinger/{report_id}"),
        ("POST", "/api/leder/endringsmeldinger/{report_id}/godkjenning"),
        ("POST", "/api/leder/endringsmeldinger/{report_id}/avslag"),
        ("GET", "/api/leder/dekning.csv"),
        ("GET", "/api/leder/dekning.svg"),
        ("GET", "/api/leder/kurs/{course_id}/oppmote"),
        ("POST", "/api/leder/kurs/{course_id}/oppmote"),
        ("GET", "/api/leder/kurs/{course_id}/kursbevis.zip"),
        ("GET", "/api/leder/kurs/{course_id}/evaluering"),
        ("GET", "/api/leder/kurs/{course_id}/evaluering.csv"),
        ("GET", "/api/leder/timer"),
        ("GET", "/api/leder/timer.csv"),
        ("GET", "/api/leder/timer.svg"),
        ("GET", "/api/leder/arsrapport"),
        ("GET", "/api/leder/meldinger/valg"),
        ("POST", "/api/leder/vedlegg"),
        ("POST", "/api/leder/meldinger/forhandsvisning"),
        ("POST", "/api/leder/meldinger"),
        ("GET", "/api/leder/meldinger"),
        ("GET", "/api/leder/kurs/{course_id}/meldinger"),
        ("GET", "/api/leder/meldinger/{letter_id}"),
        ("GET", "/api/leder/nyheter"),
        ("POST", "/api/leder/nyheter"),
        ("POST", "/api/leder/nyheter/forhandsvisning"),
        ("POST", "/api/leder/nyheter/bilde"),
        ("GET", "/api/leder/nyheter/{article_id}"),
        ("PUT", "/api/leder/nyheter/{article_id}"),
        ("POST", "/api/leder/nyheter/{article_id}/publisering"),
        ("POST", "/api/leder/nyheter/{article_id}/nedtaking"),
        ("POST", "/api/leder/nyheter/{article_id}/tilbakestilling"),
        ("GET", "/api/leder/dokumenter"),
        ("POST", "/api/leder/dokumenter"),
        ("POST", "/api/leder/dokumenter/forhandsvisning"),
        ("POST", "/api/leder/dokumenter/fil"),
        ("GET", "/api/leder/dokumenter/{document_id}"),
        ("PUT", "/api/leder/dokumenter/{document_id}"),
        ("POST", "/api/leder/dokumenter/{document_id}/nedtaking"),
        ("POST", "/api/leder/dokumenter/{document_id}/publisering"),
        ("POST", "/api/leder/dokumenter/{document_id}/tilbakestilling"),
        ("GET", "/api/leder/styring"),
        ("POST", "/api/leder/styring/grupper"),
        ("PUT", "/api/leder/styring/grupper/{group_id}"),
        ("POST", "/api/leder/styring/grupper/{group_id}/medlemmer"),
        ("PUT", "/api/leder/styring/grupper/{group_id}/medlemmer/{member_id}"),
        ("POST", "/api/leder/styring/grupper/{group_id}/medlemmer/{member_id}/fjerning"),
        ("POST", "/api/leder/styring/grupper/{group_id}/tilbakestilling"),
        ("PUT", "/api/leder/styring/kontakt"),
        ("POST", "/api/leder/styring/kontakt/tilbakestilling"),
        ("PUT", "/api/leder/styring/omrader/{area}"),
        ("POST", "/api/leder/styring/omrader/{area}/tilbakestilling"),
        ("GET", "/api/leder/arsrapport.docx"),
        ("GET", "/api/leder/arsrapport.md"),
        ("GET", "/api/leder/arsrapport.csv"),
        ("GET", "/api/leder/egenrapport"),
        ("POST", "/api/leder/egenrapport"),
        ("POST", "/api/leder/egenrapport/{year}/frist"),
        ("GET", "/api/leder/egenrapport/{year}/svar"),
        ("GET", "/api/leder/egenrapport/{year}/svar.csv"),
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


# Each function's role: exactly these actions on exactly these resources of its own (an index: Query only; its log
# group: the streams in it).
LOGS = {"CreateLogStream", "PutLogEvents"}
ACTIONS = {
    "SignupFunction": {
        # its emails are items in its transactions, and a sign-up's answer too: no SES, no idempotency table
        # BatchGetItem: Min side reads one person's items from the person index's keys; Scan: her data and its
        # erasure find every item that names her (people/erasure.py)
        "LindraTable": {
            "BatchGetItem",
            "ConditionCheckItem",
            "DeleteItem",
            "GetItem",
            "PutItem",
            "Query",
            "Scan",
            "UpdateItem",
        },
        "LindraTable/index/GSI4": {"Query"},
        "AttachmentBucket/vedlegg/*": {"GetObject"},  # a letter's file, behind a link that works for 5 minutes
        "SignupFunctionLogGroup": LOGS,
    },
    "HospitationFunction": {
        "LindraTable": {"DeleteItem", "GetItem", "PutItem", "Query", "UpdateItem"},  # Query: the host units only
        "IdempotencyTable": {"DeleteItem", "GetItem", "PutItem", "UpdateItem"},
        "HospitationFunctionLogGroup": LOGS,
    },
    "RosterFunction": {
        # DeleteItem: a new report lifts a bounce's stop on the reporter's address
        "LindraTable": {"BatchGetItem", "DeleteItem", "GetItem", "PutItem", "Query"},
        "LindraTable/index/GSI1": {"Query"},
        "IdempotencyTable": {"DeleteItem", "GetItem", "PutItem", "UpdateItem"},
        "RosterFunctionLogGroup": LOGS,
    },
    "HospitationScheduleFunction": {
        # GetItem: whether a request's consent email still waits for the nurse's confirmation; DeleteItem: that
        # email, when the request ends unconfirmed
        "LindraTable": {"BatchGetItem", "DeleteItem", "GetItem", "PutItem", "Query"},
        "LindraTable/index/GSI3": {"Query"},
        "ScheduleDeadLetterQueue": {"SendMessage"},  # a run that failed after Lambda's retries
        "HospitationScheduleFunctionLogGroup": LOGS,
    },
    "RosterScheduleFunction": {
        "LindraTable": {"BatchGetItem", "GetItem", "PutItem", "Query"},
        "LindraTable/index/GSI1": {"Query"},
        "ScheduleDeadLetterQueue": {"SendMessage"},  # a run that failed after Lambda's retries
        "RosterScheduleFunctionLogGroup": LOGS,
    },
    "CourseScheduleFunction": {
        # each reminder one transaction: its marker, the registration's status checked, its link and its email
        "LindraTable": {"BatchGetItem", "ConditionCheckItem", "PutItem", "Query"},
        "LindraTable/index/GSI1": {"Query"},
        "ScheduleDeadLetterQueue": {"SendMessage"},  # a run that failed after Lambda's retries
        "CourseScheduleFunctionLogGroup": LOGS,
    },
    "EvaluationScheduleFunction": {
        # each invitation with its email in the outbox; the self-report's round and reminders
        "LindraTable": {"BatchGetItem", "GetItem", "PutItem", "Query", "UpdateItem"},
        "LindraTable/index/GSI1": {"Query"},
        "ScheduleDeadLetterQueue": {"SendMessage"},  # a run that failed after Lambda's retries
        "EvaluationScheduleFunctionLogGroup": LOGS,
    },
    "LeaderFunction": {
        # leaders read, answer hospitation requests and change reports (conditioned on a version), erase, add audit
        # Scan: a person's access and erasure request finds every item that names her (people/erasure.py)
        "LindraTable": {"BatchGetItem", "DeleteItem", "GetItem", "PutItem", "Query", "Scan", "UpdateItem"},
        "LindraTable/index/GSI1": {"Query"},
        "LindraTable/index/GSI2": {"Query"},
        "UserPool": {"InitiateAuth", "RespondToAuthChallenge"},
        "ExportBucket/*": {"GetObject", "PutObject"},
        "AttachmentBucket/vedlegg/*": {"GetObject", "PutObject"},  # a letter's files: the upload form, the checks
        "AttachmentBucket/nettsted/*": {"GetObject", "PutObject"},  # a news article's picture: the same
        "SiteBucket/nyheter/atom.xml": {"GetObject"},  # the news, for the newsletter
        "LeaderFunctionLogGroup": LOGS,
    },
    "PublisherFunction": {
        # reads the courses, and writes the hourly publish request; the stream is its event source's
        "LindraTable": {"BatchGetItem", "GetItem", "PutItem", "Query"},
        "LindraTable/index/GSI1": {"Query"},
        "LindraTable/stream": {"DescribeStream", "GetRecords", "GetShardIterator", "ListStreams"},
        "SiteBucket": {"ListBucket"},
        "SiteBucket/*": {"DeleteObject", "PutObject"},
        "AttachmentBucket/nettsted/*": {"GetObject"},  # the pictures it puts beside the pages
        "SiteDistribution": {"CreateInvalidation"},
        "ScheduleDeadLetterQueue": {"SendMessage"},  # a build that failed four times: its records
        "PublisherFunctionLogGroup": LOGS,
    },
    "MailFunction": {
        # the one function that sends email: the outbox's items, handed by the table's stream (and its sweep)
        "LindraTable": {"ConditionCheckItem", "DeleteItem", "GetItem", "PutItem", "UpdateItem"},
        "LindraTable/index/GSI1": {"Query"},
        "LindraTable/stream": {"DescribeStream", "GetRecords", "GetShardIterator", "ListStreams"},
        "MailIdentity": {"SendEmail", "SendRawEmail"},
        "MailConfigurationSet": {"SendEmail", "SendRawEmail"},
        "MailDeadLetterQueue": {"SendMessage"},  # an email given up on, a stream batch failed on
        "ScheduleDeadLetterQueue": {"SendMessage"},  # a sweep that failed after Lambda's retries
        "MailFunctionLogGroup": LOGS,
    },
}
SERVICES = {
    "LindraTable": "dynamodb",
    "IdempotencyTable": "dynamodb",
    "MailIdentity": "ses",
    "MailConfigurationSet": "ses",
    "MailDeadLetterQueue": "sqs",
    "UserPool": "cognito-idp",
    "ScheduleDeadLetterQueue": "sqs",
    "ExportBucket": "s3",
    "AttachmentBucket": "s3",
    "SiteBucket": "s3",
    "SiteDistribution": "cloudfront",
}
DISTRIBUTION = "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${SiteDistribution}"
SES_IDENTITY = "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${MailDomain}"
SES_CONFIGURATION_SET = (
    "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/${MailConfigurationSet}"
)
# The streams of one log group: Lambda names each stream at run time (date, version, environment id), and CloudWatch
# Logs checks CreateLogStream and PutLogEvents on the stream's ARN: a role's log statement ends in this one *.
LOG_STREAMS = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${%s}:log-stream:*"


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def resource_name(resource: Any) -> str:
    """A statement's resource as the name of the template's resource it is in: LindraTable/index/GSI1 ..."""
    if isinstance(resource, dict) and list(resource) == ["Fn::GetAtt"] and resource["Fn::GetAtt"][1] == "Arn":
        return str(resource["Fn::GetAtt"][0])
    if isinstance(resource, dict) and list(resource) == ["Fn::GetAtt"] and resource["Fn::GetAtt"][1] == "StreamArn":
        return f"{resource['Fn::GetAtt'][0]}/stream"
    if isinstance(resource, dict) and list(resource) == ["Fn::Sub"]:
        text = resource["Fn::Sub"]
        if text == SES_IDENTITY:
            return "MailIdentity"
        if text == SES_CONFIGURATION_SET:
            return "MailConfigurationSet"
        if text == DISTRIBUTION:
            return "SiteDistribution"
        group = text.removeprefix(LOG_STREAMS.split("%s")[0]).removesuffix(LOG_STREAMS.split("%s")[1])
        if text == LOG_STREAMS % group:
            assert load()["Resources"][group]["Type"] == "AWS::Logs::LogGroup", text
            return group
        name, dot, rest = text.removeprefix("${").partition(".Arn}")
        assert text.startswith("${") and dot and name in load()["Resources"], text
        return name + rest
    raise AssertionError(f"not a resource of this stack: {resource}")


def service_of(target: str) -> str:
    return "logs" if target.endswith("LogGroup") else SERVICES[target.split("/")[0]]


def role_of(name: str) -> dict[str, Any]:
    """The function's own role: the AWS::IAM::Role its Role names."""
    role = functions()[name]["Properties"]["Role"]
    assert role == {"Fn::GetAtt": [f"{name}Role", "Arn"]}, f"{name}: its own role, {name}Role"
    resource: dict[str, Any] = load()["Resources"][f"{name}Role"]
    assert resource["Type"] == "AWS::IAM::Role", name
    return resource["Properties"]


def test_each_function_has_its_own_role_with_exactly_its_actions_on_its_own_resources() -> None:
    assert set(functions()) == set(ACTIONS)
    roles = {name for name, r in load()["Resources"].items() if r["Type"] == "AWS::IAM::Role"}
    assert roles == {f"{name}Role" for name in functions()}, "one role per function, and no other role"
    assert not [r for r in load()["Resources"].values() if r["Type"] in {"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"}]
    for name, function in functions().items():
        props = function["Properties"]
        assert "Policies" not in props, f"{name}: its statements are in its role, {name}Role"
        role = role_of(name)
        assert set(role) <= {"AssumeRolePolicyDocument", "Description", "Policies"}, f"{name}: no managed policies"
        assert role["AssumeRolePolicyDocument"]["Statement"] == [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ], name
        (policy,) = role["Policies"]
        granted: dict[str, set[str]] = {}
        for statement in policy["PolicyDocument"]["Statement"]:
            assert statement["Effect"] == "Allow"
            for resource in as_list(statement["Resource"]):
                target = resource_name(resource)
                service = service_of(target)
                for action in as_list(statement["Action"]):
                    assert action.startswith(f"{service}:"), f"{name}: {action} on {target}"
                    granted.setdefault(target, set()).add(action.split(":", 1)[1])
            if statement["Action"][0].startswith("ses:"):
                # Only the network's own domain, and only from its one sender address.
                assert statement["Condition"]["StringEquals"]["ses:FromAddress"] == {"Ref": "MailFromAddress"}
        assert granted == ACTIONS[name], name


def test_the_hospitation_form_queries_the_host_units_partition_and_nothing_else() -> None:
    """The public hospitation function reads the host units (hospitation.live.host_units); its Query goes no further."""
    (policy,) = role_of("HospitationFunction")["Policies"]
    (query,) = [st for st in policy["PolicyDocument"]["Statement"] if "dynamodb:Query" in as_list(st["Action"])]
    assert as_list(query["Action"]) == ["dynamodb:Query"]
    assert query["Condition"] == {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["HOST_UNITS"]}}


def test_each_function_logs_to_its_own_log_group_and_none_is_traced() -> None:
    resources = load()["Resources"]
    assert "Tracing" not in load()["Globals"]["Function"], "X-Ray needs xray:Put* on *; no function uses it"
    groups = {name for name, r in resources.items() if r["Type"] == "AWS::Logs::LogGroup"}
    assert groups == {f"{name}LogGroup" for name in functions()}
    for name, function in functions().items():
        props = function["Properties"]
        assert "Tracing" not in props, name
        # Text: Powertools writes JSON lines itself; JSON would make AWS_LAMBDA_LOG_LEVEL beat POWERTOOLS_LOG_LEVEL.
        assert props["LoggingConfig"] == {"LogGroup": {"Ref": f"{name}LogGroup"}, "LogFormat": "Text"}, name
        group = resources[f"{name}LogGroup"]["Properties"]
        assert group["RetentionInDays"] == 90, name
        # Named without the function, which names the group: else the function, its role and the group make a cycle.
        (text,) = group["LogGroupName"].values()
        assert text.startswith("/lindra/${AWS::StackName}/") and name not in text, name
        assert not text.startswith(("aws/", "/aws/")), "Lambda does not use a custom log group under aws/"
    names = [resources[f"{name}LogGroup"]["Properties"]["LogGroupName"]["Fn::Sub"] for name in functions()]
    assert len(set(names)) == len(names)


# Allow statements that name a resource with a *, and why: objects in a bucket, and the streams of a log group
# (both named at run time). Nothing else, and never an action or a principal with a *.
OWN_WILDCARDS = {
    ("SiteBucketPolicy", json.dumps({"Fn::Sub": "${SiteBucket.Arn}/*"})),
    ("LeaderFunctionRole", json.dumps({"Fn::Sub": "${ExportBucket.Arn}/*"})),
    ("LeaderFunctionRole", json.dumps({"Fn::Sub": "${AttachmentBucket.Arn}/vedlegg/*"})),
    ("SignupFunctionRole", json.dumps({"Fn::Sub": "${AttachmentBucket.Arn}/vedlegg/*"})),
    ("LeaderFunctionRole", json.dumps({"Fn::Sub": "${AttachmentBucket.Arn}/nettsted/*"})),
    ("PublisherFunctionRole", json.dumps({"Fn::Sub": "${AttachmentBucket.Arn}/nettsted/*"})),
    ("PublisherFunctionRole", json.dumps({"Fn::Sub": "${SiteBucket.Arn}/*"})),
} | {(f"{name}Role", json.dumps({"Fn::Sub": LOG_STREAMS % f"{name}LogGroup"})) for name in ACTIONS}


def wildcards(resources: dict[str, Any]) -> set[tuple[str, str]]:
    """(resource, the statement's Resource as JSON) of every Allow that names a * anywhere but in its Condition;
    an Allow with a * in its Action or Principal, or a Deny other than the HTTPS one, fails at once."""
    found = set()
    for name, resource in resources.items():
        for where, statement in policy_statements(resource, name):
            if statement["Effect"] != "Allow":
                # The one kind of Deny: no plain HTTP to a bucket, whoever asks.
                assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}, where
                continue
            assert "NotAction" not in statement and "NotResource" not in statement, where
            assert not [a for a in as_list(statement["Action"]) if "*" in json.dumps(a)], f"{where}: {statement}"
            assert "*" not in json.dumps(statement.get("Principal", {})), f"{where}: {statement}"
            found |= {(name, json.dumps(r)) for r in as_list(statement.get("Resource", [])) if "*" in json.dumps(r)}
    return found


def policy_statements(node: Any, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every statement of every policy anywhere in the template: functions' Policies, bucket policies ..."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        if "Statement" in node and isinstance(node["Statement"], list):
            found += [(where, statement) for statement in node["Statement"]]
        for key, value in node.items():
            found += policy_statements(value, f"{where}/{key}")
    elif isinstance(node, list):
        for value in node:
            found += policy_statements(value, where)
    return found


def test_no_policy_allows_a_wildcard_action_or_resource() -> None:
    resources = load()["Resources"]
    assert len(policy_statements(resources)) > 40
    assert wildcards(resources) == OWN_WILDCARDS


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


def test_a_leader_cannot_change_their_own_email_name_area_or_unit() -> None:
    client = load()["Resources"]["UserPoolClient"]["Properties"]
    written = client["WriteAttributes"]
    # Left out (or empty), Cognito lets the access token write every standard attribute, email and name among them.
    assert written, "a list of its own, not Cognito's default"
    assert not {"email", "name", "custom:area", "custom:unit", "email_verified"} & set(written)
    assert set(client["ReadAttributes"]) == {"email", "name", "custom:area", "custom:unit"}


def test_threat_protection_is_enforced_on_the_plus_plan_and_blocks_breached_passwords() -> None:
    resources = load()["Resources"]
    pool = resources["UserPool"]["Properties"]
    assert pool["UserPoolAddOns"] == {"AdvancedSecurityMode": "ENFORCED"}
    assert pool["UserPoolTier"] == "PLUS", "threat protection needs the Plus feature plan"
    (risk,) = [
        r["Properties"] for r in resources.values() if r["Type"] == "AWS::Cognito::UserPoolRiskConfigurationAttachment"
    ]
    assert risk["UserPoolId"] == {"Ref": "UserPool"} and risk["ClientId"] == "ALL"
    assert risk["CompromisedCredentialsRiskConfiguration"]["Actions"]["EventAction"] == "BLOCK"
    actions = risk["AccountTakeoverRiskConfiguration"]["Actions"]
    assert actions["HighAction"]["EventAction"] == "BLOCK"
    assert {action["EventAction"] for action in actions.values()} <= {"BLOCK", "MFA_IF_CONFIGURED", "MFA_REQUIRED"}
    assert not any(action["Notify"] for action in actions.values()), "no NotifyConfiguration: Cognito sends no email"


def test_the_local_pool_matches_the_template_where_moto_keeps_it() -> None:
    """make run's and the tests' pool (infra/local/user_pool.py) is made from the template: moto keeps the app client's
    attribute lists and the pool's MFA setting (it does not act on WriteAttributes or threat protection)."""
    import boto3
    from moto import mock_aws

    from local.user_pool import create_pool

    with mock_aws():
        cognito = boto3.client("cognito-idp", region_name="eu-north-1")
        pool_id, client_id = create_pool(cognito)
        client = cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]
        template = load()["Resources"]["UserPoolClient"]["Properties"]
        assert client["WriteAttributes"] == template["WriteAttributes"]
        assert client["ReadAttributes"] == template["ReadAttributes"]
        pool = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
        assert pool["MfaConfiguration"] == "OPTIONAL"


def test_large_exports_live_a_day_at_most_in_a_private_encrypted_bucket() -> None:
    bucket = load()["Resources"]["ExportBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert bucket["LifecycleConfiguration"]["Rules"][0]["ExpirationInDays"] == 1
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
    statement = load()["Resources"]["ExportBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"][0]
    assert statement["Effect"] == "Deny" and statement["Condition"]["Bool"]["aws:SecureTransport"] == "false"


def test_the_table_has_keys_only_indexes_by_area_host_unit_due_date_and_person() -> None:
    indexes = tables()["LindraTable"]["create"]["GlobalSecondaryIndexes"]
    assert [index["IndexName"] for index in indexes] == ["GSI1", "GSI2", "GSI3", "GSI4"]
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
    assert ACTIONS["RosterScheduleFunction"]["LindraTable"] == {"BatchGetItem", "GetItem", "PutItem", "Query"}


def test_the_evaluation_schedule_runs_every_morning_after_the_others_and_never_updates() -> None:
    function = functions()["EvaluationScheduleFunction"]["Properties"]
    event = function["Events"]["Daily"]
    assert event["Type"] == "ScheduleV2" and event["Properties"]["ScheduleExpression"] == "cron(15 7 * * ? *)"
    assert event["Properties"]["ScheduleExpressionTimezone"] == "Europe/Oslo"
    assert event["Properties"]["RetryPolicy"]["MaximumRetryAttempts"] >= 1
    # It updates the self-report's invitations only (their reminder), never an evaluation's link.
    statements = role_of("EvaluationScheduleFunction")["Policies"][0]["PolicyDocument"]["Statement"]
    updates = [statement for statement in statements if "dynamodb:UpdateItem" in as_list(statement["Action"])]
    assert [statement["Action"] for statement in updates] == [["dynamodb:UpdateItem"]]
    assert updates[0]["Condition"] == {"ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["SELFREPORT#*"]}}


def test_every_table_keeps_its_data_and_the_pool_and_the_site_bucket_outlive_the_stack() -> None:
    resources = load()["Resources"]
    for name in tables():
        table = resources[name]
        assert table["Properties"]["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}, name
        assert table["Properties"]["DeletionProtectionEnabled"] is True, name
        assert table["DeletionPolicy"] == table["UpdateReplacePolicy"] == "Retain", name
    assert resources["UserPool"]["DeletionPolicy"] == resources["UserPool"]["UpdateReplacePolicy"] == "Retain"
    assert resources["UserPool"]["Properties"]["DeletionProtection"] == "ACTIVE"
    assert resources["SiteBucket"]["DeletionPolicy"] == resources["SiteBucket"]["UpdateReplacePolicy"] == "Retain"


# The stack as CloudFormation gets it ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def translated() -> dict[str, Any]:
    """The template after the SAM transform, with CodeUri where `sam package` puts it (an S3 address)."""
    from samtranslator.translator.transform import transform

    class NoManagedPolicies:
        def load(self) -> dict[str, str]:
            return {}

    template = copy.deepcopy(load())
    template.setdefault("Globals", {}).setdefault("Function", {})["CodeUri"] = "s3://lindra-artefacts/functions.zip"
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::Serverless::Function":
            resource["Properties"].pop("CodeUri", None)
    with mock.patch.dict(os.environ, {"AWS_DEFAULT_REGION": "eu-north-1"}):
        result: dict[str, Any] = transform(template, {}, NoManagedPolicies())
    return result


def test_the_sam_transform_takes_the_template_and_what_it_makes_lints_clean(tmp_path: Path) -> None:
    """cfn-lint on the SAM template misses what is wrong inside SAM resources (a Lambda description over 256
    characters, a broken !Ref): on the transform's result it does not."""
    output = tmp_path / "translated.json"
    output.write_text(json.dumps(translated()), encoding="utf-8")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "cfn-lint"), str(output)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_what_sam_makes_has_no_managed_policy_and_no_wildcard_and_adds_only_the_schedules_roles() -> None:
    """The transform leaves each function's role as the template has it (no AWSLambdaBasicExecutionRole, no
    AWSXrayWriteOnlyAccess); the only roles it adds are the schedules', to invoke a function and keep a failed run."""
    resources = translated()["Resources"]
    assert not [r for r in resources.values() if r["Type"] in {"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"}]
    roles = {name: r["Properties"] for name, r in resources.items() if r["Type"] == "AWS::IAM::Role"}
    for name, role in roles.items():
        assert "ManagedPolicyArns" not in role and "PermissionsBoundary" not in role, name
    schedules = {
        f"{name}{event}": name
        for name, f in functions().items()
        for event, spec in f["Properties"].get("Events", {}).items()
        if spec["Type"] == "ScheduleV2"
    }
    assert set(roles) == {f"{name}Role" for name in functions()} | {f"{schedule}Role" for schedule in schedules}
    for name in functions():
        assert roles[f"{name}Role"] == role_of(name), f"{name}Role: as the template has it"
        function = resources[name]["Properties"]
        assert function["Role"] == {"Fn::GetAtt": [f"{name}Role", "Arn"]}, name
        assert "TracingConfig" not in function and function["LoggingConfig"]["LogGroup"] == {"Ref": f"{name}LogGroup"}
    for schedule, name in schedules.items():
        role = roles[f"{schedule}Role"]
        assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": ["scheduler.amazonaws.com"]}
        granted = {
            (statement["Action"], json.dumps(statement["Resource"]))
            for policy in role["Policies"]
            for statement in policy["PolicyDocument"]["Statement"]
        }
        assert granted == {
            ("lambda:InvokeFunction", json.dumps({"Fn::GetAtt": [name, "Arn"]})),
            ("sqs:SendMessage", json.dumps({"Fn::GetAtt": ["ScheduleDeadLetterQueue", "Arn"]})),
        }, name
    assert wildcards(resources) == OWN_WILDCARDS


# The API: who may call which route, and how often ---------------------------------------------------------------

SESSION_HEADER = "x-lindra-session"
OPEN_LEADER_ROUTES = {"POST /api/leder/innlogging", "POST /api/leder/utlogging"}
PUBLIC_FORMS = {
    "POST /api/kurs/{course_id}/pameldinger",
    "POST /api/kurs/{course_id}/fravaer",
    "POST /api/evaluering/{token}",
    "POST /api/egenrapport/{token}",
    "POST /api/hospitering",
    "POST /api/hospitering/{token}/evaluering",
    "POST /api/endringsmeldinger",
    "POST /api/nyhetsbrev",
}


def route_authorizers() -> dict[str, str]:
    default = load()["Resources"]["HttpApi"]["Properties"]["Auth"]["DefaultAuthorizer"]
    result = {}
    for function in functions().values():
        for event in function["Properties"].get("Events", {}).values():
            if event["Type"] == "HttpApi":
                props = event["Properties"]
                authorizer = props.get("Auth", {}).get("Authorizer", default)
                result[f"{props['Method'].upper()} {props['Path']}"] = authorizer
    return result


def test_the_leaders_routes_need_a_token_from_the_user_pool_and_no_other_route_does() -> None:
    auth = load()["Resources"]["HttpApi"]["Properties"]["Auth"]
    assert auth["DefaultAuthorizer"] == "LeaderJwt", "a new route is closed until it is opened on purpose"
    jwt = auth["Authorizers"]["LeaderJwt"]
    assert jwt["JwtConfiguration"] == {
        "issuer": {"Fn::Sub": "https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}"},
        "audience": [{"Ref": "UserPoolClient"}],
    }
    assert jwt["IdentitySource"] == f"$request.header.{SESSION_HEADER}"
    expected = {}
    for route in route_authorizers():
        admin = route.split()[1].startswith("/api/leder/") and route not in OPEN_LEADER_ROUTES
        expected[route] = "LeaderJwt" if admin else "NONE"
    assert route_authorizers() == expected
    assert list(expected.values()).count("LeaderJwt") == 104
    # What SAM makes of it: the same, route by route, in the API's OpenAPI body.
    paths = translated()["Resources"]["HttpApi"]["Properties"]["Body"]["paths"]
    made = {f"{m.upper()} {path}": op["security"][0] for path, ms in paths.items() for m, op in ms.items()}
    assert made == {route: {authorizer: []} for route, authorizer in expected.items()}


def test_every_route_is_throttled_and_the_public_forms_and_the_sign_in_more_so() -> None:
    api = load()["Resources"]["HttpApi"]["Properties"]
    assert api["DefaultRouteSettings"] == {
        "ThrottlingBurstLimit": {"Ref": "ApiBurstLimit"},
        "ThrottlingRateLimit": {"Ref": "ApiRateLimit"},
    }
    assert set(api["RouteSettings"]) == PUBLIC_FORMS | {"POST /api/leder/innlogging"}
    assert set(api["RouteSettings"]) <= {f"{r.method} {r.path}" for r in routes()}, "keys of routes that exist"
    for settings in api["RouteSettings"].values():
        assert settings == {
            "ThrottlingBurstLimit": {"Ref": "FormBurstLimit"},
            "ThrottlingRateLimit": {"Ref": "FormRateLimit"},
        }
    parameters = load()["Parameters"]
    assert parameters["FormRateLimit"]["Default"] < parameters["ApiRateLimit"]["Default"]
    assert parameters["FormBurstLimit"]["Default"] < parameters["ApiBurstLimit"]["Default"]


# CloudFront ---------------------------------------------------------------------------------------------------------

CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
DISTRIBUTION_ARN = "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${SiteDistribution}"


def test_the_site_is_in_a_private_bucket_that_only_the_distribution_reads() -> None:
    resources = load()["Resources"]
    bucket = resources["SiteBucket"]["Properties"]
    assert bucket["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert bucket["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
    policy = resources["SiteBucketPolicy"]["Properties"]
    assert policy["Bucket"] == {"Ref": "SiteBucket"}
    allowed = [s for s in policy["PolicyDocument"]["Statement"] if s["Effect"] == "Allow"]
    assert allowed == [
        {
            "Sid": "ThisDistributionReadsTheSite",
            "Effect": "Allow",
            "Principal": {"Service": "cloudfront.amazonaws.com"},
            "Action": "s3:GetObject",
            "Resource": {"Fn::Sub": "${SiteBucket.Arn}/*"},
            "Condition": {
                "StringEquals": {
                    "AWS:SourceArn": {"Fn::Sub": DISTRIBUTION_ARN},
                }
            },
        }
    ]
    control = resources["SiteOriginAccessControl"]["Properties"]["OriginAccessControlConfig"]
    assert (control["OriginAccessControlOriginType"], control["SigningBehavior"], control["SigningProtocol"]) == (
        "s3",
        "always",
        "sigv4",
    )


def test_cloudfront_serves_the_site_from_s3_and_api_from_the_http_api_both_with_the_security_headers() -> None:
    config = load()["Resources"]["SiteDistribution"]["Properties"]["DistributionConfig"]
    assert config["DefaultRootObject"] == "index.html" and config["HttpVersion"] == "http2and3"
    origins = {origin["Id"]: origin for origin in config["Origins"]}
    assert origins["site"]["DomainName"] == {"Fn::GetAtt": ["SiteBucket", "RegionalDomainName"]}
    assert origins["site"]["OriginAccessControlId"] == {"Fn::GetAtt": ["SiteOriginAccessControl", "Id"]}
    assert origins["api"]["DomainName"] == {"Fn::Sub": "${HttpApi}.execute-api.${AWS::Region}.amazonaws.com"}
    assert origins["api"]["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    site = config["DefaultCacheBehavior"]
    (api,) = config["CacheBehaviors"]
    assert (site["TargetOriginId"], site["ViewerProtocolPolicy"], site["CachePolicyId"]) == (
        "site",
        "redirect-to-https",
        CACHING_OPTIMIZED,
    )
    assert (api["PathPattern"], api["TargetOriginId"], api["CachePolicyId"], api["OriginRequestPolicyId"]) == (
        "/api/*",
        "api",
        CACHING_DISABLED,
        ALL_VIEWER_EXCEPT_HOST_HEADER,
    )
    assert api["ViewerProtocolPolicy"] == "https-only", "a POST redirected to https would lose its body"
    assert set(api["AllowedMethods"]) == {"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"}
    for behaviour, function in ((site, "SiteIndexFunction"), (api, "ApiRequestFunction")):
        assert behaviour["ResponseHeadersPolicyId"] == {"Ref": "SecurityHeadersPolicy"}
        assert behaviour["FunctionAssociations"] == [
            {"EventType": "viewer-request", "FunctionARN": {"Fn::GetAtt": [function, "FunctionARN"]}}
        ]
    assert "CustomErrorResponses" not in config, "they would replace the API's own 403 and 404 answers too"


def viewer_request(method: str, uri: str, **parts: dict[str, str]) -> dict[str, Any]:
    """A CloudFront Function's event for a viewer's request (cookies and headers: name -> value)."""
    request = {
        "method": method,
        "uri": uri,
        "querystring": {},
        "headers": {k: {"value": v} for k, v in parts.get("headers", {}).items()},
        "cookies": {k: {"value": v} for k, v in parts.get("cookies", {}).items()},
    }
    return {"version": "1.0", "context": {"eventType": "viewer-request"}, "viewer": {"ip": "192.0.2.1"}} | {
        "request": request
    }


def cloudfront_function(name: str, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The template's CloudFront Function's answers to the events, run by Node."""
    code = load()["Resources"][name]["Properties"]["FunctionCode"]
    script = code + "\nprocess.stdout.write(JSON.stringify(JSON.parse(process.argv[1]).map(handler)));"
    found = subprocess.run(
        ["node", "-e", script, json.dumps(events)], capture_output=True, text=True, timeout=30, check=True
    )
    answers: list[dict[str, Any]] = json.loads(found.stdout)
    return answers


def test_cloudfront_finds_pelicans_index_pages() -> None:
    expected = {
        "/": "/index.html",
        "/kurs/": "/kurs/index.html",
        "/kurs": "/kurs/index.html",
        "/kurs/grunnkurs-2027-var/": "/kurs/grunnkurs-2027-var/index.html",
        "/theme/css/site.css": "/theme/css/site.css",
        "/kalender/oslo.ics": "/kalender/oslo.ics",
        "/pagefind/wasm.nb.pagefind": "/pagefind/wasm.nb.pagefind",
    }
    answers = cloudfront_function("SiteIndexFunction", [viewer_request("GET", uri) for uri in expected])
    assert [answer["uri"] for answer in answers] == list(expected.values())


def test_cloudfront_hands_the_session_cookie_to_the_jwt_authorizer_and_nothing_else() -> None:
    from common.leader_api import COOKIE_PATH, SESSION_COOKIE

    assert COOKIE_PATH.startswith("/api/"), "the cookie goes to the /api/* behaviour, whose function reads it"
    signed_in, forged = cloudfront_function(
        "ApiRequestFunction",
        [
            viewer_request("GET", "/api/leder/meg", cookies={SESSION_COOKIE: "a.b.c"}),
            viewer_request("GET", "/api/leder/meg", headers={SESSION_HEADER: "x.y.z"}),
        ],
    )
    assert signed_in["headers"] == {SESSION_HEADER: {"value": "a.b.c"}}
    assert forged["headers"] == {}, "a viewer's own x-lindra-session never reaches the authorizer"
    # Without a session, a leader's HTML page sends the browser to the sign-in (as the function would); anything else
    # goes on, to the authorizer's 401 or to a public route.
    pages = {"GET /api/leder/arsrapport", "GET /api/leder/kurs/{course_id}/evaluering"}
    found = routes()
    uris = [re.sub(r"\{\w+\}", "x1", route.path) for route in found]
    answers = cloudfront_function(
        "ApiRequestFunction", [viewer_request(r.method, u) for r, u in zip(found, uris, strict=True)]
    )
    for route, uri, answer in zip(found, uris, answers, strict=True):
        if f"{route.method} {route.path}" in pages:
            assert answer["statusCode"] == 303 and answer["headers"]["location"] == {"value": "/leder/"}, route
        else:
            assert answer["uri"] == uri and answer["headers"] == {}, route


def csp_directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in policy.split(";")) if d}


def test_the_one_host_the_deployed_policy_names_is_the_attachment_buckets_for_a_letters_files() -> None:
    policy = load()["Resources"]["SecurityHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"]
    deployed = policy["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"]
    hosts = {d: [x for x in v if not x.startswith("'")] for d, v in csp_directives(deployed).items()}
    assert {d: v for d, v in hosts.items() if v} == {"connect-src": ["https://${AttachmentBucket.RegionalDomainName}"]}
    local = {header.name: header.value for header in security_headers()}["Content-Security-Policy"]
    assert csp_directives(local)["connect-src"] == ["'self'"], "locally the files go to the same origin"


def test_the_security_headers_pass_mozilla_observatorys_checks() -> None:
    headers = {header.name: header for header in security_headers()}
    csp = csp_directives(headers["Content-Security-Policy"].value)
    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"] == ["'self'", "'wasm-unsafe-eval'"], "Pagefind's WebAssembly; no unsafe-inline or -eval"
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == csp["object-src"] == csp["base-uri"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert all(source.startswith("'") for sources in csp.values() for source in sources), "no scheme or host"
    hsts = headers["Strict-Transport-Security"].value.split("; ")
    assert int(hsts[0].removeprefix("max-age=")) >= 31536000 and "includeSubDomains" in hsts
    assert headers["X-Content-Type-Options"].value == "nosniff"
    assert headers["X-Frame-Options"].value == "DENY"
    assert headers["Referrer-Policy"].value == "strict-origin-when-cross-origin"
    permissions = dict(item.split("=") for item in headers["Permissions-Policy"].value.split(", "))
    assert {"camera", "microphone", "geolocation", "payment"} <= set(permissions) and set(permissions.values()) == {
        "()"
    }
    # Every header replaces an origin's own but the referrer policy: the pages behind a secret link send no-referrer.
    assert [name for name, header in headers.items() if not header.override] == ["Referrer-Policy"]


# Alarms -----------------------------------------------------------------------------------------------------------


def alarm_metrics() -> set[tuple[str, str, str]]:
    """(namespace, metric, the dimension's value as text) of every alarm, plain or with metric math."""
    found = set()
    for resource in load()["Resources"].values():
        if resource["Type"] != "AWS::CloudWatch::Alarm":
            continue
        props = resource["Properties"]
        assert props["AlarmActions"] == [{"Ref": "AlarmTopic"}] and props["TreatMissingData"] == "notBreaching"
        stats = [q["MetricStat"]["Metric"] for q in props.get("Metrics", []) if "MetricStat" in q] or [props]
        for metric in stats:
            (dimension,) = metric["Dimensions"]
            found.add((metric["Namespace"], metric["MetricName"], json.dumps(dimension["Value"])))
    return found


def test_alarms_on_api_errors_failed_functions_throttling_and_failed_schedules_reach_the_alarm_topic() -> None:
    metrics = alarm_metrics()
    assert ("AWS/ApiGateway", "5xx", json.dumps({"Ref": "HttpApi"})) in metrics
    for name in functions():
        assert ("AWS/Lambda", "Errors", json.dumps({"Ref": name})) in metrics
        assert ("AWS/Lambda", "Throttles", json.dumps({"Ref": name})) in metrics
    for table in tables():
        for metric in ("ReadThrottleEvents", "WriteThrottleEvents"):
            assert ("AWS/DynamoDB", metric, json.dumps({"Ref": table})) in metrics
    queue = {"Fn::GetAtt": ["ScheduleDeadLetterQueue", "Arn"]}
    assert (
        "AWS/SQS",
        "ApproximateNumberOfMessagesVisible",
        json.dumps({"Fn::GetAtt": ["ScheduleDeadLetterQueue", "QueueName"]}),
    ) in metrics
    for name, function in functions().items():
        for event in function["Properties"].get("Events", {}).values():
            if event["Type"] == "ScheduleV2":
                assert event["Properties"]["DeadLetterConfig"] == {"Arn": queue}, name
                assert function["Properties"]["DeadLetterQueue"] == {"Type": "SQS", "TargetArn": queue}, name
    resources = load()["Resources"]
    subscription = resources["AlarmEmailSubscription"]
    assert subscription["Condition"] == "HasAlarmEmail"
    assert subscription["Properties"] == {
        "TopicArn": {"Ref": "AlarmTopic"},
        "Protocol": "email",
        "Endpoint": {"Ref": "AlarmEmail"},
    }


def test_the_alarms_made_from_one_shape_are_exactly_one_per_function_and_table() -> None:
    """The Errors alarms come from one Fn::ForEach; the throttling alarms read every function and both tables."""
    resources = load()["Resources"]
    alarms = {name: r["Properties"] for name, r in resources.items() if r["Type"] == "AWS::CloudWatch::Alarm"}
    errors = {name: props for name, props in alarms.items() if props.get("MetricName") == "Errors"}
    assert set(errors) == {name.removesuffix("Function") + "ErrorsAlarm" for name in functions()}
    descriptions = load()["Mappings"]["AlarmedFunctions"]
    for name, props in errors.items():
        (dimension,) = props["Dimensions"]
        function = dimension["Value"]["Ref"]
        assert (dimension["Name"], name) == ("FunctionName", function.removesuffix("Function") + "ErrorsAlarm")
        key = function.removesuffix("Function")
        assert props["AlarmDescription"] == {"Fn::FindInMap": ["AlarmedFunctions", key, "ErrorsDescription"]}
        assert descriptions[key]["ErrorsDescription"].endswith("function failed in the last five minutes"), key
    assert set(descriptions) == {name.removesuffix("Function") for name in functions()}

    def dimensions(alarm: str, namespace: str) -> list[tuple[str, str]]:
        queries = [q["MetricStat"]["Metric"] for q in alarms[alarm]["Metrics"] if "MetricStat" in q]
        assert {metric["Namespace"] for metric in queries} == {namespace}, alarm
        return [(metric["MetricName"], metric["Dimensions"][0]["Value"]["Ref"]) for metric in queries]

    throttled = dimensions("FunctionThrottlesAlarm", "AWS/Lambda")
    assert sorted(throttled) == sorted(("Throttles", name) for name in functions())
    tables_throttled = dimensions("TableThrottlesAlarm", "AWS/DynamoDB")
    assert sorted(tables_throttled) == sorted(
        (metric, table) for table in tables() for metric in ("ReadThrottleEvents", "WriteThrottleEvents")
    )
    for alarm in ("FunctionThrottlesAlarm", "TableThrottlesAlarm"):
        (total,) = [q for q in alarms[alarm]["Metrics"] if q["ReturnData"]]
        ids = {q["Id"] for q in alarms[alarm]["Metrics"] if "MetricStat" in q}
        assert set(total["Expression"].removeprefix("SUM([").removesuffix("])").split(", ")) == ids, alarm


def test_the_templates_loops_expand_as_cloudformations_language_extensions_do() -> None:
    """load() expands Fn::ForEach itself (the local stack has no cfn-lint); here it is checked against cfn-lint's
    AWS::LanguageExtensions transform, which also resolves the Fn::FindInMap that load() leaves to CloudFormation."""
    from cfnlint.decode import decode
    from cfnlint.template import Template
    from cfnlint.template.transforms._language_extensions import language_extension

    written = source()
    assert written["Transform"] == ["AWS::LanguageExtensions", "AWS::Serverless-2016-10-31"], "loops first, then SAM"
    assert "Fn::ForEach::FunctionErrorsAlarms" in written["Resources"]
    decoded, problems = decode(str(TEMPLATE))
    assert not problems
    matches, expanded = language_extension(Template(str(TEMPLATE), decoded, ["eu-north-1"]))
    assert not matches and expanded is not None
    mappings = load()["Mappings"]

    def find_in_map(node: Any) -> Any:
        if isinstance(node, dict) and list(node) == ["Fn::FindInMap"]:
            mapping, key, name = node["Fn::FindInMap"]
            return mappings[mapping][key][name]
        if isinstance(node, dict):
            return {key: find_in_map(value) for key, value in node.items()}
        return [find_in_map(value) for value in node] if isinstance(node, list) else node

    theirs = json.loads(json.dumps(expanded))
    for section in ("Resources", "Outputs"):
        assert find_in_map(load()[section]) == theirs[section], section


def test_the_loop_expansion_refuses_what_it_does_not_know() -> None:
    loop = {
        "Fn::ForEach::Topics": [
            "Name",
            ["a-b", "C"],
            {
                "Topic&{Name}": {
                    "Type": "AWS::SNS::Topic",
                    "Properties": {"DisplayName": {"Ref": "Name"}, "Other": {"Ref": {"Fn::Sub": "Topic&{Name}"}}},
                }
            },
        ]
    }
    template = {"Transform": ["AWS::LanguageExtensions"], "Resources": loop}
    assert expand_for_each(template)["Resources"] == {
        "Topicab": {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": "a-b", "Other": {"Ref": "Topicab"}}},
        "TopicC": {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": "C", "Other": {"Ref": "TopicC"}}},
    }
    with pytest.raises(ValueError, match="AWS::LanguageExtensions"):
        expand_for_each({"Resources": loop})
    with pytest.raises(ValueError, match="twice"):
        expand_for_each(template | {"Resources": loop | {"TopicC": {}}})
    plain = {"Fn::ForEach::X": ["Name", ["A"], {"R${Name}": {"Properties": {"Text": "${Name}"}}}]}
    with pytest.raises(ValueError, match="outside a key, Fn::Sub or Ref"):
        expand_for_each(template | {"Resources": plain})
    listed = {"Fn::ForEach::X": ["Name", {"Ref": "Names"}, {"R${Name}": {}}]}
    with pytest.raises(ValueError, match="literal list"):
        expand_for_each(template | {"Resources": listed})
