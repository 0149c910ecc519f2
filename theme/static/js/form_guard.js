// The start of a form on a static page (functions/common/form_guard.py): the moment the page was opened, signed by
// the server, put in the form's hidden form_started. A form that a function rendered has its own already. Without
// JavaScript, or when this fails, the first post comes back with one ("Se over skjemaet og send det på nytt.").
// A module, so that a page with two forms runs it once.
const STAMP_URL = "/api/skjema/start";
const STALE_AFTER = 6 * 3600 * 1000; // a stamp is good for a day: a page looked at again after hours gets a new one
let stampedAt = Date.now(); // a rendered form's stamp is as old as the page

function fill(all) {
  const inputs = Array.from(document.querySelectorAll("input[data-form-stamp]")).filter(
    (input) => all || !input.value
  );
  if (!inputs.length || !window.fetch) { return; }
  fetch(STAMP_URL, { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store" })
    .then((response) => (response.ok ? response.json() : null))
    .then((body) => {
      if (!body || !body.stamp) { return; }
      inputs.forEach((input) => { input.value = body.stamp; });
      stampedAt = Date.now();
    })
    .catch(() => { /* the server hands out a stamp with its answer */ });
}

fill(false);
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible" && Date.now() - stampedAt > STALE_AFTER) { fill(true); }
});
