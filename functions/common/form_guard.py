"""The guards in front of every public form (no CAPTCHA: it shuts out people who use a screen reader).

1. A honeypot: a field named `website` that people never see, hear or tab to (partials/form_guard.html: off the
   screen, in an aria-hidden wrapper, tabindex=-1, autocomplete=off, labelled "leave this empty"). A program that
   fills in every field fills it too: refused with a 400 (FormRefused), nothing stored.
2. A minimum fill time: the form carries the moment it was handed out, `form_started`, signed with HMAC-SHA256
   (settings.form_secret). The site's pages are static, so a page's script asks for a stamp when the page opens
   (GET /api/skjema/start, below), and a page a function renders (a form with errors, a receipt, a consent) carries
   one of its own (the templates' `form_stamp()`). A post without a stamp, with a forged one, or sent less than
   MIN_SECONDS after it, or more than MAX_AGE after, is refused with a 422 (LookAgain), nothing stored: a browser
   gets the same form back, its answers kept, with a fresh stamp and "Se over skjemaet og send det på nytt.", so a
   person without JavaScript sends it with one more click; a script gets the message and a fresh stamp
   (`form_started` in the JSON, common/http.error_json).

No table is read or written for it: a sign-up costs one HMAC more. A replayed stamp is not refused (the
idempotency of the forms that store, and WAF's rate rule per address, infra/waf.yaml, are for that)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from common.errors import FormRefused, LookAgain
from common.settings import settings

HONEYPOT = "website"
STAMP = "form_started"
MIN_SECONDS = 3.0  # no person reads and fills in a form faster
MAX_AGE = 24 * 3600.0  # a page left open over a night asks for a new stamp when it is looked at again
_LABEL = b"lindra/form-started\0"

router = APIGatewayHttpRouter()


def clock() -> float:
    """Epoch seconds: the guard's clock (a test moves it on)."""
    return time.time()


def _signature(issued_ms: int) -> str:
    key = settings().form_secret.encode("utf-8")
    return hmac.new(key, _LABEL + str(issued_ms).encode("ascii"), hashlib.sha256).hexdigest()[:32]


def new_stamp(at: float | None = None) -> str:
    """The moment (now, or the epoch seconds given), signed: `1764650000123.3f2a...`."""
    issued_ms = int((clock() if at is None else at) * 1000)
    return f"{issued_ms}.{_signature(issued_ms)}"


def stamp_time(stamp: object) -> float | None:
    """The epoch seconds a stamp was made at, or None when it is no stamp of ours."""
    if not isinstance(stamp, str) or len(stamp) > 64:
        return None
    issued, _, signature = stamp.partition(".")
    if not (issued.isascii() and issued.isdigit() and len(issued) <= 15):
        return None
    if not hmac.compare_digest(signature.encode("ascii", "replace"), _signature(int(issued)).encode("ascii")):
        return None
    return int(issued) / 1000


def check_form(fields: dict[str, Any], at: float | None = None, min_seconds: float = MIN_SECONDS) -> None:
    """FormRefused (400) when the honeypot is filled in; LookAgain (422) when the stamp is missing, forged, younger
    than min_seconds or older than MAX_AGE. Called by every public form's route before it stores anything. A button
    alone behind a secret link (cancel, withdraw, erase: nothing to fill in) passes min_seconds=0: its page is the
    function's own, so its stamp is there, and a person who opened the link to cancel may click at once."""
    trap = fields.get(HONEYPOT)
    if trap not in (None, "") and str(trap).strip():
        raise FormRefused()
    issued = stamp_time(fields.get(STAMP))
    age = (clock() if at is None else at) - issued if issued is not None else None
    if age is None or not min_seconds <= age <= MAX_AGE:
        raise LookAgain()


@router.get("/api/skjema/start")
def form_start() -> Response[str]:
    """A stamp for the form on a static page (theme/static/js/form_guard.js): never cached."""
    body = json.dumps({"stamp": new_stamp()})
    return Response(status_code=200, content_type="application/json", body=body, headers={"Cache-Control": "no-store"})
