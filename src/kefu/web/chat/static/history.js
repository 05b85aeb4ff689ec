/* kefu "My conversations" (/chat/history) and one past conversation (/chat/conversations/{id}).
 *
 * History: GET /api/v1/chat/history?q= (keyword or case number), listed by day, newest first; the search
 * form works without JavaScript too (it reloads the page with ?q=).
 * Transcript: the conversation's state and every message (GET …/messages?after=, 500 at a time), read-only,
 * with Continue (POST …/continue, within 7 days of the last message), Email transcript (POST …/transcript)
 * and Hide (POST …/hide, after a confirmation on the page).
 */
(function () {
  "use strict";

  var K = window.KefuChat;
  if (!K || (K.config.page !== "history" && K.config.page !== "transcript") || K.config.role !== "customer") {
    return;
  }
  var cfg = K.config;
  var t = K.t;
  var API = K.API;
  var CONTINUE_DAYS = 7;
  var PAGE = 500;

  function byId(id) {
    return document.getElementById(id);
  }

  function dayKey(iso) {
    var at = new Date(iso);
    return at.getFullYear() + "-" + at.getMonth() + "-" + at.getDate();
  }

  // -- My conversations ----------------------------------------------------------------------------------

  function historyPage() {
    var form = document.querySelector(".history-search");
    var input = byId("history-q");
    var status = byId("history-status");
    var list = byId("history-list");
    var ticket = 0;

    function item(entry) {
      var href = "/chat/conversations/" + entry.id + "?locale=" + encodeURIComponent(cfg.locale);
      var link = K.el("a", { class: "history-item", href: href, "data-testid": "history-item", "data-conversation-id": entry.id });
      var top = K.el("span", { class: "history-top" });
      top.appendChild(K.el("span", { class: "history-topic", "data-testid": "history-topic" }, K.topicName(entry.topic)));
      top.appendChild(K.el("span", { class: "history-time" }, K.formatTime(entry.last_message_at)));
      link.appendChild(top);
      link.appendChild(K.el("span", { class: "history-first", "data-testid": "history-first-message" }, entry.first_message || "—"));
      var tags = K.el("span", { class: "history-tags" });
      if (entry.case_number) {
        tags.appendChild(K.el("span", { class: "tag tag-case", "data-testid": "history-case" }, t("history_case", { number: entry.case_number })));
      }
      var ended = entry.status === "ended";
      tags.appendChild(K.el("span", { class: "tag" + (ended ? "" : " tag-live") }, t(ended ? "history_status_ended" : "history_status_live")));
      if (ended && entry.can_continue) {
        tags.appendChild(K.el("span", { class: "tag tag-ok" }, t("history_can_continue")));
      }
      link.appendChild(tags);
      return link;
    }

    function show(entries, query) {
      list.textContent = "";
      if (!entries.length) {
        status.textContent = query ? t("history_no_match", { q: query }) : t("history_empty");
        status.hidden = false;
        return;
      }
      status.textContent = "";
      status.hidden = true;
      var group = null;
      var groupKey = null;
      entries.forEach(function (entry) {
        var key = dayKey(entry.last_message_at);
        if (key !== groupKey) {
          groupKey = key;
          var section = K.el("section", { class: "history-day" });
          section.appendChild(K.el("h2", { class: "history-date", "data-testid": "history-date" }, K.formatDate(entry.last_message_at)));
          group = K.el("ul", { class: "history-items" });
          section.appendChild(group);
          list.appendChild(section);
        }
        var row = K.el("li");
        row.appendChild(item(entry));
        group.appendChild(row);
      });
    }

    function load(query) {
      var mine = ++ticket;
      status.textContent = t("history_loading");
      status.hidden = false;
      var path = API + "/history" + (query ? "?q=" + encodeURIComponent(query) : "");
      K.api("GET", path).then(function (result) {
        if (mine !== ticket) {
          return;
        }
        if (!result.ok) {
          list.textContent = "";
          status.textContent = K.errorText(result);
          return;
        }
        show(result.data || [], query);
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = input.value.trim();
      var url = "/chat/history?locale=" + encodeURIComponent(cfg.locale) + (query ? "&q=" + encodeURIComponent(query) : "");
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", url);
      }
      load(query);
    });
    load((cfg.query || "").trim());
  }

  // -- one conversation ----------------------------------------------------------------------------------

  function allMessages(id, after, found) {
    return K.api("GET", API + "/conversations/" + id + "/messages?after=" + after).then(function (result) {
      if (!result.ok) {
        return result;
      }
      var page = result.data || [];
      found = found.concat(page);
      if (page.length < PAGE) {
        return { ok: true, data: found };
      }
      return allMessages(id, page[page.length - 1].seq, found);
    });
  }

  function transcriptPage() {
    var id = cfg.conversation;
    var status = byId("transcript-status");
    var notice = byId("transcript-notice");
    var messages = byId("messages");
    var menu = document.querySelector(".menu");
    var names = {};

    function say(text, warn) {
      notice.textContent = text;
      notice.classList.toggle("notice-warn", !!warn);
      notice.classList.toggle("notice-ok", !warn);
      notice.hidden = false;
    }

    function closeMenu() {
      if (menu) {
        menu.open = false;
      }
    }

    Promise.all([K.api("GET", API + "/conversations/" + id), allMessages(id, 0, [])]).then(function (results) {
      var state = results[0];
      var found = results[1];
      if (!state.ok || !found.ok) {
        status.textContent = K.errorText(state.ok ? found : state);
        return;
      }
      status.hidden = true;
      var conversation = state.data;
      if (conversation.agent) {
        names[conversation.agent.code] = conversation.agent.name;
      }
      var title = K.topicName(conversation.topic);
      byId("transcript-title").textContent = title;
      var meta = [t("transcript_started", { time: K.formatDateTime(conversation.created_at) })];
      if (conversation.case_number) {
        meta.push(t("history_case", { number: conversation.case_number }));
      }
      byId("transcript-meta").textContent = meta.join(" · ");
      K.renderTransaction(conversation.context, {
        card: byId("transaction"),
        line: byId("transaction-line"),
        detail: byId("transaction-detail"),
      });
      found.data.forEach(function (message) {
        var payload = message.payload || {};
        if (payload.code && payload.name) {
          names[payload.code] = payload.name;
        }
      });
      found.data.forEach(function (message) {
        messages.appendChild(K.renderMessage(message, names));
      });
      var actions = byId("transcript-actions");
      var note = byId("transcript-continue-note");
      actions.hidden = false;
      if (conversation.status !== "ended") {
        note.textContent = t("transcript_live");
        note.hidden = false;
        var open = byId("transcript-open");
        open.href = cfg.chatUrl;
        open.hidden = false;
        return;
      }
      var age = Date.now() - new Date(conversation.last_message_at).getTime();
      if (conversation.channel === "chat" && age < CONTINUE_DAYS * 86400000) {
        byId("transcript-continue").hidden = false;
      } else {
        note.textContent = t("transcript_too_old");
        note.hidden = false;
      }
    });

    byId("transcript-continue").addEventListener("click", function (event) {
      var button = event.currentTarget;
      button.disabled = true;
      K.api("POST", API + "/conversations/" + id + "/continue").then(function (result) {
        button.disabled = false;
        if (result.ok) {
          window.location.href = cfg.chatUrl;
        } else {
          say(K.errorText(result), true);
        }
      });
    });

    byId("transcript-email").addEventListener("click", function (event) {
      var button = event.currentTarget;
      button.disabled = true;
      closeMenu();
      K.api("POST", API + "/conversations/" + id + "/transcript").then(function (result) {
        button.disabled = false;
        say(result.ok ? t("transcript_email_sent") : K.errorText(result), !result.ok);
      });
    });

    var confirm = byId("hide-confirm");
    byId("transcript-hide").addEventListener("click", function () {
      closeMenu();
      confirm.hidden = false;
      byId("hide-yes").focus();
    });
    byId("hide-no").addEventListener("click", function () {
      confirm.hidden = true;
    });
    byId("hide-yes").addEventListener("click", function (event) {
      var button = event.currentTarget;
      button.disabled = true;
      K.api("POST", API + "/conversations/" + id + "/hide").then(function (result) {
        button.disabled = false;
        if (result.ok) {
          window.location.href = cfg.historyUrl;
        } else {
          confirm.hidden = true;
          say(K.errorText(result), true);
        }
      });
    });
  }

  if (cfg.page === "history") {
    historyPage();
  } else {
    transcriptPage();
  }
})();
