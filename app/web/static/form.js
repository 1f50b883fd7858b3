// The questionnaire page, live: show and hide questions as answers change, compute values,
// check answers inline, count characters, save in the background, and keep unsaved input in
// this tab until the server has it. The server decides everything again on save: nothing
// here is trusted, and without this file the page still works (every button saves and the
// page comes back with the logic applied).
(function () {
  "use strict";

  var form = document.querySelector("form.questionnaire");
  var dataElement = document.getElementById("form-data");
  if (!form || !dataElement || !window.ShuraExpressions) { return; }
  var data = JSON.parse(dataElement.textContent);
  var messages = data.messages;
  var submissionId = form.dataset.submission;
  var stashKey = "shura:unsaved:" + submissionId;
  var versionInput = form.querySelector("input[name=loaded_version]");
  var statusElement = form.querySelector("[data-autosave-status]");
  var OWN_FIELDS = { csrf_token: 1, loaded_version: 1, section: 1, intent: 1 };
  var AUTOSAVE_DELAY = 3000;

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function boxOf(name) {
    return form.querySelector('[data-path="' + name.replace(/"/g, "") + '"]');
  }

  // --- the answers as the server stores them, read from the form

  function readValue(kind, elements) {
    if (kind === "codes" || kind === "ranking") {
      var list = [];
      elements.forEach(function (el) {
        if ((el.type === "checkbox" && el.checked) || (el.tagName === "SELECT" && el.value)) {
          if (list.indexOf(el.value) < 0) { list.push(el.value); }
        }
      });
      return list.length ? list : null;
    }
    var value = null;
    elements.forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.checked) { value = el.value; }
      } else if (el.type !== "file") {
        value = el.value.trim() === "" ? null : el.value;
      }
    });
    if (value !== null && kind === "number") {
      var number = Number(value.replace(",", "."));
      return isFinite(number) && value.trim() !== "" ? number : value;
    }
    return value;
  }

  function setPath(answers, steps, value) {
    var current = answers;
    for (var i = 0; i < steps.length - 1; i += 1) {
      var step = steps[i];
      var next = steps[i + 1];
      if (current[step] === undefined) { current[step] = typeof next === "number" ? [] : {}; }
      current = current[step];
    }
    var last = steps[steps.length - 1];
    if (value === undefined) {
      if (current[last] === undefined) { current[last] = {}; }
    } else if (value !== null) {
      current[last] = value;
    }
  }

  function parsePath(name) {
    return name.split("-").map(function (part, index) { return index % 2 ? Number(part) : part; });
  }

  function collectAnswers() {
    var byName = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || OWN_FIELDS[el.name] || el.disabled) { return; }
      (byName[el.name] = byName[el.name] || []).push(el);
    });
    var answers = {};
    Object.keys(byName).forEach(function (name) {
      var steps = parsePath(name);
      if (steps[steps.length - 1] === "entry_key") {
        setPath(answers, steps.slice(0, -1), undefined);  // a repeat item, maybe blank
        return;
      }
      var box = boxOf(name);
      var kind = box ? box.dataset.kind : "text";
      setPath(answers, steps, readValue(kind, byName[name]));
    });
    form.querySelectorAll("[data-calculation]").forEach(function (box) {
      var output = box.querySelector("[data-output]");
      if (output && output.value !== "") { setPath(answers, parsePath(box.dataset.path), output.value); }
    });
    return answers;
  }

  // --- the logic

  function evaluate(expression, answers, box, current, choice) {
    var options = { scopes: data.scopes, context: JSON.parse(box.dataset.context || "[]") };
    if (choice) { options.choice = choice; }
    try {
      return window.ShuraExpressions.evaluate(expression, answers, current, options);
    } catch (error) {
      return null;  // the server reports it; the page keeps showing what it showed
    }
  }

  function truthy(value) {
    return value === true || (typeof value === "number" && value !== 0) ||
      (typeof value === "string" && value !== "" && value !== "NaN" && value !== "false");
  }

  function currentValue(box, answers) {
    var steps = parsePath(box.dataset.path);
    var value = answers;
    for (var i = 0; i < steps.length && value !== undefined && value !== null; i += 1) {
      value = value[steps[i]];
    }
    return value === undefined ? null : value;
  }

  function applyLogic() {
    // Calculations first (relevance may depend on them), then relevance, then the rest.
    // A calculation may use another computed further down: a few rounds settle them all.
    var answers = collectAnswers();
    for (var round = 0; round < 4; round += 1) {
      var changedAny = false;
      form.querySelectorAll("[data-calculation]").forEach(function (box) {
        var value = evaluate(box.dataset.calculation, answers, box);
        var output = box.querySelector("[data-output]");
        var text = value === null || value === "NaN" || value === "Infinity" ? "" : String(value);
        if (output && output.value !== text) { output.value = text; changedAny = true; }
      });
      answers = collectAnswers();
      if (!changedAny) { break; }
    }
    var hiddenBefore = [];
    form.querySelectorAll("[data-relevant]").forEach(function (box) {
      var shown = truthy(evaluate(box.dataset.relevant, answers, box));
      if (box.hidden === shown) { hiddenBefore.push(box); }
      box.hidden = !shown || box.hasAttribute("data-always-hidden");
    });
    form.querySelectorAll("[data-required]").forEach(function (box) {
      var required = truthy(evaluate(box.dataset.required, answers, box));
      box.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (el) {
        el.required = required;
        if (required) { el.setAttribute("aria-required", "true"); } else { el.removeAttribute("aria-required"); }
      });
      var mark = box.querySelector("[data-required-mark]");
      if (mark) { mark.hidden = !required; }
    });
    form.querySelectorAll("[data-choice-filter]").forEach(function (box) {
      box.querySelectorAll("[data-choice]").forEach(function (option) {
        var properties = option.dataset.choiceProperties;
        if (!properties) { return; }
        var allowed = option.dataset.choice === "other" || option.dataset.choice === "" ||
          truthy(evaluate(box.dataset.choiceFilter, answers, box, null, JSON.parse(properties)));
        option.hidden = !allowed;
        if (!allowed) {
          var input = option.tagName === "OPTION" ? null : option.querySelector("input");
          if (input && input.checked) { input.checked = false; }
          if (option.tagName === "OPTION" && option.selected) { option.parentNode.value = ""; }
        }
      });
    });
    form.querySelectorAll("[data-constraint]").forEach(function (box) {
      var value = currentValue(box, answers);
      var errors = box.querySelector("[data-errors]");
      if (!errors) { return; }
      var client = errors.querySelector("[data-client]");
      var blank = value === null || value === "" || (Array.isArray(value) && !value.length);
      var ok = blank || truthy(evaluate(box.dataset.constraint, answers, box, value));
      if (!ok && !client) {
        client = document.createElement("p");
        client.setAttribute("data-client", "");
        client.textContent = box.dataset.constraintMessage || messages.notAccepted;
        errors.appendChild(client);
      } else if (ok && client) {
        client.remove();
      }
      errors.hidden = !errors.querySelector("p");
    });
    return hiddenBefore;
  }

  // --- character counters: shown as the user types, never cutting what was pasted

  function updateCounter(counter) {
    var input = document.getElementById(counter.dataset.countFor);
    if (!input) { return; }
    var count = Array.from(input.value.replace(/\r\n/g, "\n").trim()).length;
    var limit = Number(counter.dataset.limit);
    var values = { count: count.toLocaleString(data.lang), limit: limit.toLocaleString(data.lang),
                   over: (count - limit).toLocaleString(data.lang) };
    counter.textContent = format(count > limit ? messages.tooLong : messages.counter, values);
    counter.classList.toggle("over", count > limit);
    if (count > limit) { counter.setAttribute("role", "alert"); } else { counter.removeAttribute("role"); }
  }

  // --- unsaved input kept in this tab (an ended session, a change of language, a crash)

  function snapshot() {
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || OWN_FIELDS[el.name] || el.type === "file" || el.type === "submit") { return; }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      fields.push([el.name, el.value]);
    });
    return fields;
  }

  function stash() {
    try {
      sessionStorage.setItem(stashKey, JSON.stringify({
        version: versionInput.value, section: form.elements.section.value, fields: snapshot()
      }));
    } catch (error) { /* storage full or refused: the server copy is what is left */ }
  }

  function dropStash() {
    try { sessionStorage.removeItem(stashKey); } catch (error) { /* nothing kept */ }
  }

  function restore() {
    var kept;
    try { kept = JSON.parse(sessionStorage.getItem(stashKey) || "null"); } catch (error) { kept = null; }
    // Only onto the version it was typed on: a newer one means it was saved since. Input
    // typed on another section waits for that section's page.
    if (!kept) { return false; }
    if (kept.version !== versionInput.value) { dropStash(); return false; }
    if (kept.section !== form.elements.section.value) { return false; }
    if (JSON.stringify(kept.fields) === JSON.stringify(snapshot())) { return false; }
    var byName = {};
    kept.fields.forEach(function (pair) { (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || OWN_FIELDS[el.name] || el.type === "file" || el.type === "submit" || el.type === "hidden") { return; }
      var values = byName[el.name] || [];
      if (el.type === "radio" || el.type === "checkbox") {
        el.checked = values.indexOf(el.value) >= 0;
      } else if (el.tagName === "SELECT" && document.getElementsByName(el.name).length > 1) {
        var position = Array.prototype.indexOf.call(document.getElementsByName(el.name), el);
        el.value = values[position] || "";
      } else {
        el.value = values.length ? values[0] : "";
      }
    });
    return true;
  }

  // --- saving in the background

  var dirty = false;
  var timer = null;
  var inFlight = null;
  var stopped = false;

  function setStatus(text, isError) {
    if (!statusElement) { return; }
    statusElement.textContent = text;
    statusElement.classList.toggle("error-text", !!isError);
  }

  function autosaveBody() {
    var body = new FormData(form);
    Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (el) {
      body.delete(el.name);  // files go with the buttons, not with every keystroke
    });
    body.delete("intent");
    return body;
  }

  function autosave() {
    timer = null;
    if (stopped || !dirty) { return Promise.resolve(); }
    if (inFlight) { return inFlight.then(autosave); }
    dirty = false;
    setStatus(messages.saving);
    inFlight = fetch(form.dataset.autosave, {
      method: "POST", body: autosaveBody(), credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      return response.json().then(function (answer) { return [response.status, answer]; });
    }).then(function (result) {
      var status = result[0];
      var answer = result[1];
      if (status === 200) {
        versionInput.value = String(answer.version);
        setStatus(answer.message, Object.keys(answer.errors || {}).length > 0);
        if (!dirty) { dropStash(); stash(); }
      } else {
        // 409: someone else saved; 401: the session ended. The input stays here and in
        // the tab's storage; the buttons show the full story.
        stopped = status === 409 || status === 401;
        setStatus(answer.message || messages.offline, true);
        dirty = true;
      }
    }).catch(function () {
      dirty = true;
      setStatus(messages.offline, true);
    }).then(function () { inFlight = null; });
    return inFlight;
  }

  function changed() {
    dirty = true;
    stash();
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(autosave, AUTOSAVE_DELAY);
  }

  function onEdit(event) {
    if (event.target.matches && event.target.matches("[data-count-for]")) { return; }
    var counter = event.target.id && form.querySelector('[data-count-for="' + event.target.id + '"]');
    if (counter) { updateCounter(counter); }
    if (event.target.type === "file") { checkFile(event.target); return; }
    applyLogic();
    changed();
  }

  function checkFile(input) {
    var limit = Number(input.dataset.maxBytes || 0);
    var box = input.closest("[data-path]");
    var errors = box && box.querySelector("[data-errors]");
    if (!errors) { return; }
    errors.querySelectorAll("[data-client]").forEach(function (p) { p.remove(); });
    if (limit && input.files.length && input.files[0].size > limit) {
      var p = document.createElement("p");
      p.setAttribute("data-client", "");
      p.textContent = format(messages.fileTooLarge, { size: Math.round(limit / 1048576) });
      errors.appendChild(p);
      input.value = "";  // a file too large would be refused whole, with all the page's input
    }
    errors.hidden = !errors.querySelector("p");
  }

  form.addEventListener("input", onEdit);
  form.addEventListener("change", onEdit);

  // "Clear this answer" clears here; without JavaScript the button saves and clears.
  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-clear]");
    if (!button) { return; }
    event.preventDefault();
    form.querySelectorAll('[name="' + button.dataset.clear + '"]').forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") { el.checked = false; } else { el.value = ""; }
    });
    applyLogic();
    changed();
  });

  // --- the Save button, sent with fetch: the page stays as it is, whatever the outcome

  var csrfInput = form.querySelector("input[name=csrf_token]");
  var saveMessage = null;

  function showMessage(text, isError) {
    if (!saveMessage) {
      saveMessage = document.createElement("div");
      saveMessage.id = "save-message";
      saveMessage.tabIndex = -1;
      form.insertBefore(saveMessage, form.firstChild);
    }
    saveMessage.className = "flash " + (isError ? "error" : "success");
    saveMessage.setAttribute("role", isError ? "alert" : "status");
    saveMessage.textContent = "";
    var paragraph = document.createElement("p");
    paragraph.textContent = text;
    saveMessage.appendChild(paragraph);
    return saveMessage;
  }

  function clearServerErrors() {
    form.querySelectorAll("[data-errors]").forEach(function (errors) {
      errors.querySelectorAll("p:not([data-client])").forEach(function (p) { p.remove(); });
      errors.hidden = !errors.querySelector("p");
      var box = errors.closest("[data-path]");
      if (box && errors.hidden) {
        box.classList.remove("has-error");
        box.querySelectorAll("[aria-invalid]:not([data-server-invalid])").forEach(function (el) {
          el.removeAttribute("aria-invalid");  // drawn by the server with an earlier error
        });
      }
    });
    form.querySelectorAll("[data-server-invalid]").forEach(function (el) {
      var errorId = el.getAttribute("data-server-invalid");
      var ids = (el.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && id !== errorId;
      });
      if (ids.length) { el.setAttribute("aria-describedby", ids.join(" ")); } else { el.removeAttribute("aria-describedby"); }
      el.removeAttribute("aria-invalid");
      el.removeAttribute("data-server-invalid");
    });
  }

  // Each refused answer's messages beside its question; those of questions not on this
  // page (another section) in the message above the form, as links.
  function showFieldErrors(errors, message) {
    var elsewhere = [];
    Object.keys(errors).forEach(function (path) {
      var box = boxOf(path);
      var holder = box && box.querySelector("[data-errors]");
      if (!holder) { elsewhere.push(path); return; }
      errors[path].messages.forEach(function (text) {
        var p = document.createElement("p");
        p.setAttribute("data-server", "");
        p.textContent = text;
        holder.appendChild(p);
      });
      holder.hidden = false;
      box.classList.add("has-error");
      // Screen readers hear the message with the field, as on a page the server drew.
      box.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (el) {
        if (el.hasAttribute("aria-invalid")) { return; }
        var ids = (el.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        if (holder.id && ids.indexOf(holder.id) < 0) { ids.push(holder.id); }
        el.setAttribute("aria-describedby", ids.join(" "));
        el.setAttribute("aria-invalid", "true");
        el.setAttribute("data-server-invalid", holder.id || "");
      });
    });
    var shown = showMessage(message, true);
    if (elsewhere.length) {
      var list = document.createElement("ul");
      list.className = "error-summary";
      elsewhere.forEach(function (path) {
        var item = document.createElement("li");
        item.textContent = errors[path].label + ": " + errors[path].messages.join(" ");
        list.appendChild(item);
      });
      shown.appendChild(list);
    }
    shown.focus();
  }

  function failureMessage(status, answer) {
    // The server's own words when it gave some (the app's error answers carry "error").
    if (answer && (answer.message || answer.error)) { return answer.message || answer.error; }
    if (status === 413) { return messages.tooLarge; }
    if (status === 429) { return messages.tooMany; }
    if (status === 0) { return messages.offline; }
    return messages.failed;
  }

  function fetchSave(button) {
    var body = new FormData(form);
    body.set("intent", "save");
    dirty = false;
    button.disabled = true;
    setStatus(messages.saving);
    inFlight = fetch(form.getAttribute("action"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") !== 0) { return [response.status, null]; }
      return response.json().then(function (answer) { return [response.status, answer]; },
                                  function () { return [response.status, null]; });
    }, function () {
      return [0, null];  // the server cannot be reached
    }).then(function (result) {
      var status = result[0];
      var answer = result[1];
      if ((status === 200 || status === 422) && answer && answer.version !== undefined) {
        versionInput.value = String(answer.version);
        clearServerErrors();
        if (status === 200) {
          showMessage(answer.message, false);
          setStatus(answer.message, false);
          stopped = false;
          if (!dirty) { dropStash(); stash(); }
          // The save made or dropped items (a count answered here): draw the page again.
          if (answer.reload && !dirty) { dropStash(); window.location.reload(); }
        } else {
          dirty = true;  // the refused answers are not saved: keep them in the tab
          stash();
          setStatus(answer.message, true);
          showFieldErrors(answer.errors || {}, answer.message);
        }
        return;
      }
      // Nothing was saved: the form stays exactly as typed, and in the tab's storage.
      dirty = true;
      stash();
      if (answer && answer.csrf_token && csrfInput) { csrfInput.value = answer.csrf_token; }
      if (status === 401) { stopped = true; }
      var text = failureMessage(status, answer);
      setStatus(text, true);
      var shown = showMessage(text, true);
      if (status === 409 && answer && answer.version !== undefined) {
        // Someone saved meanwhile: saving again replaces their answers with these (as the
        // message says), and the saved version opens beside this page for comparison.
        versionInput.value = String(answer.version);
        stash();
        var link = document.createElement("a");
        link.href = window.location.pathname + window.location.search;
        link.target = "_blank";
        link.rel = "noopener";
        link.textContent = messages.savedVersion;
        var paragraph = document.createElement("p");
        paragraph.appendChild(link);
        shown.appendChild(paragraph);
      }
      shown.focus();
    }).then(function () {
      inFlight = null;
      button.disabled = false;
    });
    return inFlight;
  }

  function sendsFiles() {
    return Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (el) {
      return el.files && el.files.length > 0;
    });
  }

  // A button press waits for a background save under way, so that it is based on the
  // version that save produced (not refused as a conflict with itself). The Save button
  // saves with fetch (files go with a full post, which shows them attached); the other
  // buttons (sections, submit) post the form as without JavaScript.
  form.addEventListener("submit", function (event) {
    if (timer) { clearTimeout(timer); timer = null; }
    var submitter = event.submitter;
    if (inFlight) {
      event.preventDefault();
      event.stopImmediatePropagation();
      inFlight.then(function () { form.requestSubmit(submitter); });
      return;
    }
    if (submitter && submitter.name === "intent" && submitter.value === "save" &&
        window.fetch && !sendsFiles()) {
      event.preventDefault();
      event.stopImmediatePropagation();  // the page is not left: no "sent once" lock
      fetchSave(submitter);
      return;
    }
    window.removeEventListener("beforeunload", warnUnsaved);
  }, true);

  function warnUnsaved(event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  }
  window.addEventListener("beforeunload", warnUnsaved);

  // Leaving the page (another tab, closing, a language link): send what is unsaved.
  function saveOnLeave() {
    if (!dirty || stopped || !navigator.sendBeacon) { return; }
    if (navigator.sendBeacon(form.dataset.autosave, autosaveBody())) { dirty = false; }
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { saveOnLeave(); }
  });
  window.addEventListener("pagehide", saveOnLeave);
  document.querySelectorAll("form[data-language-switch]").forEach(function (switcher) {
    switcher.addEventListener("submit", function () { stash(); saveOnLeave(); });
  });

  // --- on arrival

  if (restore()) {
    var notice = document.createElement("p");
    notice.className = "flash info";
    notice.setAttribute("role", "status");
    notice.textContent = messages.restored;
    form.insertBefore(notice, form.firstChild);
    dirty = true;
    timer = setTimeout(autosave, AUTOSAVE_DELAY);
  }
  form.querySelectorAll("[data-count-for]").forEach(updateCounter);
  applyLogic();
  var summary = document.getElementById("page-message");
  if (summary) { summary.focus(); }
})();
