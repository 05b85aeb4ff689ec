// The agent console's chat screen: the queue (polled), one live conversation (WebSocket), the composer.
// No framework; every customer-supplied text goes in with textContent, never as HTML.
(function () {
  "use strict";
  const root = document.getElementById("console-chats");
  if (!root) return;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const L = JSON.parse(document.getElementById("console-strings").textContent);
  const $ = (sel, el) => (el || document).querySelector(sel);
  const el = (tag, attrs, text) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  };
  const api = async (method, path, body) => {
    const init = { method, headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    if (response.status === 401) { window.location.href = "/console/sign-in?next=/console/chats"; return null; }
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) {
      const message = data && data.error ? data.error.message[L.locale] || data.error.message.en : response.statusText;
      flash(message);
      throw new Error(message);
    }
    return data;
  };
  const flash = (text) => {
    const box = $("#console-flash");
    box.textContent = text;
    box.hidden = !text;
  };

  let current = null; // {id, socket, lastSeq, locale, seen:Set}
  let canned = [];

  // ---- queue ----
  const renderQueue = (data) => {
    const waiting = $("#console-waiting");
    waiting.replaceChildren();
    for (const c of data.waiting) {
      const li = el("li", { "data-testid": "console-waiting-item", "data-id": String(c.id) });
      const label = `#${c.id} · ${c.customer || L.guest} · ${c.queue_locale}` + (c.priority > 0 ? ` · ${L.urgent}` : "");
      li.append(el("span", { class: "who" }, label));
      if (c.returning_to_me) li.append(el("span", { class: "tag" }, L.returning));
      const button = el("button", { type: "button", "data-testid": "console-accept" }, L.accept);
      button.addEventListener("click", async () => {
        await api("POST", `/console/api/conversations/${c.id}/accept`);
        await refresh();
        open(c.id);
      });
      li.append(button);
      waiting.append(li);
    }
    if (!data.waiting.length) waiting.append(el("li", { class: "empty" }, L.no_waiting));
    const mine = $("#console-mine");
    mine.replaceChildren();
    for (const c of data.mine) {
      const li = el("li", { "data-testid": "console-mine-item", "data-id": String(c.id) });
      const link = el("button", { type: "button", class: "link" }, `#${c.id} · ${c.customer || L.guest}`);
      link.addEventListener("click", () => open(c.id));
      li.append(link);
      if (c.unread > 0 && (!current || current.id !== c.id)) li.append(el("span", { class: "badge" }, String(c.unread)));
      mine.append(li);
    }
    if (!data.mine.length) mine.append(el("li", { class: "empty" }, L.no_chats));
    const sizes = Object.entries(data.sizes).map(([k, v]) => `${k}: ${v}`).join(" · ");
    $("#console-sizes").textContent = sizes || "0";
    $("#console-status").value = data.me.status;
    const load = $("#console-load");
    if (load && data.load) {
      const body = load.querySelector("tbody");
      body.replaceChildren();
      for (const a of data.load) {
        const tr = el("tr");
        for (const v of [a.code, a.name, a.status, a.languages.join(","), `${a.active_chats}/${a.max_chats}`]) tr.append(el("td", {}, v));
        body.append(tr);
      }
    }
  };
  const refresh = async () => {
    try { renderQueue(await api("GET", "/console/api/queue")); } catch (e) { /* shown by flash */ }
  };
  $("#console-status").addEventListener("change", (e) => api("POST", "/console/api/status", { status: e.target.value }));

  // ---- one conversation ----
  const renderMessage = (m) => {
    if (!current || current.seen.has(m.seq)) return;
    current.seen.add(m.seq);
    current.lastSeq = Math.max(current.lastSeq, m.seq);
    const li = el("li", {
      class: `msg ${m.sender}${m.internal ? " internal" : ""}`,
      "data-testid": "console-message", "data-sender": m.sender, "data-seq": String(m.seq),
    });
    const who = m.sender === "agent" ? (m.sender_id || L.agent) : L["sender_" + m.sender] || m.sender;
    li.append(el("span", { class: "meta" }, `${who}${m.internal ? " · " + L.note : ""}`));
    if (m.body) li.append(el("p", { class: "body" }, m.body));
    for (const a of m.attachments || []) {
      if (a.kind === "image") {
        const link = el("a", { href: a.url, target: "_blank", rel: "noopener" });
        link.append(el("img", { src: a.url, alt: a.filename, class: "thumb", "data-testid": "console-attachment" }));
        li.append(link);
      } else {
        li.append(el("a", { href: a.url, target: "_blank", rel: "noopener", "data-testid": "console-attachment" }, a.filename));
      }
    }
    if (m.payload && m.payload.article) {
      li.append(el("a", { href: m.payload.article.link, target: "_blank", rel: "noopener", class: "article" }, m.payload.article.title));
    }
    const list = $("#console-messages");
    list.append(li);
    list.scrollTop = list.scrollHeight;
  };
  const renderState = (c) => {
    $("#console-conversation-status").textContent = `${L["status_" + c.status] || c.status}` +
      (c.case_number ? ` · ${c.case_number}` : "") + (c.customer_typing ? ` · ${L.typing}` : "");
    $("#console-conversation").dataset.status = c.status;
    const live = c.status === "agent";
    for (const id of ["console-send", "console-end", "console-transfer-go"]) $("#" + id).disabled = !live;
  };
  const renderSide = (data) => {
    const profile = $("#console-profile");
    profile.replaceChildren();
    if (data.customer) {
      for (const [k, v] of Object.entries(data.customer)) if (v) profile.append(el("dt", {}, L["field_" + k] || k), el("dd", {}, v));
    } else {
      profile.append(el("dd", {}, L.guest));
    }
    const ctx = data.conversation.context || {};
    for (const [k, v] of Object.entries(ctx)) profile.append(el("dt", {}, k), el("dd", {}, v));
    const cases = $("#console-cases");
    cases.replaceChildren();
    for (const c of data.cases) cases.append(el("li", {}, `${c.number} · ${c.topic} · ${c.status}`));
    if (!data.cases.length) cases.append(el("li", { class: "empty" }, "—"));
    const tips = $("#console-suggestions");
    tips.replaceChildren();
    for (const s of data.suggestions) {
      const li = el("li");
      const use = el("button", { type: "button", class: "link", "data-testid": "console-suggestion" }, s.title);
      use.addEventListener("click", () => insert(`${s.title}: ${location.origin}${s.link}`));
      li.append(use);
      tips.append(li);
    }
    if (!data.suggestions.length) tips.append(el("li", { class: "empty" }, "—"));
  };
  const insert = (text) => {
    const input = $("#console-input");
    input.value = input.value ? input.value + "\n" + text : text;
    input.focus();
  };
  const open = async (id) => {
    if (current && current.socket) current.socket.close();
    current = { id, socket: null, lastSeq: 0, seen: new Set(), retry: 0 };
    $("#console-messages").replaceChildren();
    $("#console-conversation").hidden = false;
    $("#console-conversation-title").textContent = `#${id}`;
    const data = await api("GET", `/console/api/conversations/${id}`);
    current.locale = data.conversation.locale;
    renderSide(data);
    renderState(data.conversation);
    connect();
  };
  const connect = () => {
    const me = current;
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}/console/api/conversations/${me.id}/socket?after=${me.lastSeq}`);
    me.socket = socket;
    socket.addEventListener("open", () => { me.retry = 0; });
    socket.addEventListener("message", (event) => {
      if (current !== me) return;
      const frame = JSON.parse(event.data);
      if (frame.type === "message") {
        renderMessage(frame.message);
        socket.send(JSON.stringify({ type: "read", seq: me.lastSeq }));
      } else if (frame.type === "state") {
        renderState(frame.conversation);
      } else if (frame.type === "error") {
        flash(frame.message ? frame.message[L.locale] || frame.message.en : frame.code);
      }
    });
    socket.addEventListener("close", () => {
      if (current !== me) return;
      me.retry = Math.min(me.retry + 1, 6);
      setTimeout(() => { if (current === me) connect(); }, 500 * me.retry);
    });
  };
  let typingSent = 0;
  $("#console-input").addEventListener("input", () => {
    const now = Date.now();
    if (current && current.socket && current.socket.readyState === 1 && now - typingSent > 3000 && !$("#console-internal").checked) {
      typingSent = now;
      current.socket.send(JSON.stringify({ type: "typing" }));
    }
  });
  $("#console-composer").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!current) return;
    const input = $("#console-input");
    const body = input.value.trim();
    const files = $("#console-files").files;
    let attachments = [];
    if (files.length) {
      const form = new FormData();
      for (const f of files) form.append("files", f);
      const response = await fetch(`/console/api/conversations/${current.id}/attachments`, {
        method: "POST", body: form, headers: { "X-CSRF-Token": csrf }, credentials: "same-origin",
      });
      const data = await response.json();
      if (!response.ok) { flash(data.error.message[L.locale] || data.error.message.en); return; }
      attachments = data.map((a) => a.id);
    }
    if (!body && !attachments.length) return;
    await api("POST", `/console/api/conversations/${current.id}/messages`, {
      body, attachments, internal: $("#console-internal").checked, client_key: crypto.randomUUID(),
    });
    input.value = "";
    $("#console-files").value = "";
    flash("");
  });
  $("#console-end").addEventListener("click", async () => {
    if (current) { await api("POST", `/console/api/conversations/${current.id}/end`); refresh(); }
  });
  $("#console-transfer-go").addEventListener("click", async () => {
    if (!current) return;
    const target = $("#console-transfer").value.trim();
    const body = /^(zh-CN|en)$/.test(target) ? { locale: target } : { agent_code: target };
    await api("POST", `/console/api/conversations/${current.id}/transfer`, body);
    refresh();
  });
  $("#console-case").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!current) return;
    const data = await api("POST", `/console/api/conversations/${current.id}/case`, {
      topic: $("#console-case-topic").value, summary: $("#console-case-summary").value,
    });
    flash(`${L.case_opened} ${data.number}`);
  });
  $("#console-canned").addEventListener("change", (event) => {
    const item = canned.find((c) => c.key === event.target.value);
    if (item) insert(item[current && current.locale === "en" ? "en" : "zh-CN"]);
    event.target.value = "";
  });
  (async () => {
    canned = await api("GET", "/console/api/canned");
    const select = $("#console-canned");
    for (const c of canned) select.append(el("option", { value: c.key }, c[L.locale] || c.en));
    refresh();
    setInterval(refresh, 3000);
  })();
})();
