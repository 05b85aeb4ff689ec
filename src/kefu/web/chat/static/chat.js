/* kefu chat page (/chat): one conversation, live.
 *
 * Start: /chat?conversation=<id> opens that conversation; otherwise the one this tab had (sessionStorage)
 * while it is not over, else POST /api/v1/chat/conversations {locale, context} starts one (or picks up the
 * signed-in customer's live one; a guest gets a token cookie).
 *
 * Push: a WebSocket to /api/v1/chat/conversations/{id}/socket?after=<last seq seen> (protocol in
 * kefu/web/chat/socket.py). Messages are kept by seq, shown in seq order, each once. A dropped socket is
 * reopened with backoff (1 s doubling to 30 s, jittered) from the last seq; when it cannot open at all twice
 * running, the page falls back to long polls (GET …/messages?after=&wait=25, GET state every 4 s) and REST
 * for sends. ?transport=poll starts in that mode.
 *
 * Sends carry a client key; the bubble stays "sending" until the server's ack, and every unacknowledged
 * send is sent again with the same key after a reconnect (the server stores it once). No ack within 10 s
 * means the socket is dead: it is closed and reopened.
 */
(function () {
  "use strict";

  var K = window.KefuChat;
  if (!K || K.config.page !== "chat") {
    return;
  }
  var cfg = K.config;
  var t = K.t;
  var API = K.API;
  var STORAGE_KEY = "kefu-chat-conversation";
  var TYPING_EVERY_MS = 3000;
  var ACK_TIMEOUT_MS = 10000;
  var PING_EVERY_MS = 25000;
  var POLL_WAIT_SECONDS = 25;
  var STATE_POLL_MS = 4000;
  var MAX_BACKOFF_MS = 30000;
  var AGENT_TYPING_MS = 7000;
  var ANSWER_WAIT_MS = 10000;
  var CONTINUE_DAYS = 7;

  function byId(id) {
    return document.getElementById(id);
  }

  var dom = {
    status: byId("chat-status"),
    back: byId("chat-back"),
    endChat: byId("end-chat"),
    connection: byId("connection"),
    guest: byId("guest-notice"),
    queue: byId("queue"),
    agent: byId("agent"),
    leave: byId("leave-message"),
    scroll: byId("chat-scroll"),
    transaction: { card: byId("transaction"), line: byId("transaction-line"), detail: byId("transaction-detail") },
    messages: byId("messages"),
    pending: byId("pending"),
    typing: byId("typing"),
    typingText: byId("typing-text"),
    ended: byId("ended"),
    endedNote: byId("ended-note"),
    ratingForm: byId("rating-form"),
    ratingComment: byId("rating-comment"),
    ratingThanks: byId("rating-thanks"),
    continueChat: byId("continue-chat"),
    newChat: byId("new-chat"),
    error: byId("chat-error"),
    talk: byId("talk-to-agent"),
    tray: byId("tray"),
    form: byId("composer"),
    attach: byId("attach-input"),
    input: byId("chat-input"),
    send: byId("chat-send"),
  };

  var hasContext = cfg.context && Object.keys(cfg.context).length > 0;

  var chat = {
    id: null,
    conversation: null,
    role: cfg.role === "customer" ? "customer" : cfg.role === "guest" ? "guest" : "none",
    seen: {}, // seq → message
    lastSeq: 0,
    readSent: 0,
    generation: 0, // bumped when another conversation is shown: late answers for the old one are dropped
    mode: cfg.transport === "poll" ? "poll" : "websocket",
    socket: null,
    failedOpens: 0,
    backoff: 0,
    reconnectTimer: null,
    pingTimer: null,
    pollFailures: 0,
    pending: {}, // client key → {kind, frame, el, acked, seqs, timer, tries, failed}
    lastTypingAt: 0,
    tray: [],
    uploading: 0,
    fatal: false,
    expectingAnswerUntil: 0,
    answerTimer: null,
    agentTypingTimer: null,
    names: {}, // agent code → display name
    stars: 0,
    errorTimer: null,
  };

  // -- small helpers -------------------------------------------------------------------------------------

  function conversationPath(suffix) {
    return API + "/conversations/" + chat.id + (suffix || "");
  }

  function showError(text) {
    if (!text) {
      return;
    }
    dom.error.textContent = text;
    dom.error.hidden = false;
    clearTimeout(chat.errorTimer);
    chat.errorTimer = setTimeout(function () {
      dom.error.hidden = true;
    }, 10000);
  }

  function setConnection(text) {
    dom.connection.textContent = text || "";
    dom.connection.hidden = !text;
  }

  function isEnded() {
    return !!chat.conversation && chat.conversation.status === "ended";
  }

  function nearBottom() {
    return dom.scroll.scrollHeight - dom.scroll.scrollTop - dom.scroll.clientHeight < 120;
  }

  function scrollToEnd(force) {
    if (force || nearBottom()) {
      dom.scroll.scrollTop = dom.scroll.scrollHeight;
    }
  }

  function remember(id) {
    try {
      if (id) {
        window.sessionStorage.setItem(STORAGE_KEY, String(id));
      } else {
        window.sessionStorage.removeItem(STORAGE_KEY);
      }
    } catch (error) {
      /* storage off: the page still works, it just cannot pick the chat up after a reload */
    }
  }

  function remembered() {
    try {
      return Number(window.sessionStorage.getItem(STORAGE_KEY)) || null;
    } catch (error) {
      return null;
    }
  }

  // -- starting ------------------------------------------------------------------------------------------

  function boot() {
    wire();
    var wanted = cfg.conversation || (!hasContext ? remembered() : null);
    if (!wanted) {
      start(hasContext ? cfg.context : null);
      return;
    }
    open(wanted, !!cfg.conversation).then(function (opened) {
      if (!opened) {
        start(hasContext ? cfg.context : null);
      }
    });
  }

  /* Show conversation ``id`` if this visitor may; a remembered one only while it is not over. */
  function open(id, explicit) {
    return K.api("GET", API + "/conversations/" + id).then(function (state) {
      if (!state.ok || !state.data || (!explicit && state.data.status === "ended")) {
        return false;
      }
      return K.api("GET", API + "/conversations/" + id + "/messages?after=0").then(function (found) {
        if (!found.ok) {
          return false;
        }
        adopt(state.data, found.data || []);
        return true;
      });
    });
  }

  function start(context) {
    setConnection(null);
    var body = { locale: cfg.locale };
    if (context) {
      body.context = context;
    }
    return K.api("POST", API + "/conversations", body).then(function (result) {
      if (!result.ok || !result.data) {
        dom.status.textContent = t("connection_lost");
        showError(K.errorText(result));
        return;
      }
      if (result.data.token) {
        chat.role = "guest";
      } else if (chat.role === "none") {
        chat.role = "customer";
      }
      adopt(result.data.conversation, result.data.messages || []);
    });
  }

  /* From now on the page shows ``conversation``. */
  function adopt(conversation, messages) {
    chat.generation += 1;
    closeSocket();
    clearTimeout(chat.reconnectTimer);
    chat.id = conversation.id;
    chat.conversation = null;
    chat.seen = {};
    chat.lastSeq = 0;
    chat.readSent = conversation.customer_read_seq || 0;
    chat.fatal = false;
    chat.failedOpens = 0;
    chat.backoff = 0;
    chat.pending = {};
    chat.stars = 0;
    dom.messages.textContent = "";
    dom.pending.textContent = "";
    remember(conversation.id);
    if (window.history && window.history.replaceState) {
      // a reload reopens this conversation instead of starting another from the same transaction
      var url = "/chat?locale=" + encodeURIComponent(cfg.locale) + "&conversation=" + conversation.id;
      if (cfg.transport === "poll") {
        url += "&transport=poll";
      }
      window.history.replaceState(null, "", url);
    }
    applyState(conversation);
    addMessages(messages);
    scrollToEnd(true);
    connect();
  }

  // -- the WebSocket, and long polls when it cannot connect ------------------------------------------------

  function closeSocket() {
    clearInterval(chat.pingTimer);
    if (chat.socket) {
      var socket = chat.socket;
      chat.socket = null;
      try {
        socket.close();
      } catch (error) {
        /* already closed */
      }
    }
  }

  function connect() {
    if (chat.fatal || chat.id === null) {
      return;
    }
    if (chat.mode === "poll" || !("WebSocket" in window)) {
      startPolling();
      return;
    }
    var generation = chat.generation;
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var url = scheme + window.location.host + conversationPath("/socket?after=" + chat.lastSeq);
    var socket;
    try {
      socket = new WebSocket(url);
    } catch (error) {
      startPolling();
      return;
    }
    var opened = false;
    chat.socket = socket;
    socket.onopen = function () {
      if (generation !== chat.generation) {
        socket.close();
        return;
      }
      opened = true;
      chat.failedOpens = 0;
      chat.backoff = 0;
      setConnection(null);
      flushPending();
      sendRead();
      clearInterval(chat.pingTimer);
      chat.pingTimer = setInterval(function () {
        sendFrame({ type: "ping" });
      }, PING_EVERY_MS);
    };
    socket.onmessage = function (event) {
      if (generation !== chat.generation) {
        return;
      }
      var frame;
      try {
        frame = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      handleFrame(frame);
    };
    socket.onclose = function (event) {
      if (chat.socket === socket) {
        chat.socket = null;
        clearInterval(chat.pingTimer);
      }
      if (generation !== chat.generation || chat.fatal) {
        return;
      }
      if (event.code === 4401 || event.code === 4404) {
        // refused (the error frame before this said why): reconnecting would be refused again
        chat.fatal = true;
        dom.status.textContent = t("connection_lost");
        return;
      }
      if (!opened) {
        chat.failedOpens += 1;
      }
      if (chat.failedOpens >= 2) {
        chat.mode = "poll";
        startPolling();
        return;
      }
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    setConnection(t("reconnecting"));
    var delay = Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, chat.backoff));
    delay = Math.round(delay * (0.75 + Math.random() * 0.5));
    chat.backoff += 1;
    clearTimeout(chat.reconnectTimer);
    chat.reconnectTimer = setTimeout(connect, delay);
  }

  function reconnectNow() {
    if (chat.mode !== "websocket" || chat.fatal || chat.socket || chat.id === null) {
      return;
    }
    clearTimeout(chat.reconnectTimer);
    connect();
  }

  function sendFrame(frame) {
    if (chat.socket && chat.socket.readyState === 1) {
      chat.socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  function handleFrame(frame) {
    if (!frame || typeof frame !== "object") {
      return;
    }
    if (frame.type === "message" && frame.message) {
      addMessages([frame.message]);
    } else if (frame.type === "state" && frame.conversation) {
      applyState(frame.conversation);
    } else if (frame.type === "ack") {
      acknowledged(frame.client_key, frame.seqs || []);
    } else if (frame.type === "error") {
      var text = K.messageOf(frame.message) || t("error_generic");
      if (frame.client_key && chat.pending[frame.client_key]) {
        failed(frame.client_key, text);
      } else {
        showError(text);
      }
    }
  }

  function startPolling() {
    chat.mode = "poll";
    var generation = chat.generation;
    setConnection(t("polling"));
    flushPending();
    sendRead();
    pollMessages(generation);
    pollState(generation);
  }

  function pollMessages(generation) {
    if (generation !== chat.generation || chat.fatal) {
      return;
    }
    var path = conversationPath("/messages?after=" + chat.lastSeq + "&wait=" + POLL_WAIT_SECONDS);
    K.api("GET", path).then(function (result) {
      if (generation !== chat.generation) {
        return;
      }
      if (result.ok) {
        chat.pollFailures = 0;
        if (result.data && result.data.length) {
          addMessages(result.data);
          fetchState(generation);
        }
        pollMessages(generation);
        return;
      }
      if (result.status === 401 || result.status === 403 || result.status === 404) {
        chat.fatal = true;
        dom.status.textContent = t("connection_lost");
        showError(K.errorText(result));
        return;
      }
      chat.pollFailures += 1;
      setTimeout(function () {
        pollMessages(generation);
      }, Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, chat.pollFailures)));
    });
  }

  function fetchState(generation) {
    return K.api("GET", conversationPath()).then(function (result) {
      if (generation === chat.generation && result.ok) {
        applyState(result.data);
      }
    });
  }

  function pollState(generation) {
    if (generation !== chat.generation || chat.fatal) {
      return;
    }
    fetchState(generation).then(function () {
      setTimeout(function () {
        pollState(generation);
      }, STATE_POLL_MS);
    });
  }

  // -- messages ------------------------------------------------------------------------------------------

  function addMessages(list) {
    var stick = nearBottom();
    var added = false;
    var ownAdded = false;
    (list || []).forEach(function (message) {
      if (!message || typeof message.seq !== "number" || chat.seen[message.seq]) {
        return;
      }
      chat.seen[message.seq] = message;
      learnNames(message);
      var item = K.renderMessage(message, chat.names);
      var after = null;
      var items = dom.messages.children;
      for (var i = 0; i < items.length; i++) {
        if (Number(items[i].getAttribute("data-seq")) > message.seq) {
          after = items[i];
          break;
        }
      }
      dom.messages.insertBefore(item, after);
      chat.lastSeq = Math.max(chat.lastSeq, message.seq);
      added = true;
      if (message.sender === "customer") {
        ownAdded = true;
        settleBySeq(message.seq);
      } else if (message.sender === "assistant" || message.sender === "agent") {
        chat.expectingAnswerUntil = 0;
      }
    });
    if (!added) {
      return;
    }
    refreshQuickReplies();
    refreshRead();
    refreshTyping();
    scrollToEnd(stick || ownAdded);
    sendRead();
  }

  function learnNames(message) {
    var payload = message.payload || {};
    if (payload.event === "agent_joined" || payload.event === "transferred_agent") {
      if (payload.code && payload.name) {
        chat.names[payload.code] = payload.name;
      }
    }
  }

  /* The newest assistant message's quick replies, while nothing was said after it and the bot has the chat.
   * A bar already showing the right message's replies is left alone (no flicker, no lost clicks). */
  function refreshQuickReplies() {
    var latest = null;
    if (chat.conversation && chat.conversation.status === "bot" && !hasUnsettledChoice()) {
      Object.keys(chat.seen).forEach(function (key) {
        var message = chat.seen[key];
        if (message.sender !== "system" && (!latest || message.seq > latest.seq)) {
          latest = message;
        }
      });
    }
    var replies = latest && latest.sender === "assistant" && latest.payload && latest.payload.quick_replies;
    var wanted = replies && replies.length ? String(latest.seq) : null;
    var old = dom.messages.querySelectorAll(".quick-replies");
    for (var i = 0; i < old.length; i++) {
      if (old[i].getAttribute("data-for-seq") !== wanted) {
        old[i].parentNode.removeChild(old[i]);
      }
    }
    var host = wanted && dom.messages.querySelector('[data-seq="' + wanted + '"]');
    if (!host || host.querySelector(".quick-replies")) {
      return;
    }
    var bar = K.el("div", { class: "quick-replies", "data-testid": "quick-replies", "data-for-seq": wanted });
    replies.forEach(function (reply) {
      if (!reply || !reply.label || !reply.payload) {
        return;
      }
      var button = K.el(
        "button",
        { type: "button", class: "quick-reply", "data-testid": "quick-reply", "data-payload": reply.payload },
        reply.label
      );
      button.addEventListener("click", function () {
        choose(reply);
      });
      bar.appendChild(button);
    });
    host.appendChild(bar);
  }

  function hasUnsettledChoice() {
    return Object.keys(chat.pending).some(function (key) {
      return chat.pending[key].kind === "choose" && !chat.pending[key].failed;
    });
  }

  /* "Read" under the customer's newest message once an agent has read up to it. */
  function refreshRead() {
    var old = dom.messages.querySelectorAll(".msg-read");
    for (var i = 0; i < old.length; i++) {
      old[i].parentNode.removeChild(old[i]);
    }
    var mine = dom.messages.querySelectorAll('[data-sender="customer"]');
    if (!mine.length || !chat.conversation) {
      return;
    }
    var last = mine[mine.length - 1];
    if (chat.conversation.agent_read_seq >= Number(last.getAttribute("data-seq"))) {
      last.appendChild(K.el("p", { class: "msg-read", "data-testid": "read-receipt" }, t("read")));
    }
  }

  function sendRead() {
    if (chat.id === null || document.visibilityState !== "visible" || chat.lastSeq <= chat.readSent) {
      return;
    }
    var seq = chat.lastSeq;
    if (sendFrame({ type: "read", seq: seq })) {
      chat.readSent = seq;
    } else if (chat.mode === "poll") {
      chat.readSent = seq;
      K.api("POST", conversationPath("/read"), { seq: seq });
    }
  }

  // -- sending -------------------------------------------------------------------------------------------

  function renderPending(text, files) {
    var item = K.el("li", { class: "msg msg-customer is-pending", "data-testid": "pending-message" });
    if (text || !files.length) {
      var bubble = K.el("div", { class: "msg-bubble" });
      K.appendText(bubble, text || "");
      item.appendChild(bubble);
    }
    if (files.length) {
      var box = K.el("div", { class: "msg-files" });
      K.renderFiles(files, box);
      item.appendChild(box);
    }
    item.appendChild(K.el("p", { class: "msg-meta msg-sending" }, t("sending")));
    return item;
  }

  function queue(kind, frame, text, files) {
    var key = frame.client_key;
    var item = renderPending(text, files || []);
    item.setAttribute("data-client-key", key);
    chat.pending[key] = { kind: kind, frame: frame, el: item, acked: false, seqs: [], timer: null, tries: 0, failed: false };
    dom.pending.appendChild(item);
    scrollToEnd(true);
    deliver(key);
  }

  function deliver(key) {
    var pending = chat.pending[key];
    if (!pending || pending.acked) {
      return;
    }
    if (chat.mode === "poll") {
      post(key);
      return;
    }
    if (sendFrame(pending.frame)) {
      clearTimeout(pending.timer);
      pending.timer = setTimeout(function () {
        if (!pending.acked && chat.pending[key] && chat.socket) {
          chat.socket.close(); // no ack: the socket is dead even if it does not know it yet
        }
      }, ACK_TIMEOUT_MS);
    }
    // otherwise it goes out when the socket opens again (flushPending)
  }

  function flushPending() {
    Object.keys(chat.pending).forEach(function (key) {
      var pending = chat.pending[key];
      if (!pending.acked && !pending.failed) {
        deliver(key);
      }
    });
  }

  function post(key) {
    var pending = chat.pending[key];
    var generation = chat.generation;
    var frame = pending.frame;
    var request =
      pending.kind === "choose"
        ? K.api("POST", conversationPath("/choices"), { payload: frame.payload, label: frame.label, client_key: key })
        : K.api("POST", conversationPath("/messages"), { body: frame.body, client_key: key, attachments: frame.attachments });
    request.then(function (result) {
      if (generation !== chat.generation || chat.pending[key] !== pending) {
        return;
      }
      if (result.ok) {
        pending.acked = true;
        pending.seqs = (result.data || []).map(function (m) {
          return m.seq;
        });
        addMessages(result.data || []);
        settle(key);
        return;
      }
      if (result.network || result.status >= 500) {
        pending.tries += 1;
        setTimeout(function () {
          deliver(key);
        }, Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, pending.tries)));
        return;
      }
      failed(key, K.errorText(result));
    });
  }

  function acknowledged(key, seqs) {
    var pending = chat.pending[key];
    if (!pending) {
      return;
    }
    pending.acked = true;
    pending.seqs = seqs;
    clearTimeout(pending.timer);
    if (
      seqs.some(function (seq) {
        return chat.seen[seq];
      })
    ) {
      settle(key);
    }
  }

  function settleBySeq(seq) {
    Object.keys(chat.pending).forEach(function (key) {
      var pending = chat.pending[key];
      if (pending.acked && pending.seqs.indexOf(seq) >= 0) {
        settle(key);
      }
    });
  }

  function settle(key) {
    var pending = chat.pending[key];
    if (!pending) {
      return;
    }
    clearTimeout(pending.timer);
    if (pending.el.parentNode) {
      pending.el.parentNode.removeChild(pending.el);
    }
    delete chat.pending[key];
    refreshQuickReplies();
  }

  function failed(key, text) {
    var pending = chat.pending[key];
    if (!pending) {
      return;
    }
    clearTimeout(pending.timer);
    pending.failed = true;
    chat.expectingAnswerUntil = 0;
    refreshTyping();
    pending.el.classList.add("is-failed");
    var status = pending.el.querySelector(".msg-sending");
    var retry = K.el("button", { type: "button", class: "msg-retry", "data-testid": "message-retry" }, t("send_failed"));
    retry.addEventListener("click", function () {
      pending.failed = false;
      pending.tries = 0;
      pending.el.classList.remove("is-failed");
      retry.parentNode.replaceChild(K.el("p", { class: "msg-meta msg-sending" }, t("sending")), retry);
      deliver(key);
    });
    if (status) {
      status.parentNode.replaceChild(retry, status);
    }
    showError(text);
    refreshQuickReplies();
  }

  function expectAnswer() {
    if (!chat.conversation || chat.conversation.status !== "bot" || chat.conversation.leave_message) {
      return;
    }
    chat.expectingAnswerUntil = Date.now() + ANSWER_WAIT_MS;
    refreshTyping();
    clearTimeout(chat.answerTimer);
    chat.answerTimer = setTimeout(refreshTyping, ANSWER_WAIT_MS + 50);
  }

  function choose(reply) {
    if (isEnded() || chat.id === null) {
      return;
    }
    var key = K.newKey();
    queue("choose", { type: "choose", payload: reply.payload, label: reply.label, client_key: key }, reply.label);
    refreshQuickReplies();
    if (reply.payload !== "human") {
      expectAnswer();
    }
  }

  function submit() {
    if (chat.id === null || isEnded() || chat.uploading > 0) {
      return;
    }
    var text = dom.input.value.trim();
    var files = chat.tray.slice();
    if (!text && !files.length) {
      return;
    }
    var key = K.newKey();
    var frame = {
      type: "send",
      body: text,
      client_key: key,
      attachments: files.map(function (file) {
        return file.id;
      }),
    };
    queue("send", frame, text, files);
    dom.input.value = "";
    chat.tray = [];
    renderTray();
    autosize();
    updateSendState();
    if (text) {
      expectAnswer();
    }
    dom.input.focus();
  }

  /* "typing" for the agent's screen: only while a person has (or is about to have) the chat. */
  function typing() {
    var status = chat.conversation && chat.conversation.status;
    if (chat.id === null || (status !== "queued" && status !== "agent") || !dom.input.value.trim()) {
      return;
    }
    var now = Date.now();
    if (now - chat.lastTypingAt < TYPING_EVERY_MS) {
      return;
    }
    chat.lastTypingAt = now;
    if (!sendFrame({ type: "typing" }) && chat.mode === "poll") {
      K.api("POST", conversationPath("/typing"));
    }
  }

  // -- files ---------------------------------------------------------------------------------------------

  function upload(files) {
    if (!files.length || chat.id === null || isEnded()) {
      return;
    }
    var form = new FormData();
    files.forEach(function (file) {
      form.append("files", file, file.name);
    });
    var generation = chat.generation;
    chat.uploading += 1;
    var placeholder = K.el("li", { class: "tray-item tray-uploading", "data-testid": "attachment-uploading" }, t("uploading"));
    dom.tray.appendChild(placeholder);
    dom.tray.hidden = false;
    updateSendState();
    K.api("POST", conversationPath("/attachments"), form).then(function (result) {
      chat.uploading -= 1;
      if (placeholder.parentNode) {
        placeholder.parentNode.removeChild(placeholder);
      }
      if (generation !== chat.generation) {
        return;
      }
      if (!result.ok) {
        showError(K.errorText(result));
      } else {
        (result.data || []).forEach(function (file) {
          chat.tray.push(file);
        });
      }
      renderTray();
      updateSendState();
    });
  }

  function renderTray() {
    var uploading = dom.tray.querySelectorAll(".tray-uploading");
    dom.tray.textContent = "";
    chat.tray.forEach(function (file, index) {
      var item = K.el("li", { class: "tray-item", "data-testid": "attachment-preview", "data-attachment-id": file.id });
      if (file.kind === "image" && K.isLocalPath(file.url)) {
        item.appendChild(K.el("img", { src: file.url, alt: file.filename || "", class: "tray-thumb" }));
      } else {
        item.appendChild(K.el("span", { class: "file-chip" }, file.filename || "PDF"));
      }
      var remove = K.el("button", {
        type: "button",
        class: "tray-remove",
        "data-testid": "attachment-remove",
        "aria-label": t("attachment_remove", { name: file.filename || "" }),
      }, "×");
      remove.addEventListener("click", function () {
        chat.tray.splice(index, 1);
        renderTray();
        updateSendState();
      });
      item.appendChild(remove);
      dom.tray.appendChild(item);
    });
    for (var i = 0; i < uploading.length; i++) {
      dom.tray.appendChild(uploading[i]);
    }
    dom.tray.hidden = dom.tray.children.length === 0;
  }

  // -- the conversation's state --------------------------------------------------------------------------

  function applyState(conversation) {
    if (!conversation || conversation.id !== chat.id) {
      return;
    }
    if (chat.conversation && conversation.revision < chat.conversation.revision) {
      return; // an older answer arriving late
    }
    chat.conversation = conversation;
    var status = conversation.status;
    if (conversation.agent && conversation.agent.code) {
      chat.names[conversation.agent.code] = conversation.agent.name;
    }
    var heading = t("chat_status_" + status);
    if (status === "agent" && conversation.agent) {
      heading = t("sender_agent_named", { name: conversation.agent.name });
    }
    dom.status.textContent = heading;
    dom.endChat.hidden = status === "ended";
    dom.talk.hidden = status !== "bot" || !!conversation.leave_message;
    dom.guest.hidden = chat.role !== "guest";

    dom.queue.hidden = status !== "queued";
    if (status === "queued") {
      var position = conversation.queue_position;
      dom.queue.textContent = position ? t("queue_position", { n: position }) : t("queue_waiting");
      dom.queue.setAttribute("data-position", position ? String(position) : "");
    }
    var serving = status === "agent" && conversation.agent;
    dom.agent.hidden = !serving;
    if (serving) {
      dom.agent.textContent = t("agent_serving", { name: conversation.agent.name, code: conversation.agent.code });
      dom.agent.setAttribute("data-agent-code", conversation.agent.code);
    }
    var leaving = !!conversation.leave_message && status === "bot";
    dom.leave.hidden = !leaving;

    K.renderTransaction(conversation.context, dom.transaction);
    renderEnded(conversation);
    dom.input.disabled = status === "ended";
    dom.attach.disabled = status === "ended";
    dom.input.placeholder = t(
      status === "ended" ? "input_placeholder_ended" : leaving ? "input_placeholder_leave" : "input_placeholder"
    );
    if (status === "agent" && conversation.agent_typing) {
      clearTimeout(chat.agentTypingTimer);
      chat.agentTypingTimer = setTimeout(function () {
        if (chat.conversation === conversation) {
          conversation.agent_typing = false;
          refreshTyping();
        }
      }, AGENT_TYPING_MS);
    }
    updateSendState();
    refreshTyping();
    refreshQuickReplies();
    refreshRead();
  }

  function refreshTyping() {
    var conversation = chat.conversation;
    var text = "";
    if (conversation && conversation.status === "agent" && conversation.agent_typing) {
      text = t("typing_agent");
    } else if (conversation && conversation.status === "bot" && Date.now() < chat.expectingAnswerUntil) {
      text = t("typing_assistant");
    }
    dom.typingText.textContent = text;
    dom.typing.hidden = !text;
    if (text) {
      scrollToEnd(false);
    }
  }

  function renderEnded(conversation) {
    var ended = conversation.status === "ended";
    var wasHidden = dom.ended.hidden;
    dom.ended.hidden = !ended;
    if (!ended) {
      return;
    }
    var leftMessage = conversation.end_reason === "left_message";
    var rated = conversation.rating !== null && conversation.rating !== undefined;
    dom.endedNote.hidden = !leftMessage;
    dom.ratingForm.hidden = leftMessage || rated;
    dom.ratingThanks.hidden = !rated;
    var age = Date.now() - new Date(conversation.last_message_at).getTime();
    var canContinue = chat.role === "customer" && conversation.channel === "chat" && age < CONTINUE_DAYS * 86400000;
    dom.continueChat.hidden = !canContinue;
    if (wasHidden) {
      scrollToEnd(true);
    }
  }

  function pickStars(n) {
    chat.stars = n;
    var stars = dom.ratingForm.querySelectorAll(".star");
    for (var i = 0; i < stars.length; i++) {
      var value = Number(stars[i].getAttribute("data-stars"));
      stars[i].classList.toggle("is-on", value <= n);
      stars[i].setAttribute("aria-pressed", value === n ? "true" : "false");
    }
  }

  function act(path, body, button) {
    if (chat.id === null) {
      return Promise.resolve(null);
    }
    if (button) {
      button.disabled = true;
    }
    var generation = chat.generation;
    return K.api("POST", conversationPath(path), body).then(function (result) {
      if (button) {
        button.disabled = false;
      }
      if (generation !== chat.generation) {
        return null;
      }
      if (!result.ok) {
        showError(K.errorText(result));
        return null;
      }
      if (result.data && result.data.id === chat.id) {
        applyState(result.data);
      }
      return result;
    });
  }

  // -- the composer --------------------------------------------------------------------------------------

  function autosize() {
    dom.input.style.height = "auto";
    dom.input.style.height = Math.min(dom.input.scrollHeight, 160) + "px";
  }

  function updateSendState() {
    var empty = !dom.input.value.trim() && chat.tray.length === 0;
    dom.send.disabled = empty || chat.uploading > 0 || isEnded() || chat.id === null;
  }

  function wire() {
    dom.form.addEventListener("submit", function (event) {
      event.preventDefault();
      submit();
    });
    dom.input.addEventListener("keydown", function (event) {
      // Enter sends; Shift+Enter is a new line; never while an input method is composing (pinyin)
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        submit();
      }
    });
    dom.input.addEventListener("input", function () {
      autosize();
      updateSendState();
      typing();
    });
    dom.attach.addEventListener("change", function () {
      var files = Array.prototype.slice.call(dom.attach.files || []);
      dom.attach.value = "";
      upload(files);
    });
    dom.talk.addEventListener("click", function () {
      act("/agent", undefined, dom.talk);
    });
    dom.endChat.addEventListener("click", function () {
      act("/end", undefined, dom.endChat);
    });
    var stars = dom.ratingForm.querySelectorAll(".star");
    for (var i = 0; i < stars.length; i++) {
      stars[i].addEventListener("click", function (event) {
        pickStars(Number(event.currentTarget.getAttribute("data-stars")));
      });
    }
    dom.ratingForm.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!chat.stars) {
        showError(t("rating_choose"));
        return;
      }
      var comment = dom.ratingComment.value.trim();
      var submitButton = dom.ratingForm.querySelector('[type="submit"]');
      act("/rating", { stars: chat.stars, comment: comment || null }, submitButton);
    });
    dom.continueChat.addEventListener("click", function () {
      act("/continue", undefined, dom.continueChat);
    });
    dom.newChat.addEventListener("click", function () {
      remember(null);
      dom.newChat.disabled = true;
      start(null).then(function () {
        dom.newChat.disabled = false;
      });
    });
    dom.back.addEventListener("click", function (event) {
      var referrer = document.referrer;
      if (referrer && referrer.indexOf(window.location.origin + "/") === 0 && window.history.length > 1) {
        event.preventDefault();
        window.history.back();
      }
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") {
        sendRead();
        reconnectNow();
      }
    });
    window.addEventListener("online", reconnectNow);
    updateSendState();
  }

  boot();
})();
