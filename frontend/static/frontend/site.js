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

  /* After a redirect with a message, move focus to it so screen-reader users hear it. */
  document.addEventListener("DOMContentLoaded", function () {
    var message = document.querySelector(".messages .message--error, .form-errors");
    if (message) {
      message.setAttribute("tabindex", "-1");
      message.focus({ preventScroll: false });
    }
  });
})();
