"""The OpenAPI document of each function, as Powertools generates it from the routes, enriched with what Powertools
cannot know. The leaders' API is typed: its JSON bodies (Body() models) and JSON answers (-> Response[Model]) are
Powertools' own. Added here: the public forms' bodies (their routes read them themselves, form-encoded or JSON), the
leaders' routes that ignore or read their bodies themselves, the refusals (a DomainError's status and JSON), files
and pages, and the query parameters the routes read themselves. The fuzz tier checks every answer against it.
"""

from __future__ import annotations

import copy
import importlib
import json
from functools import cache
from typing import Any

from pydantic import BaseModel

from local.template import Route, routes

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
HTML = "text/html"

# Every refusal as JSON: common/http.error_json. The local gateway's own 404 and 500 have no field errors.
ERROR_JSON: dict[str, Any] = {
    "type": "object",
    "required": ["message", "errors"],
    "properties": {
        "message": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": {"type": "string"}},
        # A word for the page's script where it acts on the refusal: "mfa_enrolment_required" (common/errors.py).
        "reason": {"type": "string"},
    },
}
OBJECT: dict[str, Any] = {"type": "object"}
EMPTY: dict[str, Any] = {"type": "string", "maxLength": 0}
ANY_TEXT: dict[str, Any] = {"type": "string"}

# The public forms each POST route reads itself (common/http.read_form: form-encoded or JSON), by the model its
# validator makes. A model is the documented shape; the fuzzer sends it and, in negative cases, anything else.
BODY_MODELS: dict[tuple[str, str], str | dict[str, Any]] = {
    ("POST", "/api/kurs/{course_id}/pameldinger"): "courses.models:RegistrationForm",
    ("POST", "/api/kurs/{course_id}/fravaer"): "attendance.models:AbsenceForm",
    ("POST", "/api/evaluering/{token}"): "evaluations.models:EvaluationForm",
    ("POST", "/api/egenrapport/{token}"): "selfreport.models:NurseAnswer",  # the seed's link is a nurse's
    ("POST", "/api/hospitering"): "hospitation.models:HospitationForm",
    ("POST", "/api/hospitering/{token}/evaluering"): "hospitation.models:EvaluationForm",
    ("POST", "/api/samtykke/{token}"): "hospitation.models:ConsentAnswer",
    ("POST", "/api/endringsmeldinger"): "roster.models:ChangeReportForm",
    # The leaders' routes without a Body() model. No fields, but JSON like every change in the leaders' API
    # (leaders/session.same_origin):
    ("POST", "/api/leder/utlogging"): {"type": "object"},
    ("POST", "/api/leder/kode"): {"type": "object"},  # a new secret for the authenticator app
    ("POST", "/api/leder/hospiteringer/{request_id}/sletting"): {"type": "object"},
    # roster/leader_routes.read_upload reads a file of up to 4 MB itself:
    ("POST", "/api/leder/navneliste/import"): {
        "type": "object",
        "required": ["content"],
        "properties": {
            "filename": {"type": "string"},
            "content": {"type": "string", "format": "byte"},
            "confirm": {"type": "boolean"},
        },
    },
}

# The leaders' pages in HTML (a summary to read or print), not JSON.
LEADER_PAGES = ("/api/leder/kurs/{course_id}/evaluering", "/api/leder/arsrapport", "/api/leder/egenrapport/{year}/svar")

