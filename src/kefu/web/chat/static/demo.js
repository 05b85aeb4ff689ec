/* kefu demo wallet (/demo/wallet): plays the wallet app signing its customer in to support.
 *
 * The server put the demo customer's wallet id and its signature (hex HMAC-SHA256 under the identity
 * secret, as the wallet backend would) in the page configuration. This sends them to
 * POST /api/v1/chat/session as X-Kefu-Customer / X-Kefu-Signature, which sets the kefu_chat cookie; links
 * marked data-needs-session ("Chat with us", "My conversations", "Get help") wait for that before opening.
 * #session-status says how it went (data-state: pending | ready | failed | guest).
 */
(function () {
  "use strict";

  var K = window.KefuChat;
  if (!K || K.config.page !== "wallet") {
    return;
  }
  var identity = K.config.identity || {};
  var status = document.getElementById("session-status");
  var ready = Promise.resolve(true);

  function mark(state, text) {
    status.setAttribute("data-state", state);
    status.textContent = text;
  }

  if (identity.customer && identity.signature) {
    ready = fetch(K.API + "/session", {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-Kefu-Customer": identity.customer, "X-Kefu-Signature": identity.signature },
    })
      .then(function (response) {
        return response.json().then(
          function (data) {
            return { ok: response.ok, status: response.status, data: data, network: false };
          },
          function () {
            return { ok: response.ok, status: response.status, data: null, network: false };
          }
        );
      })
      .catch(function () {
        return { ok: false, status: 0, data: null, network: true };
      })
      .then(function (result) {
        if (result.ok) {
          mark("ready", K.t("wallet_signed_in"));
          return true;
        }
        mark("failed", K.t("wallet_sign_in_failed", { message: K.errorText(result) }));
        return false;
      });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-needs-session]") : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) {
      return;
    }
    var state = status.getAttribute("data-state");
    if (state === "ready" || state === "guest") {
      return;
    }
    event.preventDefault();
    if (state === "failed") {
      return; // signing in failed: opening the chat now would quietly make the customer a guest
    }
    ready.then(function (ok) {
      if (ok) {
        window.location.href = link.href;
      }
    });
  });
})();
