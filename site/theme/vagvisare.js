// Vägvisaren: quick exit. Same-origin script, loaded with defer; the page works without it.
(function () {
  "use strict";
  var exit = document.getElementById("lamna-sidan");
  if (!exit) { return; }
  var neutral = exit.getAttribute("data-neutral-url") || exit.getAttribute("href");

  function leave(event) {
    if (event) { event.preventDefault(); }
    // Hide the page at once, in case the neutral site is slow to load.
    document.documentElement.classList.add("lamnar");
    document.title = "";
    // replace() keeps this page out of the Back button's history.
    window.location.replace(neutral);
  }
  exit.addEventListener("click", leave);

  // Shift three times, or Esc twice, within a second.
  var presses = { Shift: [], Escape: [] };
  var needed = { Shift: 3, Escape: 2 };
  document.addEventListener("keyup", function (event) {
    var key = event.key;
    if (!presses[key]) {
      presses.Shift = [];
      presses.Escape = [];
      return;
    }
    var now = Date.now();
    var list = presses[key].filter(function (t) { return now - t < 1000; });
    list.push(now);
    presses[key] = list;
    if (list.length >= needed[key]) { leave(); }
  });
})();

// Vägvisaren: search results as you type in the header search box (owned by the search
// service; keep it in this block). Without JavaScript the form simply submits to /sok.
// Contract (the browser tests rely on it): the input is a combobox controlling
// <ul id="sokforslag" role="listbox">; options are links <a role="option" id="sokforslag-N">
// in <li role="none"> (a link inside an option would be a nested control, axe-core
// nested-interactive); ArrowDown/ArrowUp move aria-activedescendant and aria-selected; Enter opens the active
// option, or submits the form when none is active; Esc closes the list. An Esc that closes the
// list is stopped here (keydown and keyup), so it never counts towards the quick exit's
// "Esc twice". Queries go only to our own /api/search and are never stored.
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
  list.setAttribute("aria-label", "Sökförslag");
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
    var all = option(hits.length, "/sok?q=" + encodeURIComponent(query), function (a) {
      a.textContent = "Visa alla träffar för ”" + query.trim() + "”";
    });
    all.className = "sokforslag-alla";
    list.appendChild(all);
    list.setAttribute("data-q", query);
    var n = data.total || 0;
    status.textContent = n === 1 ? "1 träff" : n + " träffar";
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
    fetch("/api/search?q=" + encodeURIComponent(query) + "&limit=" + LIMIT, {
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
          window.location.href = link.getAttribute("href");
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
