// Vägvisaren: quick exit ("Lämna sidan"), after GOV.UK's "Exit this page", which was designed
// and tested with survivors of domestic abuse. Same-origin script, loaded with defer; without
// it the links themselves go to the neutral site.
// - The button, the secondary link (a skip link, so assistive technology reaches it directly)
//   and Shift pressed three times within a second all leave. Escape does not: in most browsers
//   Escape stops a page that is loading, so a panicked press could cancel the exit, and it
//   clashes with closing dialogs and with assistive technology.
// - A blank overlay covers the page at once, with a role=status announcement, while the neutral
//   page loads; location.replace() swaps this page's history entry for the neutral site.
// - A page restored from the back-forward cache behaves the same (and leaves again if it was
//   restored while leaving).
// - Opt-in, for the open tab only (sessionStorage): "lämna inga spår i bakåt-knappen". Links
//   and GET forms inside the site replace the current history entry instead of adding one, so
//   the whole visit is one entry, and after an exit Back leaves the site.
(function () {
  "use strict";
  var exit = document.getElementById("lamna-sidan");
  if (!exit) { return; }
  var neutral = exit.getAttribute("data-neutral-url") || exit.getAttribute("href");
  var ONE_ENTRY = "vagvisare-inga-spar";
  var leaving = false;
  var overlay = null;

  function storage() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }

  function oneEntry() {
    var s = storage();
    return !!s && s.getItem(ONE_ENTRY) === "1";
  }

  function setOneEntry(on) {
    var s = storage();
    if (!s) { return false; }
    try {
      if (on) { s.setItem(ONE_ENTRY, "1"); } else { s.removeItem(ONE_ENTRY); }
    } catch (e) { return false; }
    return true;
  }

  function showOverlay() {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.className = "lamna-skydd";
      var text = document.createElement("p");
      text.setAttribute("role", "status");
      overlay.appendChild(text);
      document.body.appendChild(overlay);
      // Set the text after insertion so that screen readers announce it.
      window.setTimeout(function () { text.textContent = exit.getAttribute("data-leaving") || "Lämnar sidan"; }, 0);
    }
    document.documentElement.classList.add("lamnar");
  }

  function leave(event) {
    if (event) { event.preventDefault(); }
    leaving = true;
    showOverlay();
    document.title = "";
    window.location.replace(neutral);
  }

  var links = document.querySelectorAll("[data-lamna]");
  for (var i = 0; i < links.length; i++) { links[i].addEventListener("click", leave); }

  // Shift three times within a second; any other key starts the count again.
  var presses = [];
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") {
      presses = [];
      return;
    }
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 1000; });
    presses.push(now);
    if (presses.length >= 3) {
      presses = [];
      leave();
    }
  });

  // Restored from the back-forward cache: start counting afresh, and if the page was kept
  // while leaving, leave again rather than show it.
  window.addEventListener("pageshow", function (event) {
    presses = [];
    if (event.persisted && (leaving || document.documentElement.classList.contains("lamnar"))) {
      leave();
    }
  });

  // "Lämna inga spår i bakåt-knappen": same-origin navigation replaces the entry.
  function sameSite(url) {
    return url.protocol === window.location.protocol && url.host === window.location.host;
  }

  function go(href) {
    if (oneEntry()) { window.location.replace(href); } else { window.location.href = href; }
  }
  window.vagvisareGo = go;

  document.addEventListener("click", function (event) {
    if (!oneEntry() || event.defaultPrevented || event.button !== 0) { return; }
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) { return; }
    var a = event.target.closest ? event.target.closest("a[href]") : null;
    if (!a || a.hasAttribute("download") || a.hasAttribute("data-lamna")) { return; }
    if (a.target && a.target !== "_self") { return; }
    var url = new URL(a.getAttribute("href"), window.location.href);
    if (!sameSite(url)) { return; }
    // A link to a place on the same page only scrolls; nothing to replace.
    if (url.pathname === window.location.pathname && url.search === window.location.search && url.hash) { return; }
    event.preventDefault();
    window.location.replace(url.href);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!oneEntry() || event.defaultPrevented || (form.method || "get").toLowerCase() !== "get") { return; }
    var url = new URL(form.getAttribute("action") || window.location.href, window.location.href);
    if (!sameSite(url)) { return; }
    event.preventDefault();
    url.search = new URLSearchParams(new FormData(form)).toString();
    window.location.replace(url.href);
  });

  // The switch on "Surfa säkrare", placed after the heading of the section that explains it.
  var heading = null;
  var headings = document.querySelectorAll("main h2");
  for (var h = 0; h < headings.length; h++) {
    if (headings[h].textContent.trim() === "Lämna inga spår i bakåt-knappen") { heading = headings[h]; }
  }
  if (heading && storage()) {
    var box = document.createElement("div");
    box.className = "inga-spar";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "knapp";
    button.id = "inga-spar-knapp";
    var state = document.createElement("p");
    state.id = "inga-spar-status";
    state.setAttribute("role", "status");
    var render = function () {
      var on = oneEntry();
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "Stäng av: lämna inga spår i bakåt-knappen" : "Slå på: lämna inga spår i bakåt-knappen";
      state.textContent = on
        ? "På. Sidorna du läser härifrån blir ett enda steg i bakåt-knappen. Det gäller tills du stänger fliken."
        : "Av. Varje sida du läser blir ett eget steg i bakåt-knappen.";
    };
    button.addEventListener("click", function () {
      setOneEntry(!oneEntry());
      render();
    });
    render();
    box.appendChild(button);
    box.appendChild(state);
    var after = heading.nextElementSibling && heading.nextElementSibling.tagName === "P" ? heading.nextElementSibling : heading;
    after.parentNode.insertBefore(box, after.nextSibling);
  }
})();

