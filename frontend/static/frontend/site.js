/* Décidons · small progressive enhancements. Every page works without this file.

   data-confirm="Question ?" on a <form>, or on a submit button, asks before submitting
   (used for irreversible steps; kept out of the HTML so the CSP needs no inline script). */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var question = (button && button.getAttribute("data-confirm")) ||
      form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  /* A link with data-print prints the page (without JavaScript it reloads the same page,
     which the browser's own Print command prints the same way). */
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-print]");
    if (link) {
      event.preventDefault();
      window.print();
    }
  });

  /* A knapsack or points ballot (a form with data-live-total) shows its running total as the
     voter ticks projects or types points, announced to screen readers (role="status"). The
     texts come translated from the page; the server still checks every ballot. */
  function euros(cents) {
    var whole = Math.floor(Math.abs(cents) / 100).toString()
      .replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
    var rest = Math.abs(cents) % 100;
    return (cents < 0 ? "-" : "") + whole +
      (rest ? "," + (rest < 10 ? "0" : "") + rest : "") + "\u00a0€";
  }

  function liveTotal(form) {
    var kind = form.getAttribute("data-live-total");
    var limit = parseInt(form.getAttribute("data-limit"), 10) || 0;
    var show = kind === "knapsack" ? euros : function (n) { return String(n); };
    var output = document.createElement("p");
    output.className = "ballot-total";
    output.id = "ballot-total";
    output.setAttribute("role", "status");
    output.setAttribute("aria-live", "polite");
    var actions = form.querySelector(".form-actions");
    form.insertBefore(output, actions);

    function update() {
      var used = 0;
      if (kind === "knapsack") {
        form.querySelectorAll("input[data-cost]:checked").forEach(function (box) {
          used += parseInt(box.getAttribute("data-cost"), 10) || 0;
        });
      } else {
        form.querySelectorAll("input[name^='points_']").forEach(function (input) {
          var points = parseInt(input.value, 10);
          if (points > 0) { used += points; }
        });
      }
      var over = used > limit;
      var text = form.getAttribute(over ? "data-over-text" : "data-text");
      output.textContent = text.replace("{used}", show(used)).replace("{limit}", show(limit))
        .replace("{left}", show(limit - used)).replace("{over}", show(used - limit));
      output.classList.toggle("ballot-total--over", over);
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-live-total]").forEach(liveTotal);
  });

  /* A person picker (frontend/people.py) searches as one types: the form is posted in the
     background with the picker's « Chercher » button, as the button itself does without
     JavaScript, and the picker's results on the page that comes back replace the shown ones.
     The server decides who is offered; only the form's own button saves. */
  function pickerSearch(picker) {
    var form = picker.closest("form");
    var button = picker.querySelector("button[name$='__search']");
    if (!form || !button) { return; }
    var data = new FormData(form);
    data.append(button.name, button.value);
    var asked = (picker.pickerAsked || 0) + 1;
    picker.pickerAsked = asked;
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html || asked !== picker.pickerAsked) { return; }  // a later search is coming
        var page = new DOMParser().parseFromString(html, "text/html");
        var name = picker.getAttribute("data-person-picker");
        var found = null;
        page.querySelectorAll("[data-person-picker]").forEach(function (other) {
          if (other.getAttribute("data-person-picker") === name) {
            found = other.querySelector("[data-person-results]");
          }
        });
        var shown = picker.querySelector("[data-person-results]");
        if (found && shown) { shown.replaceWith(document.importNode(found, true)); }
      })
      .catch(function () { /* the « Chercher » button still works */ });
  }

  document.addEventListener("input", function (event) {
    var box = event.target;
    var picker = box.closest && box.closest("[data-person-picker]");
    if (!picker || box.type !== "search") { return; }
    window.clearTimeout(picker.pickerTimer);
    picker.pickerTimer = window.setTimeout(function () {
      if (box.value.trim().length >= 2) { pickerSearch(picker); }
    }, 350);
  });

  /* After a redirect with a message, move focus to it so screen-reader users hear it. */
  document.addEventListener("DOMContentLoaded", function () {
    var message = document.querySelector(".messages .message--error, .form-errors");
    if (message) {
      message.setAttribute("tabindex", "-1");
      message.focus({ preventScroll: false });
    }
  });
})();
