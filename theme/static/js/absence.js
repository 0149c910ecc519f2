// The absence form on a local meeting's page (partials/absence_form.html): sends JSON, shows errors at the fields and
// in a summary, and the receipt in the form's place. Without JavaScript the form posts and the server answers with a
// page. The texts are the form's data-text-*.
(function () {
  "use strict";

  var form = document.querySelector("form[data-absence-form]");
  if (!form || !window.fetch) { return; }
  var texts = form.dataset;

  function node(tag, text, className) {
    var element = document.createElement(tag);
    if (className) { element.className = className; }
    if (text != null) { element.textContent = text; }
    return element;
  }

  function describedBy(input, ids) {
    if (ids.length) { input.setAttribute("aria-describedby", ids.join(" ")); } else { input.removeAttribute("aria-describedby"); }
  }

  function clearErrors() {
    form.querySelectorAll("[data-field-error], [data-error-summary]").forEach(function (element) { element.remove(); });
    form.querySelectorAll("[data-field]").forEach(function (wrapper) {
      var input = wrapper.querySelector("input, textarea");
      wrapper.classList.remove("field--error");
      input.removeAttribute("aria-invalid");
      describedBy(input, (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && id !== input.id + "-feil";
      }));
    });
  }

  // Each error at its field (before the input) and linked from a summary on top, which takes focus.
  function showErrors(message, errors) {
    clearErrors();
    var summary = node("div", null, "error-summary");
    summary.id = "fravaer-feil";
    summary.setAttribute("role", "alert");
    summary.setAttribute("tabindex", "-1");
    summary.setAttribute("data-error-summary", "");
    var list = node("ul");
    Object.keys(errors).forEach(function (name) {
      var wrapper = form.querySelector('[data-field="' + name + '"]');
      var input = wrapper && wrapper.querySelector("input, textarea");
      var item = node("li", input ? null : errors[name]);
      if (input) {
        var note = node("p", null, "field__error");
        note.id = input.id + "-feil";
        note.setAttribute("data-field-error", "");
        note.append(node("span", texts.textError + ": ", "visually-hidden"), errors[name]);
        input.before(note);
        input.setAttribute("aria-invalid", "true");
        describedBy(input, (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean).concat(note.id));
        wrapper.classList.add("field--error");
        var link = node("a", errors[name]);
        link.href = "#" + input.id;
        item.append(link);
      }
      list.append(item);
    });
    var count = list.children.length;
    summary.append(node("h3", count ? texts.textErrors.replace("{count}", count) : texts.textRefused));
    summary.append(count ? list : node("p", message));
    form.prepend(summary);
    summary.focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button.getAttribute("aria-disabled")) { return; }
    button.setAttribute("aria-disabled", "true");
    var body = {};
    new FormData(form).forEach(function (value, key) { body[key] = value; });
    fetch(form.action, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, body: data || {} }; });
    }).then(function (result) {
      button.removeAttribute("aria-disabled");
      if (!result.ok) {
        var stamp = form.querySelector("[data-form-stamp]"); // sent too soon: a start to send it with next time
        if (stamp && result.body.form_started) { stamp.value = result.body.form_started; }
        showErrors(result.body.message || texts.textFailed, result.body.errors || {});
        return;
      }
      var receipt = node("div", null, "receipt");
      receipt.setAttribute("tabindex", "-1");
      receipt.append(node("h3", texts.textDoneTitle), node("p", texts.textDone));
      form.replaceWith(receipt);
      receipt.focus();
    }).catch(function () {
      form.submit(); // the network or the answer failed: post the form the ordinary way
    });
  });
})();
