// Enhances the sign-up form: sends JSON, shows errors inline without a page load, moves focus to the summary.
// Without JavaScript the form posts as usual and the server answers with the same messages.
(function () {
  "use strict";

  function fieldId(name) {
    return "felt-" + name.replace(/_/g, "-");
  }

  function clearErrors(form) {
    form.querySelectorAll("[data-field-error]").forEach(function (el) { el.remove(); });
    form.querySelectorAll(".field--error").forEach(function (el) { el.classList.remove("field--error"); });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    var summary = form.querySelector("[data-error-summary]");
    if (summary) { summary.remove(); }
  }

  function showErrors(form, message, errors) {
    clearErrors(form);
    var summary = document.createElement("div");
    summary.className = "error-summary";
    summary.id = "feiloppsummering";
    summary.setAttribute("role", "alert");
    summary.setAttribute("tabindex", "-1");
    summary.setAttribute("data-error-summary", "");
    var heading = document.createElement("h2");
    var names = Object.keys(errors || {}).filter(function (name) { return name; });
    heading.textContent = names.length
      ? form.dataset.textErrors.replace("{count}", names.length)
      : form.dataset.textRefused;
    summary.appendChild(heading);
    if (names.length) {
      var list = document.createElement("ul");
      names.forEach(function (name) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = "#" + fieldId(name);
        link.textContent = errors[name];
        item.appendChild(link);
        list.appendChild(item);
        var wrapper = form.querySelector('[data-field="' + name + '"]');
        if (!wrapper) { return; }
        wrapper.classList.add("field--error");
        var text = document.createElement("p");
        text.className = "field__error";
        text.id = fieldId(name) + "-feil";
        text.setAttribute("data-field-error", "");
        var hidden = document.createElement("span");
        hidden.className = "visually-hidden";
        hidden.textContent = form.dataset.textError + ": ";
        text.appendChild(hidden);
        text.appendChild(document.createTextNode(errors[name]));
        var label = wrapper.querySelector("legend, label.field__label, .field__hint");
        var anchor = wrapper.querySelector(".field__hint") || label;
        if (anchor && anchor.parentNode === wrapper) {
          anchor.insertAdjacentElement("afterend", text);
        } else {
          (wrapper.querySelector("fieldset") || wrapper).insertBefore(text, (wrapper.querySelector("fieldset") || wrapper).children[1] || null);
        }
        wrapper.querySelectorAll("input, select, textarea").forEach(function (input) {
          input.setAttribute("aria-invalid", "true");
          var ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
          if (ids.indexOf(text.id) < 0) { ids.push(text.id); }
          input.setAttribute("aria-describedby", ids.join(" "));
        });
      });
      summary.appendChild(list);
    } else {
      var paragraph = document.createElement("p");
      paragraph.textContent = message;
      summary.appendChild(paragraph);
    }
    form.insertBefore(summary, form.firstChild);
    summary.focus();
  }

  function payload(form) {
    var data = {};
    new FormData(form).forEach(function (value, key) { data[key] = value; });
    return data;
  }

  // Seats left, from a small cached endpoint that reads the table: "12 av 30 plasser ledige", or full, or closed.
  // The table decides, not the page's last build: past the deadline (or cancelled) the form is hidden at once. Without
  // it the form works the same, and the server refuses a closed course's sign-up with the same words.
  document.querySelectorAll("[data-seats]").forEach(function (element) {
    if (!window.fetch) { return; }
    fetch(element.getAttribute("data-seats"), { headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (seats) {
        if (!seats) { return; }
        if (seats.text) { element.textContent = seats.text; }
        if (seats.open === false) {
          var section = element.closest("section") || document;
          section.querySelectorAll("[data-signup-form]").forEach(function (form) { form.hidden = true; });
        }
      })
      .catch(function () { /* the page works without it */ });
  });

  function newFormToken() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    if (window.crypto && window.crypto.getRandomValues) {
      return Array.prototype.map.call(window.crypto.getRandomValues(new Uint8Array(16)), function (b) {
        return ("0" + b.toString(16)).slice(-2);
      }).join("");
    }
    return "";
  }

  document.querySelectorAll("form[data-signup-form]").forEach(function (form) {
    // One token per filled-in form: sending it twice (a double click, a retry) gives the first answer again.
    var token = form.querySelector("[data-form-token]");
    if (token && !token.value) { token.value = newFormToken(); }
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.JSON) { return; }
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; }
      fetch(form.action, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify(payload(form)),
        credentials: "same-origin"
      }).then(function (response) {
        return response.json().then(function (body) { return { status: response.status, body: body }; });
      }).then(function (result) {
        if (result.status >= 200 && result.status < 300 && result.body.receipt_url) {
          window.location.assign(result.body.receipt_url);
          return;
        }
        if (button) { button.disabled = false; }
        // Sent too soon, or without a start (js/form_guard.js): the answer has one to send it with next time.
        var stamp = form.querySelector("[data-form-stamp]");
        if (stamp && result.body.form_started) { stamp.value = result.body.form_started; }
        showErrors(form, result.body.message || form.dataset.textFailed, result.body.errors || {});
      }).catch(function () {
        // The network or the answer failed: let the browser post the form the ordinary way.
        form.submit();
      });
    });
  });
})();