// Vägvisaren: search results as you type in the header search box (owned by the search
// service; keep it in this block). Without JavaScript the form simply submits to /sok.
// Contract (the browser tests rely on it): the input is a combobox controlling
// <ul id="sokforslag" role="listbox">; options are links <a role="option" id="sokforslag-N">
// in <li role="none"> (a link inside an option would be a nested control, axe-core
// nested-interactive); ArrowDown/ArrowUp move aria-activedescendant and aria-selected; Enter opens the active
// option, or submits the form when none is active; Esc closes the list. An Esc that closes the
// list is stopped here (keydown and keyup), so it never counts towards the quick exit's
// keys. Queries go only to our own /api/search and are never stored.
(function () {
  "use strict";
  var input = document.getElementById("sokruta");
  if (!input || !window.fetch) { return; }
  var form = input.form;
  var wrapper = input.parentNode;
  var DEBOUNCE_MS = 150;
  var LIMIT = 8;

  var list = document.createElement("ul");
  list.id = "sokforslag";
  list.className = "sokforslag";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", form.getAttribute("data-suggestions") || "Sökförslag");
  // The page's language (a hidden field on pages in another language): its hits come first.
  var langField = form.querySelector("input[name=lang]");
  var langParam = langField ? "&lang=" + encodeURIComponent(langField.value) : "";
  list.hidden = true;
  wrapper.parentNode.insertBefore(list, wrapper.nextSibling);

  var status = document.createElement("div");
  status.className = "sokforslag-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  list.parentNode.insertBefore(status, list.nextSibling);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", "sokforslag");

  var timer = null;
  var latest = 0;
  var active = -1;
  var swallowEscapeUp = false;

  function options() { return list.querySelectorAll("[role=option]"); }

  function isOpen() { return !list.hidden; }

  function open() {
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(-1);
  }

  function setActive(index) {
    var all = options();
    for (var i = 0; i < all.length; i++) { all[i].removeAttribute("aria-selected"); }
    active = index;
    if (index < 0 || index >= all.length) {
      active = -1;
      input.removeAttribute("aria-activedescendant");
      return;
    }
    all[index].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", all[index].id);
    if (all[index].scrollIntoView) { all[index].scrollIntoView({ block: "nearest" }); }
  }

  function option(index, href, build) {
    var li = document.createElement("li");
    li.setAttribute("role", "none");
    var a = document.createElement("a");
    a.setAttribute("role", "option");
    a.id = "sokforslag-" + index;
    a.href = href;
    a.tabIndex = -1;
    build(a);
    li.appendChild(a);
    return li;
  }

  function render(query, data) {
    list.textContent = "";
    var hits = data.hits || [];
    hits.forEach(function (hit, i) {
      list.appendChild(option(i, hit.url, function (a) {
        var title = document.createElement("span");
        title.className = "sokforslag-titel";
        title.textContent = hit.section ? hit.title + " – " + hit.section : hit.title;
        a.appendChild(title);
        if (hit.snippet) {
          var snippet = document.createElement("span");
          snippet.className = "sokforslag-utdrag";
          // The server escapes the text; only <mark> elements are markup.
          snippet.innerHTML = hit.snippet;
          a.appendChild(snippet);
        }
      }));
    });
    var all = option(hits.length, "/sok?q=" + encodeURIComponent(query) + langParam, function (a) {
      a.textContent = (form.getAttribute("data-show-all") || "Visa alla träffar för") + " ”" + query.trim() + "”";
    });
    all.className = "sokforslag-alla";
    list.appendChild(all);
    list.setAttribute("data-q", query);
    var n = data.total || 0;
    status.textContent = n === 1 ? "1 " + (form.getAttribute("data-hit") || "träff") : n + " " + (form.getAttribute("data-hits") || "träffar");
    active = -1;
    input.removeAttribute("aria-activedescendant");
    open();
  }

  function search() {
    var query = input.value;
    if (query.trim().length < 2 || query.length > 200) {
      close();
      status.textContent = "";
      return;
    }
    var id = ++latest;
    fetch("/api/search?q=" + encodeURIComponent(query) + "&limit=" + LIMIT + langParam, {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (id !== latest || !data || input.value !== query) { return; }
      render(query, data);
    }).catch(function () { /* the form still works */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, DEBOUNCE_MS);
  });

  input.addEventListener("keydown", function (event) {
    var count = options().length;
    if (event.key === "ArrowDown" || event.key === "Down") {
      if (count === 0) { return; }
      event.preventDefault();
      if (!isOpen()) {
        // Reopen the last suggestions (closed with Esc) if they still match the field.
        if (list.getAttribute("data-q") !== input.value) { return; }
        open();
      }
      setActive(active + 1 >= count ? 0 : active + 1);
    } else if (event.key === "ArrowUp" || event.key === "Up") {
      if (!isOpen() || count === 0) { return; }
      event.preventDefault();
      setActive(active <= 0 ? count - 1 : active - 1);
    } else if (event.key === "Enter") {
      if (isOpen() && active >= 0) {
        var link = options()[active];
        if (link) {
          event.preventDefault();
          (window.vagvisareGo || function (u) { window.location.href = u; })(link.getAttribute("href"));
        }
      }
      // No active option: the form submits to /sok as usual.
    } else if (event.key === "Escape" || event.key === "Esc") {
      if (isOpen()) {
        // Closing the list is not a quick-exit press.
        event.preventDefault();
        event.stopPropagation();
        swallowEscapeUp = true;
        close();
      }
    }
  });

  input.addEventListener("keyup", function (event) {
    if ((event.key === "Escape" || event.key === "Esc") && swallowEscapeUp) {
      swallowEscapeUp = false;
      event.stopPropagation();
    }
  });

  // Close when focus or a click leaves the search form.
  document.addEventListener("click", function (event) {
    if (isOpen() && !form.contains(event.target)) { close(); }
  });
  form.addEventListener("focusout", function (event) {
    if (isOpen() && event.relatedTarget && !form.contains(event.relatedTarget)) { close(); }
  });
})();
