// The leaders' area (/leder/): sign in, courses and participants, hospitation requests (list, details, the host's
// answer, erasure), CSV downloads and, for the network leader, the audit log. Talks JSON to /api/leder/*; the session
// is an HttpOnly cookie this script never sees. Every text it shows comes from the page (data-text-* on #leader-app,
// translated by the template). Data goes in as text (textContent), never as markup.
(function () {
  "use strict";

  const app = document.getElementById("leader-app");
  if (!app || !window.fetch) { return; }

  const api = app.dataset.api;
  const locale = document.documentElement.lang || "nb";
  const $ = (id) => document.getElementById(id);
  // Sign-in fields in page order: the API's errors[name] goes next to the input.
  const FIELDS = { username: "signin-username", password: "signin-password", new_password: "signin-new-password", code: "signin-code" };
  const CHALLENGES = { NEW_PASSWORD_REQUIRED: "signin-new-password-field", SOFTWARE_TOKEN_MFA: "signin-code-field" };
  // The hospitation forms, the same way: the API's field name -> the input's id.
  const FILTER_FIELDS = { status: "hospitations-status", enhet: "hospitations-unit" };
  const CONFIRM_FIELDS = { first_day: "confirm-first-day", last_day: "confirm-last-day", meeting_time: "confirm-meeting-time", message: "confirm-message" };
  const DECLINE_FIELDS = { reason: "decline-reason" };
  const HOSPITATIONS_ANCHOR = "#hospiteringer"; // the host unit's emails link to /leder/#hospiteringer

  let user = null;
  let challenge = null; // { name, session } while the sign-in service asks for a new password or a code
  let busy = false;
  let expiryTimer = 0;
  let current = null; // the hospitation request open in the details panel, as the API last sent it
  let sending = false; // an answer to a request is on its way
  const latest = { courses: 0, participants: 0, audit: 0, hospitations: 0, hospitation: 0 }; // only the newest answer of each kind is shown

  // ---------- Small helpers ----------

  function t(key, values) {
    const template = app.dataset["text" + key.charAt(0).toUpperCase() + key.slice(1)] || "";
    return template.replace(/\{(\w+)\}/g, (match, name) => (values && values[name] != null ? String(values[name]) : match));
  }

  function element(tag, content, className) {
    const node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content != null) { node.textContent = String(content); }
    return node;
  }

  function sameOrigin(url) {
    if (!url) { return null; }
    try {
      const parsed = new URL(url, window.location.href);
      return parsed.origin === window.location.origin ? parsed.href : null;
    } catch (error) {
      return null;
    }
  }

  function formatTime(iso) {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) { return iso || ""; }
    return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Oslo" }).format(date);
  }

  function formatDay(day) {
    const date = new Date(day + "T00:00:00Z");
    if (!day || Number.isNaN(date.getTime())) { return day || ""; }
    return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(date);
  }

  function formatMonth(month) {
    const date = new Date(month + "-01T00:00:00Z");
    if (!month || Number.isNaN(date.getTime())) { return month || ""; }
    return new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(date);
  }

  function today() {
    return new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: "Europe/Oslo" })
      .format(new Date());
  }

  function thisMonth() {
    const parts = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", timeZone: "Europe/Oslo" })
      .formatToParts(new Date());
    const part = (type) => parts.find((p) => p.type === type).value;
    return part("year") + "-" + part("month");
  }

  function status(message) {
    $("leader-status").textContent = message || "";
  }

  // A message in an alert region; the API's field errors (a period or month it refused) listed under it.
  function showAlert(container, message, errors) {
    container.replaceChildren();
    if (!message) { return; }
    const box = element("div", null, "error-summary leader-alert");
    box.append(element("p", message));
    const details = Object.values(errors || {}).filter((text) => text && text !== message);
    if (details.length) {
      const list = document.createElement("ul");
      list.append(...details.map((text) => element("li", text)));
      box.append(list);
    }
    container.append(box);
    if (box.scrollIntoView) { box.scrollIntoView({ block: "nearest" }); }
  }

  // One request; a network failure throws. POSTs when a body is given.
  async function request(url, body) {
    const options = { credentials: "same-origin", headers: { "Accept": "application/json" } };
    if (body !== undefined) {
      options.method = "POST";
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(url, options);
    let data = null;
    try { data = await response.json(); } catch (error) { data = null; }
    return { status: response.status, ok: response.ok, body: data || {} };
  }

  // A GET for the signed-in area: null when it failed in a way already shown (offline, session ended, refused);
  // the statuses in `handled` are the caller's to show.
  async function load(url, handled = []) {
    let result;
    try {
      result = await request(url);
    } catch (error) {
      status("");
      showAlert($("leader-alert"), t("offline"));
      return null;
    }
    if (!user) { return null; }
    if (result.status === 401) {
      showSignIn(t("expired"), true);
      return null;
    }
    if (!result.ok && !handled.includes(result.status)) {
      status("");
      showAlert($("leader-alert"), result.body.message || t("failed"), result.body.errors);
      return null;
    }
    return result;
  }

  function downloadLinks(excelUrl, commaUrl, labels = [t("excel"), t("comma")]) {
    const links = [];
    [[excelUrl, labels[0]], [commaUrl, labels[1]]].forEach(([url, label]) => {
      const href = sameOrigin(url);
      if (!href) { return; }
      const link = element("a", label, "leader-download");
      link.href = href;
      link.setAttribute("download", "");
      links.push(link);
    });
    return links;
  }

  function emptyRow(columns, message) {
    const row = document.createElement("tr");
    const cell = element("td", message);
    cell.colSpan = columns;
    row.append(cell);
    return row;
  }

  // ---------- Field errors (sign-in and the hospitation forms) ----------

  // `fields` maps the API's field names to the ids of the inputs of `form`, in page order.
  function clearFieldErrors(form, fields) {
    form.querySelectorAll("[data-field-error]").forEach((note) => note.remove());
    form.querySelectorAll(".field--error").forEach((field) => field.classList.remove("field--error"));
    Object.values(fields).forEach((id) => {
      const input = $(id);
      input.removeAttribute("aria-invalid");
      const ids = (input.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && x !== id + "-error");
      if (ids.length) { input.setAttribute("aria-describedby", ids.join(" ")); } else { input.removeAttribute("aria-describedby"); }
    });
  }

  // Each field's error next to its field, described by it and marked invalid. Returns the first such input, and the
  // errors of fields that are not shown (those go in the alert).
  function markFieldErrors(fields, errors) {
    const rest = Object.assign({}, errors);
    let first = null;
    Object.keys(fields).forEach((name) => {
      const input = $(fields[name]);
      if (!errors[name] || input.closest("[hidden]")) { return; }
      delete rest[name];
      const note = element("p", null, "field__error");
      note.id = input.id + "-error";
      note.setAttribute("data-field-error", "");
      note.append(element("span", t("error") + ": ", "visually-hidden"), document.createTextNode(errors[name]));
      input.before(note);
      input.setAttribute("aria-invalid", "true");
      const ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      input.setAttribute("aria-describedby", ids.concat(note.id).join(" "));
      input.closest(".field").classList.add("field--error");
      first = first || input;
    });
    return { first: first, rest: rest };
  }

  // ---------- Sign in and out ----------

  // The message in the alert; each field's error next to its field (or in the alert if that field is not shown).
  function showSignInErrors(message, errors) {
    const marked = markFieldErrors(FIELDS, errors);
    showAlert($("signin-error"), message, marked.rest);
    if (marked.first) { marked.first.focus(); }
  }

  function resetSignIn() {
    challenge = null;
    clearFieldErrors($("signin-form"), FIELDS);
    showAlert($("signin-error"), "");
    ["signin-password", "signin-new-password", "signin-code"].forEach((id) => { $(id).value = ""; });
    $("signin-username").readOnly = false;
    $("signin-password-field").hidden = false;
    Object.values(CHALLENGES).forEach((id) => { $(id).hidden = true; });
    $("signin-restart").hidden = true;
  }

  function startChallenge(answer) {
    const field = CHALLENGES[answer.challenge];
    if (!field || !answer.session) {
      resetSignIn();
      showAlert($("signin-error"), t("failed"));
      return;
    }
    resetSignIn();
    challenge = { name: answer.challenge, session: answer.session };
    $("signin-username").readOnly = true;
    $("signin-password-field").hidden = true;
    $(field).hidden = false;
    $("signin-restart").hidden = false;
    $(field).querySelector("input").focus();
  }

  function clearData() {
    ["courses-table", "participants-table", "audit-table", "hospitations-table"].forEach((id) => $(id).tBodies[0].replaceChildren());
    ["courses-bars", "period-downloads", "participants-downloads", "hospitations-downloads", "evaluations-downloads"]
      .forEach((id) => $(id).replaceChildren());
    ["period-from", "period-to", "audit-month"].forEach((id) => { $(id).value = ""; });
    ["hospitations-status", "hospitations-unit"].forEach((id) => {
      const select = $(id);
      while (select.options.length > 1) { select.remove(1); }
      select.value = "";
    });
    clearFieldErrors($("hospitations-form"), FILTER_FIELDS);
    showAlert($("hospitations-error"), "");
    closeHospitation(false);
    showAlert($("leader-alert"), "");
  }

  function showSignIn(message, focus) {
    user = null;
    clearTimeout(expiryTimer);
    clearData();
    $("leader-area").hidden = true;
    resetSignIn();
    $("signin").hidden = false;
    status(message);
    if (focus) { $("signin-heading").focus(); }
  }

  function showSignedIn(me, focus) {
    user = me;
    resetSignIn();
    $("signin").hidden = true;
    const role = me.area_name ? me.role_label + ", " + me.area_name : me.role_label;
    $("leader-who").textContent = t("who", { name: me.name, role: role });
    showExpiry(me.expires_at);
    // A host unit sees hospitation requests only: its courses answer would be a 403, so it is not asked.
    const seesCourses = me.role !== "vertsenhet";
    $("courses").hidden = !seesCourses;
    $("courses-content").hidden = false;
    $("courses-message").hidden = true;
    $("participants").hidden = true;
    $("hospitations").hidden = false;
    $("audit").hidden = me.role !== "nettverksleder";
    $("leader-area").hidden = false;
    // /leder/#hospiteringer (the link in the host unit's emails): the section was hidden when the browser looked
    // for it, so go there now, and again once the courses above it have taken their room.
    const toHospitations = window.location.hash === HOSPITATIONS_ANCHOR;
    const heading = $("hospiteringer");
    if (toHospitations) { heading.focus(); } else if (focus) { $("leader-who").focus(); }
    const loads = [loadHospitations(!seesCourses)];
    if (seesCourses) { loads.push(loadCourses()); }
    if (toHospitations) {
      Promise.all(loads).then(() => {
        if (document.activeElement === heading && heading.scrollIntoView) { heading.scrollIntoView({ block: "start" }); }
      });
    }
    if (me.role === "nettverksleder") {
      $("audit-month").value = thisMonth();
      loadAudit();
    }
  }

  // When the session ends, ask the API once more (the clock may differ); a 401 brings back the sign-in form.
  function showExpiry(expiresAt) {
    clearTimeout(expiryTimer);
    $("leader-expires").textContent = expiresAt ? t("expires", { time: formatTime(expiresAt) }) : "";
    const wait = new Date(expiresAt).getTime() - Date.now();
    if (wait > 0 && wait < 2 ** 31 - 1) { expiryTimer = setTimeout(checkSession, wait + 1000); }
  }

  async function checkSession() {
    try {
      const result = await request(api + "/meg");
      if (result.status === 401) { showSignIn(t("expired"), true); } else if (result.ok && user) { showExpiry(result.body.expires_at); }
    } catch (error) {
      // Offline now: the next request says what happened.
    }
  }

  $("signin-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) { return; }
    const body = { username: $("signin-username").value.trim() };
    if (!challenge) {
      body.password = $("signin-password").value;
    } else if (challenge.name === "NEW_PASSWORD_REQUIRED") {
      Object.assign(body, { session: challenge.session, new_password: $("signin-new-password").value });
    } else {
      Object.assign(body, { session: challenge.session, code: $("signin-code").value.replace(/\s+/g, "") });
    }
    clearFieldErrors($("signin-form"), FIELDS);
    showAlert($("signin-error"), "");
    busy = true;
    $("signin-submit").setAttribute("aria-disabled", "true");
    status(t("signingIn"));
    let result = null;
    try {
      result = await request(api + "/innlogging", body);
    } catch (error) {
      showAlert($("signin-error"), t("offline"));
    }
    busy = false;
    $("signin-submit").removeAttribute("aria-disabled");
    status("");
    if (!result) { return; }
    if (result.ok && result.body.challenge) {
      startChallenge(result.body);
    } else if (result.ok && result.body.username) {
      showSignedIn(result.body, true);
    } else {
      showSignInErrors(result.body.message || t("failed"), result.body.errors || {});
    }
  });

  $("signin-restart").addEventListener("click", () => {
    resetSignIn();
    $("signin-username").focus();
  });

  $("signout").addEventListener("click", async () => {
    let result;
    try {
      result = await request(api + "/utlogging", {});
    } catch (error) {
      showAlert($("leader-alert"), t("offline"));
      return;
    }
    if (result.ok || result.status === 401) {
      showSignIn(t("signedOut"), true);
    } else {
      showAlert($("leader-alert"), result.body.message || t("failed"));
    }
  });

  // ---------- Courses, chart and participants ----------

  function courseRow(course) {
    const row = document.createElement("tr");
    const title = element("th", course.title);
    title.scope = "row";
    const cell = document.createElement("td");
    const lists = element("div", null, "leader-lists");
    cell.append(lists);
    const participantsUrl = sameOrigin(course.participants_url);
    if (participantsUrl) {
      const button = element("button", t("participants"), "button button--secondary button--small");
      button.type = "button";
      button.addEventListener("click", () => loadParticipants(participantsUrl, course));
      lists.append(button);
    }
    lists.append(...downloadLinks(course.csv_url, course.csv_comma_url));
    row.append(
      title,
      element("td", course.date_text),
      element("td", course.area_name || ""),
      element("td", course.capacity, "num"),
      element("td", course.confirmed, "num"),
      element("td", course.waiting, "num"),
      cell,
    );
    return row;
  }

  // A bar per course, measured against the larger of its seats and its sign-ups; a line marks the seats. The bar is
  // decoration: the numbers are in the text beside it and in the table.
  function courseBar(course) {
    const capacity = Math.max(0, Number(course.capacity) || 0);
    const confirmed = Math.max(0, Number(course.confirmed) || 0);
    const waiting = Math.max(0, Number(course.waiting) || 0);
    const scale = Math.max(capacity, confirmed + waiting, 1);
    const percent = (value) => (100 * value) / scale + "%";
    const bar = element("span", null, "chart__bar");
    bar.setAttribute("aria-hidden", "true");
    const filled = element("span", null, "chart__part chart__part--confirmed");
    filled.style.width = percent(confirmed);
    const queued = element("span", null, "chart__part chart__part--waiting");
    queued.style.width = percent(waiting);
    bar.append(filled, queued);
    if (capacity) {
      const seats = element("span", null, "chart__capacity");
      seats.style.left = percent(capacity);
      bar.append(seats);
    }
    const item = element("li", null, "chart__item");
    item.append(
      element("span", course.date_text ? course.title + ", " + course.date_text : course.title, "chart__title"),
      bar,
      element("span", t("chartNumbers", { confirmed: confirmed, waiting: waiting, capacity: capacity }), "chart__numbers"),
    );
    return item;
  }

  async function loadCourses() {
    const number = ++latest.courses;
    const query = new URLSearchParams();
    if ($("period-from").value) { query.set("fra", $("period-from").value); }
    if ($("period-to").value) { query.set("til", $("period-to").value); }
    showAlert($("leader-alert"), "");
    status(t("loadingCourses"));
    const result = await load(api + "/kurs" + (query.toString() ? "?" + query : ""), [403]);
    if (!result || number !== latest.courses) { return; }
    if (result.status === 403) {
      // A role that sees no courses (a host unit): say so, and show nothing else.
      $("courses-content").hidden = true;
      $("courses-message").textContent = result.body.message || t("failed");
      $("courses-message").hidden = false;
      status("");
      return;
    }
    const data = result.body;
    const courses = Array.isArray(data.courses) ? data.courses : [];
    $("period-from").value = data.from || "";
    $("period-to").value = data.to || "";
    $("courses-caption").textContent = t("coursesCaption", { from: formatDay(data.from), to: formatDay(data.to) });
    $("courses-table").tBodies[0].replaceChildren(...(courses.length ? courses.map(courseRow) : [emptyRow(7, t("noCourses"))]));
    $("courses-bars").replaceChildren(...courses.map(courseBar));
    $("courses-chart").hidden = !courses.length;
    $("period-downloads").replaceChildren(...downloadLinks(data.period_csv_url, data.period_csv_comma_url));
    status(courses.length ? t("coursesFound", { count: courses.length }) : t("noCourses"));
  }

  function participantRow(registration) {
    const row = document.createElement("tr");
    const name = element("th", registration.name);
    name.scope = "row";
    const place = registration.position
      ? t("position", { status: registration.status_label, position: registration.position })
      : registration.status_label;
    const email = document.createElement("td");
    if (registration.email) {
      const link = element("a", registration.email);
      link.href = "mailto:" + registration.email;
      email.append(link);
    }
    row.append(
      name,
      element("td", place),
      element("td", registration.workplace),
      element("td", registration.municipality),
      email,
      element("td", registration.phone),
      element("td", registration.created_text),
    );
    return row;
  }

  async function loadParticipants(url, course) {
    const number = ++latest.participants;
    showAlert($("leader-alert"), "");
    status(t("loadingParticipants"));
    const result = await load(url);
    if (!result || number !== latest.participants) { return; }
    const info = result.body.course || course;
    const registrations = Array.isArray(result.body.registrations) ? result.body.registrations : [];
    $("participants-heading").textContent = t("participants") + ": " + info.title;
    $("participants-caption").textContent = t("participantsCaption", { title: info.title, date: info.date_text });
    $("participants-downloads").replaceChildren(...downloadLinks(info.csv_url, info.csv_comma_url));
    $("participants-table").tBodies[0].replaceChildren(
      ...(registrations.length ? registrations.map(participantRow) : [emptyRow(7, t("noParticipants"))]),
    );
    $("participants").hidden = false;
    $("participants-heading").focus();
    status(registrations.length ? t("participantsFound", { count: registrations.length }) : t("noParticipants"));
  }

  $("period-form").addEventListener("submit", (event) => {
    event.preventDefault();
    loadCourses();
  });

  // ---------- Hospitation requests ----------

  function hospitationFilters() {
    return { status: $("hospitations-status").value, enhet: $("hospitations-unit").value };
  }

  // A same-origin URL with the given query parameters (empty ones left out); null for any other origin.
  function withQuery(url, params) {
    const href = sameOrigin(url);
    if (!href) { return null; }
    const parsed = new URL(href);
    Object.keys(params).forEach((name) => { if (params[name]) { parsed.searchParams.set(name, params[name]); } });
    return parsed.href;
  }

  // The choices the API sends, after the page's own first option ("all"); the chosen one stays chosen.
  function fillOptions(select, choices, label, chosen) {
    while (select.options.length > 1) { select.remove(1); }
    (Array.isArray(choices) ? choices : []).forEach((choice) => {
      const option = element("option", choice[label]);
      option.value = choice.id;
      select.append(option);
    });
    select.value = chosen;
    if (select.value !== chosen) { select.value = ""; }
  }

  function hospitationRow(item) {
    const row = document.createElement("tr");
    const name = element("th", item.name);
    name.scope = "row";
    const cell = document.createElement("td");
    const url = sameOrigin(item.url);
    if (url) {
      const button = element("button", t("openRequest"), "button button--secondary button--small");
      button.type = "button";
      button.setAttribute("aria-label", t("openRequestFrom", { name: item.name }));
      button.dataset.request = item.id;
      button.addEventListener("click", () => openHospitation(url));
      cell.append(button);
    }
    row.append(
      name,
      element("td", item.workplace),
      element("td", item.status_label),
      element("td", item.host_unit_name),
      element("td", item.wishes_text),
      element("td", item.days_text || "–"),
      element("td", item.created_text),
      cell,
    );
    return row;
  }

  // The list for the chosen status and host unit, with its downloads. `announce`: say in the live region how many.
  async function loadHospitations(announce) {
    const number = ++latest.hospitations;
    const filters = hospitationFilters();
    const query = new URLSearchParams();
    Object.keys(filters).forEach((name) => { if (filters[name]) { query.set(name, filters[name]); } });
    clearFieldErrors($("hospitations-form"), FILTER_FIELDS);
    showAlert($("hospitations-error"), "");
    if (announce) { status(t("loadingHospitations")); }
    const result = await load(api + "/hospiteringer" + (query.toString() ? "?" + query : ""), [422]);
    if (!result || number !== latest.hospitations) { return; }
    if (result.status === 422) {
      status("");
      const marked = markFieldErrors(FILTER_FIELDS, result.body.errors || {});
      showAlert($("hospitations-error"), result.body.message || t("failed"), result.body.errors);
      if (marked.first) { marked.first.focus(); }
      return;
    }
    const data = result.body;
    const requests = Array.isArray(data.requests) ? data.requests : [];
    fillOptions($("hospitations-status"), data.statuses, "label", filters.status);
    fillOptions($("hospitations-unit"), data.units, "name", filters.enhet);
    // One host unit to choose from (a host unit's own): nothing to filter on.
    $("hospitations-unit-field").hidden = $("hospitations-unit").options.length < 3 && !filters.enhet;
    $("hospitations-caption").textContent = t("hospitationsCaption", { count: requests.length });
    $("hospitations-table").tBodies[0].replaceChildren(
      ...(requests.length ? requests.map(hospitationRow) : [emptyRow(8, t("noHospitations"))]),
    );
    $("hospitations-downloads").replaceChildren(...downloadLinks(
      withQuery(data.csv_url, filters),
      withQuery(data.csv_url, Object.assign({}, filters, { format: "komma" })),
      [t("requestsExcel"), t("requestsComma")],
    ));
    $("evaluations-downloads").replaceChildren(...downloadLinks(
      withQuery(data.evaluations_csv_url, {}),
      withQuery(data.evaluations_csv_url, { format: "komma" }),
      [t("evaluationsExcel"), t("evaluationsComma")],
    ));
    if (announce) { status(requests.length ? t("hospitationsFound", { count: requests.length }) : t("noHospitations")); }
  }

  $("hospitations-form").addEventListener("submit", (event) => {
    event.preventDefault();
    loadHospitations(true);
  });

  // One fact of the request: a term and its text (or a node, such as a link); nothing when there is no value.
  function fact(list, key, value) {
    if (value == null || value === "") { return; }
    const details = element("dd", typeof value === "object" ? null : value);
    if (typeof value === "object") { details.append(value); }
    list.append(element("dt", t(key)), details);
  }

  function mailLink(address) {
    const link = element("a", address);
    link.href = "mailto:" + address;
    return link;
  }

  function leaderFact(item) {
    if (!item.leader_email) { return item.leader_name; }
    const part = document.createDocumentFragment();
    part.append(document.createTextNode((item.leader_name || "") + " ("), mailLink(item.leader_email), document.createTextNode(")"));
    return part;
  }

  function resetForm(form, fields, box) {
    clearFieldErrors(form, fields);
    showAlert(box, "");
  }

  // Fill the details panel from the request; its forms as the request now allows. Typed-in values stay unless
  // `fresh` (another request, or an answer that has been sent).
  function showHospitation(item, fresh) {
    current = item;
    $("hospitation-detail-heading").textContent = t("detailHeading", { name: item.name });
    $("hospitation-detail-done").hidden = true;
    const facts = $("hospitation-facts");
    facts.replaceChildren();
    fact(facts, "factStatus", item.status_label);
    fact(facts, "factWorkplace", item.workplace);
    fact(facts, "factMunicipality", item.municipality);
    fact(facts, "factArea", item.area_name);
    fact(facts, "factEmail", item.email ? mailLink(item.email) : "");
    fact(facts, "factPhone", item.phone);
    fact(facts, "factLeader", leaderFact(item));
    fact(facts, "factHost", item.host_unit_name);
    fact(facts, "factWishes", item.wishes_text);
    fact(facts, "factDays", item.days_text);
    fact(facts, "factMeeting", item.meeting_time ? item.meeting_time.replace(":", ".") : "");
    fact(facts, "factMessage", item.host_message);
    fact(facts, "factReason", item.decline_reason);
    fact(facts, "factGoals", item.goals);
    fact(facts, "factReceived", item.created_text);
    fact(facts, "factLearned", item.learned);
    fact(facts, "factRecommend", item.recommend_label);
    fact(facts, "factChange", item.change);

    const moving = item.status === "confirmed";
    $("confirm-heading").textContent = t(moving ? "moveTitle" : "confirmTitle");
    $("confirm-submit").textContent = t(moving ? "moveButton" : "confirmButton");
    $("confirm-form").hidden = !item.can_answer;
    $("decline-form").hidden = !item.can_decline;
    $("erase-part").hidden = !item.can_erase;
    $("erase-confirm").hidden = true;
    showAlert($("erase-error"), "");
    if (fresh) {
      resetForm($("confirm-form"), CONFIRM_FIELDS, $("confirm-error"));
      resetForm($("decline-form"), DECLINE_FIELDS, $("decline-error"));
      $("confirm-first-day").value = item.first_day || "";
      $("confirm-last-day").value = item.last_day || "";
      $("confirm-meeting-time").value = item.meeting_time || "";
      $("confirm-message").value = item.host_message || "";
      $("decline-reason").value = "";
    }
    ["confirm-first-day", "confirm-last-day"].forEach((id) => { $(id).min = today(); });
  }

  async function openHospitation(url) {
    const number = ++latest.hospitation;
    showAlert($("hospitations-error"), "");
    status(t("loadingHospitation"));
    const result = await load(url, [403, 404]);
    if (!result || number !== latest.hospitation) { return; }
    if (!result.ok) {
      // Erased or out of reach since the list was read: say so, and show the list as it is now.
      status("");
      showAlert($("hospitations-error"), result.body.message || t("failed"));
      loadHospitations(false);
      return;
    }
    showAlert($("hospitation-detail-alert"), "");
    showHospitation(result.body, true);
    $("hospitation-detail").hidden = false;
    $("hospitation-detail-heading").focus();
    status("");
  }

  // Close the panel; focus goes back to the request's button in the list (or to the section's heading).
  function closeHospitation(focus) {
    const id = current && current.id;
    current = null;
    latest.hospitation++;
    $("hospitation-detail").hidden = true;
    $("hospitation-facts").replaceChildren();
    showAlert($("hospitation-detail-alert"), "");
    if (!focus) { return; }
    const opener = Array.from($("hospitations-table").querySelectorAll("button[data-request]"))
      .find((button) => button.dataset.request === id);
    (opener || $("hospiteringer")).focus();
  }

  $("hospitation-close").addEventListener("click", () => closeHospitation(true));

  // The open request again, after someone else changed it: shown as it is now, with why.
  async function reloadHospitation(message) {
    const url = current && sameOrigin(current.url);
    if (!url) { return; }
    const result = await load(url, [403, 404]);
    if (!result) { return; }
    if (!result.ok) {
      closeHospitation(false);
      showAlert($("hospitations-error"), result.body.message || message);
      $("hospiteringer").focus();
    } else {
      showHospitation(result.body, true);
      showAlert($("hospitation-detail-alert"), message, { reloaded: t("reloaded") });
      $("hospitation-detail-heading").focus();
    }
    loadHospitations(false);
  }

  // Send the host's answer (dates, or a no) for the open request. Errors go next to their fields and in the form's
  // alert; if someone else changed the request meanwhile, it is shown anew.
  async function answer(path, body, form, fields, box, button, done) {
    const url = current && sameOrigin(current.url);
    if (sending || !url) { return; }
    resetForm(form, fields, box);
    showAlert($("hospitation-detail-alert"), "");
    sending = true;
    button.setAttribute("aria-disabled", "true");
    status(t("sending"));
    let result = null;
    try {
      result = await request(url + path, Object.assign({ version: current.version }, body));
    } catch (error) {
      showAlert(box, t("offline"));
    }
    sending = false;
    button.removeAttribute("aria-disabled");
    status("");
    if (!result || !user) { return; }
    if (result.status === 401) {
      showSignIn(t("expired"), true);
    } else if (result.ok && result.body.id) {
      showHospitation(result.body, true);
      $("hospitation-detail-done").textContent = done;
      $("hospitation-detail-done").hidden = false;
      $("hospitation-detail-done").focus();
      loadHospitations(false);
    } else if (result.status === 409 || result.status === 404) {
      reloadHospitation(result.body.message || t("failed"));
    } else {
      const errors = result.body.errors || {};
      const marked = markFieldErrors(fields, errors);
      showAlert(box, result.body.message || t("failed"), errors);
      if (marked.first) { marked.first.focus(); }
    }
  }

  $("confirm-form").addEventListener("submit", (event) => {
    event.preventDefault();
    answer("/bekreft", {
      first_day: $("confirm-first-day").value,
      last_day: $("confirm-last-day").value,
      meeting_time: $("confirm-meeting-time").value,
      message: $("confirm-message").value,
    }, $("confirm-form"), CONFIRM_FIELDS, $("confirm-error"), $("confirm-submit"), t("confirmed"));
  });

  $("decline-form").addEventListener("submit", (event) => {
    event.preventDefault();
    answer("/avslag", { reason: $("decline-reason").value }, $("decline-form"), DECLINE_FIELDS, $("decline-error"),
      $("decline-submit"), t("declined"));
  });

  // Erasure (the network leader): asked once more on the page, then for good.
  $("erase-start").addEventListener("click", () => {
    if (!current) { return; }
    showAlert($("erase-error"), "");
    $("erase-question").textContent = t("eraseQuestion", { name: current.name });
    $("erase-confirm").hidden = false;
    $("erase-question").focus();
  });

  $("erase-no").addEventListener("click", () => {
    $("erase-confirm").hidden = true;
    $("erase-start").focus();
  });

  $("erase-yes").addEventListener("click", async () => {
    const url = current && sameOrigin(current.url);
    if (sending || !url) { return; }
    sending = true;
    $("erase-yes").setAttribute("aria-disabled", "true");
    status(t("sending"));
    let result = null;
    try {
      result = await request(url + "/sletting", {});
    } catch (error) {
      showAlert($("erase-error"), t("offline"));
    }
    sending = false;
    $("erase-yes").removeAttribute("aria-disabled");
    status("");
    if (!result || !user) { return; }
    if (result.status === 401) {
      showSignIn(t("expired"), true);
    } else if (result.ok || result.status === 404) {
      closeHospitation(false);
      $("hospiteringer").focus();
      status(t("erased"));
      loadHospitations(false);
    } else {
      showAlert($("erase-error"), result.body.message || t("failed"));
      $("erase-question").focus();
    }
  });

  // ---------- Audit log (network leader only) ----------

  const auditCaption = $("audit-caption").textContent;

  async function loadAudit() {
    const number = ++latest.audit;
    const month = $("audit-month").value.trim();
    showAlert($("leader-alert"), "");
    status(t("loadingAudit"));
    const result = await load(api + "/revisjon" + (month ? "?maned=" + encodeURIComponent(month) : ""));
    if (!result || number !== latest.audit) { return; }
    const data = result.body;
    const entries = Array.isArray(data.entries) ? data.entries : [];
    if (data.month) { $("audit-month").value = data.month; }
    $("audit-caption").textContent = data.month ? auditCaption + ", " + formatMonth(data.month) : auditCaption;
    $("audit-table").tBodies[0].replaceChildren(...(entries.length ? entries.map((entry) => {
      const row = document.createElement("tr");
      const time = element("td");
      const stamp = element("time", entry.at_text || formatTime(entry.at));
      if (entry.at) { stamp.dateTime = entry.at; }
      time.append(stamp);
      row.append(
        time,
        element("td", entry.actor),
        element("td", entry.action_label || entry.action),
        element("td", entry.subject || "–"),
        element("td", entry.rows == null ? "–" : entry.rows, "num"),
      );
      return row;
    }) : [emptyRow(5, t("noAudit"))]));
    status(entries.length ? t("auditFound", { count: entries.length }) : t("noAudit"));
  }

  $("audit-form").addEventListener("submit", (event) => {
    event.preventDefault();
    loadAudit();
  });

  // ---------- Start: signed in already? ----------

  (async function start() {
    status(t("checking"));
    let result;
    try {
      result = await request(api + "/meg");
    } catch (error) {
      showSignIn("", false);
      showAlert($("signin-error"), t("offline"));
      return;
    }
    if (result.ok && result.body.username) {
      status("");
      showSignedIn(result.body, false);
      return;
    }
    showSignIn("", false);
    if (result.status !== 401) { showAlert($("signin-error"), result.body.message || t("failed")); }
  })();
})();
