// Small progressive enhancements; every page works without them.
(function () {
  "use strict";

  // A double click must not send a form twice: the first submit disables the buttons. The
  // clicked button's name/value is copied into a hidden input, since disabled buttons are
  // not sent.
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
      var button = event.submitter;
      if (button && button.name) {
        var carried = document.createElement("input");
        carried.type = "hidden";
        carried.name = button.name;
        carried.value = button.value;
        form.appendChild(carried);
      }
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      window.removeEventListener("beforeunload", warnUnsaved);
    });
  });

  // Leaving a questionnaire with unsaved changes asks first.
  var questionnaire = document.querySelector("form.questionnaire");
  var dirty = false;
  function warnUnsaved(event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  }
  if (questionnaire) {
    questionnaire.addEventListener("input", function () { dirty = true; });
    questionnaire.addEventListener("change", function () { dirty = true; });
    window.addEventListener("beforeunload", warnUnsaved);
  }
})();
