// The exports page: while a workbook is being prepared, the list of recent workbooks is
// fetched again every few seconds and put in place of the old one, so that it follows the
// export while the request form above it keeps what was typed. Without this script the
// list's "Refresh the list" link reloads the whole page.
(function () {
  "use strict";

  var EVERY = 3000;
  var LIST = "recent-workbooks";
  var timer = null;

  function list() {
    return document.getElementById(LIST);
  }

  function schedule() {
    var current = list();
    if (timer !== null || !current || !current.hasAttribute("data-pending")) { return; }
    timer = window.setTimeout(function () {
      timer = null;
      refresh(false);
    }, EVERY);
  }

  function refresh(asked) {
    var current = list();
    if (!current) { return; }
    // Not while the page is hidden, nor under the reader's hands (a focused button would
    // be replaced): the next round.
    if (!asked && (document.hidden || current.contains(document.activeElement))) {
      schedule();
      return;
    }
    fetch(current.getAttribute("data-refresh"), {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "text/html" }
    }).then(function (response) {
      // An error answer (a restart behind a proxy: 502) is not the end: try again later,
      // or, asked by the reader, load the page as the link says.
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.text();
    }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(LIST);
      // No list in the answer (signed out meanwhile: the sign-in page came back): stop,
      // or, asked, go where the link goes (the sign-in page says why).
      if (!fresh) {
        if (asked) { window.location.assign(current.querySelector("[data-refresh-now]").href); }
        return;
      }
      var replaced = list();
      if (!replaced) { return; }
      fresh = document.importNode(fresh, true);
      replaced.replaceWith(fresh);
      var link = fresh.querySelector("[data-refresh-now]");
      if (asked && link) { link.focus(); }
      schedule();
    }).catch(function () {
      var link = current.querySelector("[data-refresh-now]");
      if (asked && link) {
        window.location.assign(link.href);
      } else {
        schedule(); // the network or the server failed this time: try again later
      }
    });
  }

  // The link refreshes the list alone, not the page (and the form with it).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-refresh-now]");
    if (!link || !list()) { return; }
    event.preventDefault();
    refresh(true);
  });

  schedule();
})();
