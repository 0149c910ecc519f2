// Turning on the code from an authenticator app (TOTP): the network leader must before anything else (the API answers
// every other route with 403, reason "mfa_enrolment_required"), any other leader may. The API gives the app's secret
// (as text to type, and an otpauth:// link a phone opens the app with), then checks the app's first code.
"use strict";

import { api, post, request } from "./api.js";
import { $, showAlert, status } from "./dom.js";
import { clearFieldErrors, markFieldErrors } from "./forms.js";
import { t as shared, texts } from "./text.js";

const t = texts($("mfa"));
const FIELDS = { code: "mfa-code" };

let secret = "";
// What signin.js does: done(me, message) once the code is on, cancel() (not now), signOut(), ended(message) when the
// session (or the sign-in's access token) has run out.
let handlers = { done: () => {}, cancel: () => {}, signOut: () => {}, ended: () => {} };

function reset() {
  secret = "";
  clearFieldErrors($("mfa-form"), FIELDS);
  showAlert($("mfa-error"), "");
  $("mfa-code").value = "";
  $("mfa-secret").textContent = "";
  $("mfa-link").setAttribute("href", "#mfa");
  $("mfa-copy").hidden = true;
}

export function hideEnrolment() {
  $("mfa").hidden = true;
  reset();
}

export function enrolmentShown() {
  return !$("mfa").hidden;
}

// The steps, with a new secret from the API. `required`: the network leader, whose way on is this or signing out.
export async function showEnrolment(required) {
  reset();
  $("mfa-required").hidden = !required;
  $("mfa-voluntary").hidden = required;
  $("mfa-cancel").hidden = required;
  $("mfa").hidden = false;
  $("mfa-heading").focus();
  status(t("loading"));
  let result;
  try {
    result = await request(api + "/kode", {});
  } catch (error) {
    status("");
    showAlert($("mfa-error"), shared("offline"));
    return;
  }
  status("");
  if (result.status === 401) {
    handlers.ended(result.body.message);
    return;
  }
  if (!result.ok) {
    showAlert($("mfa-error"), result.body.message || shared("failed"));
    return;
  }
  secret = result.body.secret;
  $("mfa-secret").textContent = result.body.secret_text;
  $("mfa-link").setAttribute("href", result.body.uri);
  $("mfa-copy").hidden = !(navigator.clipboard && window.isSecureContext);
}

async function turnOn() {
  clearFieldErrors($("mfa-form"), FIELDS);
  showAlert($("mfa-error"), "");
  const result = await post({
    lock: "mfa", url: api + "/kode/bekreftelse", body: { code: $("mfa-code").value.replace(/\s+/g, "") },
    box: $("mfa-error"), button: $("mfa-submit"), text: t("turningOn"),
  });
  if (!result) { return; }
  if (result.ok) {
    hideEnrolment();
    handlers.done(result.body, t("done"));
  } else if (result.status === 401) {
    handlers.ended(result.body.message);
  } else {
    const marked = markFieldErrors(FIELDS, result.body.errors || {});
    showAlert($("mfa-error"), result.body.message || shared("failed"), marked.rest);
    if (marked.first) { marked.first.focus(); }
  }
}

export function wireEnrolment(callbacks) {
  handlers = callbacks;
  $("mfa-form").addEventListener("submit", (event) => {
    event.preventDefault();
    turnOn();
  });
  $("mfa-cancel").addEventListener("click", () => {
    hideEnrolment();
    handlers.cancel();
  });
  $("mfa-signout").addEventListener("click", () => handlers.signOut());
  $("mfa-copy").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(secret);
      status(t("copied"));
    } catch (error) {
      // Copying was refused: the key is on the page to type.
    }
  });
}
