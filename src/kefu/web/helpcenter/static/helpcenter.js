/* kefu help center: small enhancements on top of pages that work without JavaScript.
 *
 * 1. Instant suggestions under the search box (GET /api/v1/suggest), an ARIA combobox: up/down move,
 *    enter opens the highlighted suggestion (or submits the search), escape closes.
 * 2. "Was this helpful?" sent as JSON (POST /api/v1/feedback) and thanked without a reload; when that
 *    fails the form is posted the ordinary way.
 */
(function () {
  "use strict";

  var SUGGEST_DELAY_MS = 150;
  var SUGGEST_MAX_CHARS = 100; // what /api/v1/suggest accepts

  /* A URL on this site only (the API returns paths; never follow javascript: or another host). */
  function isLocalPath(url) {
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/" && url.indexOf("\\") < 0;
  }

  function setupSuggestions(form) {
    var input = form.querySelector('input[name="q"]');
    var list = document.getElementById("suggestions");
    if (!input || !list || !window.fetch) {
      return;
    }
    var locale = form.getAttribute("data-locale") || document.documentElement.lang;
    var active = -1;
    var ticket = 0;
    var timer = null;

    function options() {
      return list.querySelectorAll("li");
    }

    function close() {
      list.innerHTML = "";
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      var items = options();
      if (!items.length) {
        return;
      }
      active = (index + items.length) % items.length;
      for (var i = 0; i < items.length; i++) {
        items[i].setAttribute("aria-selected", i === active ? "true" : "false");
      }
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function show(suggestions) {
      list.innerHTML = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      suggestions.forEach(function (suggestion, index) {
        if (!suggestion || !isLocalPath(suggestion.url)) {
          return;
        }
        var item = document.createElement("li");
        item.id = "suggestion-" + index;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        var link = document.createElement("a");
        link.href = suggestion.url;
        link.textContent = suggestion.text;
        link.tabIndex = -1;
        item.appendChild(link);
        list.appendChild(item);
      });
      var open = options().length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
    }

    function fetchSuggestions() {
      var query = input.value.trim().slice(0, SUGGEST_MAX_CHARS);
      var mine = ++ticket;
      if (!query) {
        close();
        return;
      }
      var url = "/api/v1/suggest?" + new URLSearchParams({ q: query, locale: locale }).toString();
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          if (mine === ticket) {
            show((data && data.suggestions) || []);
          }
        })
        .catch(function () {
          if (mine === ticket) {
            close();
          }
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, SUGGEST_DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && options().length > 0;
      if (event.key === "ArrowDown" || event.key === "Down") {
        if (open) {
          event.preventDefault();
          highlight(active + 1);
        }
      } else if (event.key === "ArrowUp" || event.key === "Up") {
        if (open) {
          event.preventDefault();
          highlight(active - 1);
        }
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          window.location.href = options()[active].querySelector("a").href;
        }
      } else if (event.key === "Escape" || event.key === "Esc") {
        if (open) {
          event.preventDefault();
          ticket++;
          close();
        }
      }
    });

    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) {
        close();
      }
    });

    form.addEventListener("submit", function () {
      ticket++;
      clearTimeout(timer);
      close();
    });
  }

  /* Post the form the ordinary way (no submit event), keeping the pressed button's value. */
  function postForm(form, button) {
    if (button && button.name) {
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = button.name;
      field.value = button.value;
      form.appendChild(field);
    }
    HTMLFormElement.prototype.submit.call(form);
  }

  function setBusy(form, busy) {
    var buttons = form.querySelectorAll("button");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].disabled = busy;
    }
  }

  function sendFeedback(box, helpful, comment) {
    var body = {
      slug: box.getAttribute("data-slug"),
      locale: box.getAttribute("data-locale"),
      helpful: helpful,
      comment: comment,
      search_id: box.getAttribute("data-sid") || null,
    };
    var voteId = box.getAttribute("data-vote-id");
    if (comment && voteId) {
      body.vote_id = parseInt(voteId, 10); // the comment belongs to the vote just sent: count it once
    }
    return fetch("/api/v1/feedback", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("feedback failed: " + response.status);
      }
      return response.json().then(function (vote) {
        if (!comment && vote && vote.id) {
          box.setAttribute("data-vote-id", String(vote.id));
        }
      });
    });
  }

  function showThanks(box, form, vote) {
    var template = document.getElementById("thanks-template-" + vote);
    if (!template || !template.content) {
      return false;
    }
    var thanks = template.content.firstElementChild.cloneNode(true);
    thanks.classList.add("feedback-thanks");
    var field = thanks.querySelector("textarea");
    var label = thanks.querySelector("label");
    if (field && label) {
      field.id = "feedback-comment";
      label.htmlFor = "feedback-comment";
    }
    form.replaceWith(thanks);
    thanks.focus();
    return true;
  }

  function setupFeedback(box) {
    if (!window.fetch || !window.JSON) {
      return;
    }
    box.addEventListener("submit", function (event) {
      var form = event.target;
      var helpful;
      var comment = "";
      var button = event.submitter || null;
      if (form.classList.contains("feedback")) {
        if (!button || (button.value !== "yes" && button.value !== "no")) {
          return; // an older browser without event.submitter: let the form post
        }
        helpful = button.value === "yes";
      } else if (form.classList.contains("feedback-comment")) {
        helpful = false;
        comment = form.elements.comment.value.trim();
        if (!comment) {
          return;
        }
      } else {
        return;
      }
      event.preventDefault();
      setBusy(form, true);
      sendFeedback(box, helpful, comment)
        .then(function () {
          if (comment) {
            var done = document.createElement("p");
            done.className = "thanks-text";
            done.setAttribute("role", "status");
            done.textContent = box.getAttribute("data-comment-thanks");
            form.replaceWith(done);
          } else if (!showThanks(box, form, helpful ? "yes" : "no")) {
            postForm(form, button);
          }
        })
        .catch(function () {
          setBusy(form, false);
          postForm(form, button);
        });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var search = document.querySelector('form[role="search"]');
    if (search) {
      setupSuggestions(search);
    }
    var feedback = document.getElementById("feedback");
    if (feedback) {
      setupFeedback(feedback);
    }
  });
})();
