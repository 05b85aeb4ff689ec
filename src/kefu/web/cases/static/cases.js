/* kefu "My cases": the list (/cases), one case (/cases/{number}) and a new complaint (/cases/complaint/new).
 *
 * Every call goes to the pass-based case API (config.api: /api/v1/my) with the kefu_chat cookie, through
 * common.js (window.KefuChat):
 * - the list: GET /cases, split into My cases (service cases and disputes) and My complaints; the tabs
 *   switch without a reload, and "find my case by number" asks GET /cases/{number}, which finds only the
 *   customer's own, then opens it. Tabs and lookup work without JavaScript too (links, a GET form).
 * - one case: GET /cases/{number} and /cases/{number}/evidence; a form for each verb the case's `actions`
 *   allow (add information, escalate, reopen) posts and shows the case the API returns; evidence is a
 *   multipart upload (offered until the case is closed).
 * - a complaint: POST /complaints, then any chosen files to its evidence, then the complaint's page.
 * Errors are the API's own bilingual messages, in the page's language (K.errorText). What customers and
 * agents wrote is only ever set as textContent.
 */
(function () {
  "use strict";

  var K = window.KefuChat;
  var PAGES = { cases: true, "case": true, complaint: true };
  if (!K || !PAGES[K.config.page] || K.config.role !== "customer") {
    return;
  }
  var cfg = K.config;
  var t = K.t;
  var API = cfg.api || "/api/v1/my";
  var OPEN = { received: true, in_progress: true };

  function byId(id) {
    return document.getElementById(id);
  }

  function each(list, fn) {
    Array.prototype.forEach.call(list, fn);
  }

  /* A word looked up by a computed key (prefix + code), or the bare code when there is none. */
  function word(prefix, code) {
    var key = prefix + code;
    return Object.prototype.hasOwnProperty.call(cfg.strings || {}, key) ? t(key) : code || "";
  }

  function statusName(status) {
    return (cfg.statuses || {})[status] || status || "";
  }

  function topicName(key) {
    return (cfg.topics || {})[key] || key || "";
  }

  /* A calendar date (YYYY-MM-DD, Beijing) in the page's language, never shifted by the browser's zone. */
  function formatDay(day) {
    var at = new Date(String(day) + "T00:00:00Z");
    if (isNaN(at.getTime())) {
      return String(day || "");
    }
    var options = { year: "numeric", month: "long", day: "numeric", weekday: "short", timeZone: "UTC" };
    return new Intl.DateTimeFormat(K.locale, options).format(at);
  }

  function isOverdue(found) {
    return !!OPEN[found.status] && !!cfg.today && String(found.expected_date) < cfg.today;
  }

  function caseUrl(number, extra) {
    return "/cases/" + encodeURIComponent(number) + "?locale=" + encodeURIComponent(cfg.locale) + (extra || "");
  }

  /* Set a message element's text; an empty text hides it. */
  function say(node, text) {
    node.textContent = text || "";
    node.hidden = !text;
  }

  function busy(form, on) {
    each(form.querySelectorAll("button, textarea, input, select"), function (field) {
      field.disabled = on;
    });
  }

  function filesData(input) {
    var data = new FormData();
    each(input.files, function (file) {
      data.append("files", file, file.name);
    });
    return data;
  }

  // -- My cases / My complaints ----------------------------------------------------------------------------

  function listPage() {
    var status = byId("cases-status");
    var list = byId("cases-list");
    var tabs = document.querySelectorAll(".case-tab");
    var tab = cfg.tab === "complaints" ? "complaints" : "cases";
    var found = null;

    function item(entry) {
      var link = K.el("a", {
        class: "history-item case-item",
        href: caseUrl(entry.number),
        "data-testid": "case-item",
        "data-number": entry.number,
        "data-status": entry.status,
      });
      var top = K.el("span", { class: "history-top" });
      top.appendChild(K.el("span", { class: "history-topic", "data-testid": "case-item-topic" }, topicName(entry.topic)));
      top.appendChild(
        K.el("span", { class: "tag case-status status-" + entry.status, "data-testid": "case-item-status" }, statusName(entry.status))
      );
      link.appendChild(top);
      link.appendChild(
        K.el("span", { class: "case-number", "data-testid": "case-item-number" }, word("cases_kind_", entry.kind) + " " + entry.number)
      );
      var meta = K.el("span", { class: "case-meta" });
      meta.appendChild(K.el("span", null, t("cases_updated", { time: K.formatDateTime(entry.updated_at) })));
      meta.appendChild(K.el("span", { "data-testid": "case-item-expected" }, t("cases_expected", { date: formatDay(entry.expected_date) })));
      link.appendChild(meta);
      if (isOverdue(entry)) {
        var tags = K.el("span", { class: "history-tags" });
        tags.appendChild(K.el("span", { class: "tag tag-warn" }, t("cases_overdue")));
        link.appendChild(tags);
      }
      var row = K.el("li");
      row.appendChild(link);
      return row;
    }

    function render() {
      each(tabs, function (link) {
        if (link.getAttribute("data-tab") === tab) {
          link.setAttribute("aria-current", "page");
        } else {
          link.removeAttribute("aria-current");
        }
      });
      list.textContent = "";
      var shown = found.filter(function (entry) {
        return (entry.kind === "complaint") === (tab === "complaints");
      });
      if (!shown.length) {
        say(status, t(tab === "complaints" ? "cases_empty_complaints" : "cases_empty_cases"));
        return;
      }
      say(status, "");
      shown.forEach(function (entry) {
        list.appendChild(item(entry));
      });
    }

    each(tabs, function (link) {
      link.addEventListener("click", function (event) {
        if (found === null || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) {
          return; // not loaded yet, or a new tab: follow the link
        }
        event.preventDefault();
        tab = link.getAttribute("data-tab");
        if (window.history && window.history.replaceState) {
          window.history.replaceState(null, "", link.href);
        }
        render();
      });
    });

    var lookup = document.querySelector(".case-lookup");
    var input = byId("cases-number");
    var lookupError = byId("lookup-error");
    lookup.addEventListener("submit", function (event) {
      event.preventDefault();
      var number = input.value.trim();
      if (!number) {
        say(lookupError, t("cases_lookup_empty"));
        return;
      }
      busy(lookup, true);
      K.api("GET", API + "/cases/" + encodeURIComponent(number)).then(function (result) {
        busy(lookup, false);
        if (result.ok && result.data) {
          window.location.href = caseUrl(result.data.number);
          return;
        }
        say(lookupError, K.errorText(result));
      });
    });

    K.api("GET", API + "/cases").then(function (result) {
      if (!result.ok) {
        say(status, K.errorText(result));
        return;
      }
      found = result.data || [];
      render();
    });
  }

  // -- one case --------------------------------------------------------------------------------------------

  function casePage() {
    var base = API + "/cases/" + encodeURIComponent(cfg.number);
    var loading = byId("case-loading");
    var notice = byId("case-notice");
    var error = byId("case-error");

    function done(text) {
      say(notice, text);
      say(error, "");
    }

    function renderTimeline(events) {
      var list = byId("case-timeline");
      list.textContent = "";
      events
        .slice()
        .reverse()
        .forEach(function (event) {
          var item = K.el("li", {
            class: "case-event case-event-" + event.who,
            "data-testid": "case-event",
            "data-kind": event.kind,
            "data-who": event.who,
          });
          var head = K.el("p", { class: "case-event-head" });
          head.appendChild(K.el("span", { class: "case-event-name", "data-testid": "case-event-name" }, word("cases_event_", event.kind)));
          head.appendChild(K.el("span", { class: "case-event-who" }, word("cases_who_", event.who)));
          item.appendChild(head);
          if (event.note) {
            item.appendChild(K.el("p", { class: "case-text case-event-note", "data-testid": "case-event-note" }, event.note));
          }
          item.appendChild(K.el("time", { class: "case-event-time", datetime: event.at }, K.formatDateTime(event.at)));
          list.appendChild(item);
        });
    }

    function renderCase(found) {
      var actions = found.actions || [];
      loading.hidden = true;
      var status = byId("case-status");
      status.textContent = statusName(found.status);
      status.className = "tag case-status status-" + found.status;
      status.setAttribute("data-status", found.status);
      byId("case-overdue").hidden = !isOverdue(found);
      byId("case-topic").textContent = topicName(found.topic);
      byId("case-expected").textContent = formatDay(found.expected_date);
      byId("case-updated").textContent = K.formatDateTime(found.updated_at);
      byId("case-received").textContent = K.formatDateTime(found.received_at);
      byId("case-transaction").textContent = found.related_transaction || "";
      byId("case-transaction-row").hidden = !found.related_transaction;
      byId("case-summary").textContent = found.summary || "";
      byId("case-outcome").textContent = found.desired_outcome || "";
      byId("case-outcome-block").hidden = !found.desired_outcome;
      byId("case-card").hidden = false;
      byId("case-waiting").hidden = found.status !== "waiting";
      byId("case-overdue-hint").hidden = !(isOverdue(found) && actions.indexOf("escalate") >= 0);
      each(document.querySelectorAll(".case-action"), function (box) {
        var action = box.getAttribute("data-action");
        // evidence is not a status move: the case takes files until it is closed
        var allowed = action === "evidence" ? found.status !== "closed" : actions.indexOf(action) >= 0;
        box.hidden = !allowed;
        if (!allowed) {
          box.open = false;
        }
      });
      var complain = byId("case-complain");
      if (found.kind !== "complaint" && K.isLocalPath(cfg.complaintUrl)) {
        complain.href = cfg.complaintUrl;
        complain.hidden = false;
      }
      byId("case-actions").hidden = false;
      renderTimeline(found.timeline || []);
    }

    function renderEvidence(files) {
      var box = byId("case-files");
      box.textContent = "";
      K.renderFiles(files, box);
      byId("case-files-empty").hidden = files.length > 0;
    }

    function loadCase() {
      return K.api("GET", base).then(function (result) {
        if (result.ok) {
          renderCase(result.data);
        } else {
          say(loading, K.errorText(result));
        }
      });
    }

    function loadEvidence() {
      return K.api("GET", base + "/evidence").then(function (result) {
        if (result.ok) {
          renderEvidence(result.data || []);
        } else {
          say(error, K.errorText(result));
        }
      });
    }

    each(document.querySelectorAll("form[data-verb]"), function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var field = form.querySelector("textarea");
        var formError = form.querySelector(".form-error");
        var body = {};
        body[form.getAttribute("data-field")] = field.value;
        say(formError, "");
        busy(form, true);
        K.api("POST", base + "/" + form.getAttribute("data-verb"), body).then(function (result) {
          busy(form, false);
          if (!result.ok) {
            say(formError, K.errorText(result));
            return;
          }
          field.value = "";
          form.parentNode.open = false;
          renderCase(result.data);
          done(t(form.getAttribute("data-done")));
        });
      });
    });

    var evidenceForm = byId("evidence-form");
    evidenceForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = byId("evidence-files");
      var formError = evidenceForm.querySelector(".form-error");
      say(formError, "");
      if (!input.files || !input.files.length) {
        say(formError, t("cases_evidence_choose"));
        return;
      }
      var data = filesData(input);
      busy(evidenceForm, true);
      K.api("POST", base + "/evidence", data).then(function (result) {
        busy(evidenceForm, false);
        if (!result.ok) {
          say(formError, K.errorText(result));
          return;
        }
        input.value = "";
        evidenceForm.parentNode.open = false;
        done(t("cases_evidence_done", { n: (result.data || []).length }));
        loadEvidence();
        loadCase(); // the timeline has the new files
      });
    });

    loadCase();
    loadEvidence();
  }

  // -- a new complaint -------------------------------------------------------------------------------------

  function complaintPage() {
    var form = byId("complaint-form");
    var formError = form.querySelector(".form-error");
    var submit = form.querySelector('button[type="submit"]');
    var open = byId("complaint-open");
    var files = byId("complaint-files");

    function value(id) {
      return byId(id).value.trim();
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (submit.hidden) {
        return; // filed already (only the evidence failed): never a second complaint
      }
      say(formError, "");
      var body = {
        topic: value("complaint-topic"),
        summary: byId("complaint-summary").value,
        desired_outcome: byId("complaint-outcome").value,
        related_case: value("complaint-case") || null,
        related_transaction: value("complaint-transaction") || null,
      };
      busy(form, true);
      K.api("POST", API + "/complaints", body).then(function (result) {
        if (!result.ok) {
          busy(form, false);
          say(formError, K.errorText(result));
          return;
        }
        var number = result.data.number;
        var filed = caseUrl(number, "&filed=1");
        if (!files.files || !files.files.length) {
          window.location.href = filed;
          return;
        }
        K.api("POST", API + "/cases/" + encodeURIComponent(number) + "/evidence", filesData(files)).then(function (uploaded) {
          if (uploaded.ok) {
            window.location.href = filed;
            return;
          }
          // the complaint stands: say so, and offer its page (evidence can be added there)
          busy(form, false);
          submit.hidden = true;
          say(formError, t("cases_complaint_evidence_failed", { number: number, message: K.errorText(uploaded) }));
          open.textContent = t("cases_complaint_open", { number: number });
          open.href = filed;
          open.hidden = false;
        });
      });
    });
  }

  if (cfg.page === "cases") {
    listPage();
  } else if (cfg.page === "case") {
    casePage();
  } else {
    complaintPage();
  }
})();
