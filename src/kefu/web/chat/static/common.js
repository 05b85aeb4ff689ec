/* kefu chat pages: what every page shares (window.KefuChat).
 *
 * - the page's configuration: the JSON block #page-config (locale, the locale's strings, page settings);
 * - t(key, params): the page's words, {placeholders} filled;
 * - api(method, path, body): fetch with the chat cookie, answering {ok, status, data, network};
 *   errorText(result): the API's bilingual error in the page's language;
 * - renderMessage(message, names): one message as DOM (message bodies are always textContent, links are
 *   built as elements, never parsed from HTML; the assistant's **bold** and [label](link) likewise),
 *   renderTransaction(context, elements).
 *
 * No inline scripts or handlers anywhere, so the pages run under a strict Content-Security-Policy.
 */
(function () {
  "use strict";

  var configBlock = document.getElementById("page-config");
  var config = {};
  try {
    config = JSON.parse(configBlock ? configBlock.textContent : "{}") || {};
  } catch (error) {
    config = {};
  }
  var strings = config.strings || {};
  var locale = config.locale || document.documentElement.lang || "zh-CN";
  var API = "/api/v1/chat";

  function has(key) {
    return Object.prototype.hasOwnProperty.call(strings, key);
  }

  function t(key, params) {
    var text = has(key) ? strings[key] : key;
    if (params) {
      text = text.replace(/\{(\w+)\}/g, function (whole, name) {
        return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole;
      });
    }
    return text;
  }

  function tn(key, n) {
    return t(key + (n === 1 ? "_one" : "_other"), { n: n });
  }

  /* A client key for a send: crypto.randomUUID where the page is a secure context, else random hex. */
  function newKey() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) {
        return (b + 256).toString(16).slice(1);
      })
      .join("");
  }

  /* A path on this site only (never javascript:, never another host). */
  function isLocalPath(url) {
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/" && url.indexOf("\\") < 0;
  }

  function api(method, path, body) {
    var options = { method: method, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (body instanceof FormData) {
      options.body = body;
    } else if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(path, options).then(
      function (response) {
        return response.text().then(function (text) {
          var data = null;
          if (text) {
            try {
              data = JSON.parse(text);
            } catch (error) {
              data = null;
            }
          }
          return { ok: response.ok, status: response.status, data: data, network: false };
        });
      },
      function () {
        return { ok: false, status: 0, data: null, network: true };
      }
    );
  }

  /* {"zh-CN": ..., "en": ...} → the page's language (the other one when it is missing). */
  function messageOf(messages) {
    if (!messages || typeof messages !== "object") {
      return "";
    }
    return messages[locale] || messages.en || messages["zh-CN"] || "";
  }

  function errorText(result) {
    if (result && result.network) {
      return t("error_network");
    }
    var error = result && result.data && result.data.error;
    return (error && messageOf(error.message)) || t("error_generic");
  }

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    if (attributes) {
      Object.keys(attributes).forEach(function (name) {
        var value = attributes[name];
        if (value === null || value === undefined || value === false) {
          return;
        }
        if (name === "class") {
          node.className = value;
        } else {
          node.setAttribute(name, value === true ? "" : String(value));
        }
      });
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  var URL_PATTERN = /https?:\/\/[^\s<>"'\u3000-\u303f\uff01-\uff5e]+/g;

  /* Text as text nodes, with http(s) links made into <a> elements (the text itself is never parsed). */
  function appendText(parent, text) {
    var last = 0;
    String(text).replace(URL_PATTERN, function (match, offset) {
      var url = match.replace(/[.,;:!?)\]]+$/, "");
      if (offset > last) {
        parent.appendChild(document.createTextNode(text.slice(last, offset)));
      }
      parent.appendChild(el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url));
      last = offset + url.length;
      return match;
    });
    if (last < text.length) {
      parent.appendChild(document.createTextNode(text.slice(last)));
    }
  }

  var RICH_PATTERN = /\*\*([^*\n]+)\*\*|\[([^\]\n]+)\]\(([^)\s]+)\)/g;

  /* The assistant's little Markdown: **bold** and [label](link) (a path here or http(s)), as elements;
   * everything else stays text. */
  function appendRich(parent, text) {
    var last = 0;
    String(text).replace(RICH_PATTERN, function (match, bold, label, url, offset) {
      if (offset > last) {
        appendText(parent, text.slice(last, offset));
      }
      if (bold) {
        var strong = el("strong");
        appendText(strong, bold);
        parent.appendChild(strong);
      } else if (isLocalPath(url) || /^https?:\/\//.test(url)) {
        parent.appendChild(el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, label));
      } else {
        appendText(parent, match);
      }
      last = offset + match.length;
      return match;
    });
    if (last < text.length) {
      appendText(parent, text.slice(last));
    }
  }

  function sameDay(a, b) {
    return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
  }

  function formatTime(iso) {
    var at = new Date(iso);
    if (isNaN(at.getTime())) {
      return "";
    }
    var options = sameDay(at, new Date())
      ? { hour: "2-digit", minute: "2-digit" }
      : { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" };
    return new Intl.DateTimeFormat(locale, options).format(at);
  }

  function formatDate(iso) {
    var at = new Date(iso);
    if (isNaN(at.getTime())) {
      return "";
    }
    return new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", day: "numeric", weekday: "short" }).format(at);
  }

  function formatDateTime(iso) {
    var at = new Date(iso);
    if (isNaN(at.getTime())) {
      return "";
    }
    return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(at);
  }

  function senderName(message, names) {
    if (message.sender === "assistant") {
      return t("sender_assistant");
    }
    var name = names && message.sender_id ? names[message.sender_id] : "";
    return name ? t("sender_agent_named", { name: name }) : t("sender_agent");
  }

  function renderFiles(files, container) {
    files.forEach(function (file) {
      if (!file || !isLocalPath(file.url)) {
        return;
      }
      var name = file.filename || "";
      var link = el("a", {
        class: file.kind === "image" ? "msg-image" : "file-chip",
        href: file.url,
        target: "_blank",
        rel: "noopener",
        "aria-label": t("attachment_open", { name: name }),
      });
      if (file.kind === "image") {
        link.appendChild(
          el("img", {
            src: file.url,
            alt: name,
            loading: "lazy",
            width: file.width || null,
            height: file.height || null,
            "data-testid": "message-image",
          })
        );
      } else {
        link.setAttribute("data-testid", "message-file");
        link.appendChild(el("span", { class: "file-kind", "aria-hidden": "true" }, "PDF"));
        link.appendChild(el("span", { class: "file-name" }, name));
      }
      container.appendChild(link);
    });
  }

  /* One message as an <li>: data-testid="chat-message", data-sender, data-seq. */
  function renderMessage(message, names) {
    var payload = message.payload || {};
    var item = el("li", {
      class: "msg msg-" + message.sender,
      "data-testid": "chat-message",
      "data-sender": message.sender,
      "data-seq": String(message.seq),
    });
    if (message.sender === "system") {
      if (payload.event) {
        item.setAttribute("data-event", String(payload.event));
      }
      item.appendChild(el("p", { class: "msg-event", "data-testid": "message-body" }, message.body));
      return item;
    }
    if (message.sender !== "customer") {
      item.appendChild(el("p", { class: "msg-sender" }, senderName(message, names)));
    }
    var files = message.attachments || [];
    if (message.body || !files.length) {
      var bubble = el("div", { class: "msg-bubble", "data-testid": "message-body" });
      (message.sender === "assistant" ? appendRich : appendText)(bubble, message.body || "");
      item.appendChild(bubble);
    }
    if (files.length) {
      var box = el("div", { class: "msg-files" });
      renderFiles(files, box);
      item.appendChild(box);
    }
    var article = payload.article;
    if (article && article.title && isLocalPath(article.link)) {
      var card = el("a", { class: "article-card", href: article.link, "data-testid": "article-card", target: "_blank", rel: "noopener" });
      card.appendChild(el("span", { class: "article-title" }, article.title));
      card.appendChild(el("span", { class: "article-read" }, t("article_read")));
      item.appendChild(card);
    }
    if (payload.case_number) {
      item.appendChild(el("p", { class: "case-chip", "data-testid": "case-number" }, t("case_number", { number: payload.case_number })));
    }
    item.appendChild(el("p", { class: "msg-meta" }, formatTime(message.created_at)));
    return item;
  }

  function label(prefix, code) {
    return has(prefix + code) ? t(prefix + code) : code || "";
  }

  /* The transaction a chat was started from, into the card's elements ({card, line, detail}). */
  function renderTransaction(context, parts) {
    context = context || {};
    if (!parts.card || !context.transaction_id) {
      if (parts.card) {
        parts.card.hidden = true;
      }
      return;
    }
    var who = context.merchant || context.counterparty || "";
    var amount = context.amount ? context.amount + (context.currency ? " " + context.currency : "") : "";
    parts.line.textContent = [who, amount].filter(Boolean).join(" · ");
    parts.detail.textContent = [
      label("tx_type_", context.type),
      context.time || "",
      label("tx_status_", context.status),
      t("transaction_id", { id: context.transaction_id }),
    ]
      .filter(Boolean)
      .join(" · ");
    parts.card.hidden = false;
  }

  function topicName(key) {
    var topics = config.topics || {};
    return (key && topics[key]) || key || t("history_topic_none");
  }

  window.KefuChat = {
    API: API,
    config: config,
    locale: locale,
    t: t,
    tn: tn,
    newKey: newKey,
    isLocalPath: isLocalPath,
    api: api,
    messageOf: messageOf,
    errorText: errorText,
    el: el,
    appendText: appendText,
    appendRich: appendRich,
    formatTime: formatTime,
    formatDate: formatDate,
    formatDateTime: formatDateTime,
    renderFiles: renderFiles,
    renderMessage: renderMessage,
    renderTransaction: renderTransaction,
    topicName: topicName,
  };
})();
