// Enhances the roster's change report form: once a kind of change is chosen, the sections that do not apply to it
// are hidden (the hidden attribute), and those that do are shown. Nothing is hidden before a kind is chosen, and no
// field leaves the page: without JavaScript every section is shown, each under a legend that says when it applies.
// Sending the form is js/signup.js's job.
(function () {
  "use strict";

  document.querySelectorAll("form[data-roster-form]").forEach(function (form) {
    var kinds = form.querySelectorAll('input[type="radio"][name="kind"]');
    var sections = form.querySelectorAll("[data-roster-section]");

    function chosen() {
      for (var i = 0; i < kinds.length; i += 1) {
        if (kinds[i].checked) { return kinds[i].value; }
      }
      return "";
    }

    function update() {
      var kind = chosen();
      sections.forEach(function (section) {
        var applies = !kind || section.getAttribute("data-roster-section").split(" ").indexOf(kind) >= 0;
        section.hidden = !applies;
      });
    }

    kinds.forEach(function (radio) { radio.addEventListener("change", update); });
    update(); // a kind already chosen: the page came back with errors, or the browser restored the form
  });
})();