# The leaders' filters and choices, per route: the ones it reads (found by watching each route read its query).
LEADER_QUERY: dict[str, tuple[str, ...]] = {
    "/api/leder/kurs": ("fra", "til"),
    "/api/leder/kurs/{course_id}/pameldinger.csv": ("format",),
    "/api/leder/pameldinger.csv": ("format", "fra", "til"),
    "/api/leder/revisjon": ("maned",),
    "/api/leder/hospiteringer": ("enhet", "status"),
    "/api/leder/hospiteringer.csv": ("enhet", "format", "status"),
    "/api/leder/hospitering-evalueringer.csv": ("format",),
    "/api/leder/navneliste": ("omrade",),
    "/api/leder/navneliste.csv": ("format", "historikk", "omrade"),
    "/api/leder/endringsmeldinger": ("status",),
    "/api/leder/dekning.csv": ("format", "omrade"),
    "/api/leder/dekning.svg": ("omrade",),
    "/api/leder/kurs/{course_id}/evaluering.csv": ("format",),
    "/api/leder/timer": ("ar", "omrade"),
    "/api/leder/timer.csv": ("ar", "format", "omrade"),
    "/api/leder/timer.svg": ("ar", "omrade"),
    "/api/leder/arsrapport": ("ar", "omrade"),
    "/api/leder/arsrapport.docx": ("ar", "omrade"),
    "/api/leder/arsrapport.md": ("ar", "omrade"),
    "/api/leder/arsrapport.csv": ("ar", "format", "omrade"),
    "/api/leder/egenrapport/{year}/svar.csv": ("format",),
    # and the public pages that read a query
    "/api/min-side": ("ar", "endret"),
    "/api/kursbevis": ("kode",),
}

# Min side's routes: without a session, the sign-in form as a 401 (people/app.py).
SIGNED_IN_PREFIX = "/api/min-side"
# The public routes that answer a file.
PUBLIC_FILES = {
    "/api/min-side/kursbevis/{course_id}": "application/pdf",
    "/api/min-side/timer/{year}": "application/pdf",
}
# The public GET routes that may send the browser on (a code as typed to its page: certificates/app.py).
PUBLIC_GET_REDIRECTS = ("/api/kursbevis",)


def query_schema(name: str) -> dict[str, Any]:
    """A choice the page offers (so that cases get past it, to the next), or any string."""
    from common.site import network
    from hospitation.models import HOSPITATION_STATUS_LABELS
    from roster.models import REPORT_STATUS_LABELS

    choices: dict[str, dict[str, Any]] = {
        "format": {"enum": ["excel", "komma"]},
        "ar": {"pattern": "^20[0-9]{2}$"},
        "fra": {"format": "date"},
        "til": {"format": "date"},
        "maned": {"pattern": "^20[0-9]{2}-(0[1-9]|1[0-2])$"},
        "status": {"enum": sorted({*HOSPITATION_STATUS_LABELS, *REPORT_STATUS_LABELS})},
        "enhet": {"enum": [unit["id"] for unit in network()["host_units"]]},  # the hospitation filter's hosts
        "omrade": {"enum": [area["id"] for area in network()["areas"]]},
        "historikk": {"enum": ["ja", "nei"]},
        "endret": {"enum": ["avmeldt", "avmeldt-videre", "rettet", "signert"]},
        "kode": {"pattern": "^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$"},
    }
    return {"anyOf": [{"type": "string", **choices[name]}, {"type": "string"}]}


# How a browser, a script and anything else ask (common/http.wants_json), and a script's Bearer token (any string).
ACCEPT = [JSON, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "*/*"]

FILE_TYPES = {
    ".csv": "text/csv",
    ".svg": "image/svg+xml",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".md": "text/markdown",
    ".zip": "application/zip",
    ".pdf": "application/pdf",
}


def body_schema(reference: str | dict[str, Any]) -> dict[str, Any]:
    """The model's JSON schema, inlined (no $refs); or the schema as given."""
    if isinstance(reference, dict):
        return copy.deepcopy(reference)
    module_name, _, name = reference.partition(":")
    model: type[BaseModel] = getattr(importlib.import_module(module_name), name)
    schema = model.model_json_schema(mode="validation")
    definitions = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return inline(definitions[node["$ref"].rsplit("/", 1)[1]])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(value) for value in node]
        return node

    inlined: dict[str, Any] = inline(schema)
    inlined.pop("additionalProperties", None)
    return inlined


def responses(route: Route, generated: dict[str, Any]) -> dict[str, Any]:
    """What a route answers. Public routes: JSON to a script, a page (or a 303 to one) to a browser. The leaders'
    API: its answer model (Powertools' 200), or a file for an export, or a page."""
    leaders = route.function == "LeaderFunction"
    suffix = next((s for s in FILE_TYPES if route.path.endswith(s)), None)
    page = not leaders or route.path in LEADER_PAGES
    error_content: dict[str, Any] = {JSON: {"schema": ERROR_JSON}}
    if page:
        error_content[HTML] = {"schema": ANY_TEXT}
    answers: dict[str, Any] = {}
    if suffix:
        ok: dict[str, Any] = {FILE_TYPES[suffix]: {"schema": ANY_TEXT}}
        # One too big for a Lambda answer: a 303 to a link to S3 (exports/files.file_response).
        answers["303"] = {"description": "See the stored file", "content": {JSON: {"schema": EMPTY}}}
    elif route.path in LEADER_PAGES:
        ok = {HTML: {"schema": ANY_TEXT}}
        # Not signed in: a 303 to the sign-in page (common/leader_api.page).
        answers["303"] = {"description": "Sign in first", "content": {HTML: {"schema": EMPTY}}}
    elif leaders:
        ok = generated["200"]["content"]  # the route's answer model
    elif route.path in PUBLIC_FILES:
        ok = {PUBLIC_FILES[route.path]: {"schema": ANY_TEXT}}
    else:
        ok = {JSON: {"schema": OBJECT}, HTML: {"schema": ANY_TEXT}}
    if route.path in PUBLIC_GET_REDIRECTS:
        answers["303"] = {"description": "See the page", "content": {HTML: {"schema": EMPTY}}}
    answers["200"] = {"description": "OK", "content": ok}
    if route.method == "POST":
        answers["201"] = {"description": "Created", "content": ok}
        if not leaders:
            answers["303"] = {"description": "See the answer's page", "content": {HTML: {"schema": EMPTY}}}
    statuses = [400, 404, 409, 410, 413, 415, 422, 429, 503]
    if leaders:
        statuses += [401, 403]
    elif route.path.startswith(SIGNED_IN_PREFIX):
        statuses += [401]
    for status in sorted(statuses):
        answers[str(status)] = {"description": "Refused", "content": error_content}
    return answers


@cache
def document(function: str) -> dict[str, Any]:
    """The function's OpenAPI document: Powertools' paths (each route of the template), enriched."""
    table = [route for route in routes() if route.function == function]
    module = importlib.import_module(table[0].handler.rpartition(".")[0])
    generated: dict[str, Any] = json.loads(module.app.get_openapi_json_schema(title=function, version="1"))
    paths: dict[str, Any] = {}
    for route in table:
        operation = copy.deepcopy(generated["paths"][route.path][route.method.lower()])
        operation["responses"] = responses(route, operation["responses"])
        if (route.method, route.path) in BODY_MODELS:
            schema = body_schema(BODY_MODELS[(route.method, route.path)])
            # The leaders' API takes JSON only (a form post is a 415); the public forms take either.
            kinds = (JSON,) if route.function == "LeaderFunction" else (JSON, FORM)
            operation["requestBody"] = {"required": True, "content": {kind: {"schema": schema} for kind in kinds}}
        if route.function == "LeaderFunction":
            header = {"name": "Authorization", "in": "header", "required": False, "schema": {"type": "string"}}
        else:
            header = {
                "name": "Accept",
                "in": "header",
                "required": False,
                "schema": {"anyOf": [{"enum": ACCEPT}, {"type": "string"}]},
            }
        operation.setdefault("parameters", []).append(header)
        operation.setdefault("parameters", []).extend(
            {"name": name, "in": "query", "required": False, "schema": query_schema(name)}
            for name in LEADER_QUERY.get(route.path, ())
        )
        paths.setdefault(route.path, {})[route.method.lower()] = operation
    generated["paths"] = paths
    return generated
